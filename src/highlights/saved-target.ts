/**
 * A selection described in the reader, as a target on the saved copy's text. The reader's
 * article is the clip's stored HTML sanitised again for display; its text model is the
 * clip's text in the usual case, and then a target described there holds as it is. When
 * the two differ (media the reader replaces with text labels, a formula, an SVG drawing),
 * the target is found again in the saved text by its quote and position, and described
 * there, without a range (the reader's DOM is not the stored one).
 */
import { anchorInText, describeText } from '../anchoring/anchor';
import type { HighlightTarget } from '../schema/selectors';
import { err, ok, type Result } from '../util/result';

/**
 * `target` (described on the reader's text `readerText`) as a target on the saved text.
 *
 * Contract: returns `target` itself when the texts are equal. Otherwise re-finds it in
 * `savedText` (position, then exact quote, then approximate quote) and describes that place;
 * an error value ('no-content') when the passage is not in the saved text, e.g. it is only
 * an image's label.
 */
export function toSavedTarget(target: HighlightTarget, readerText: string, savedText: string): Result<HighlightTarget> {
  if (readerText === savedText) return ok(target);
  const found = anchorInText(savedText, target);
  if (!found) return err('no-content', 'This passage is not part of the saved text (it may be an image’s label). Select the words around it instead.');
  const described = describeText(savedText, found.start, found.end);
  return described.ok ? ok({ ...described.value, range: null }) : described;
}
