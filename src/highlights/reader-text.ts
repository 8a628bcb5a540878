/**
 * The text model of the reader's article. The reader shows the stored HTML sanitised again
 * (src/sanitize), which puts a text label where each image or other medium was
 * (`<span class="cp-media-alt">`); the stored text has no text there. Leaving the labels
 * out of the model makes its text the clip's text, so positions described in the reader
 * hold in the saved copy, and targets stored against the saved copy land where they belong.
 */
import { textModelOf, type TextModel } from '../capture/text-model';

/** The reader sanitiser's stand-ins for media (src/sanitize/sanitize.ts, `mediaAlt`). */
const MEDIA_LABELS = 'span.cp-media-alt';

/**
 * The text model of `root` (the reader's article element) with the media labels left out.
 *
 * Contract: the labels are taken out and put back synchronously, so call it once the
 * article's HTML is in place and before any Range over it exists; the model then holds
 * while the article's DOM does not change. A position inside a label maps to the nearest
 * article text (by the model's bias). Equals the clip's text whenever the reader sanitiser
 * only replaced images (an SVG drawing or a formula with text of its own differs: callers
 * compare, see saved-target.ts).
 */
export function readerTextModel(root: Element): TextModel {
  const labels = [...root.querySelectorAll(MEDIA_LABELS)];
  const holders = labels.map((label) => {
    const holder = root.ownerDocument.createComment('');
    label.replaceWith(holder);
    return holder;
  });
  try {
    return textModelOf(root);
  } finally {
    holders.forEach((holder, i) => holder.replaceWith(labels[i]!));
  }
}
