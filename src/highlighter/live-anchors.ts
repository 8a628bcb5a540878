/**
 * Which selectors find a highlight on the live page, and finding them all with one text
 * model. A highlight made on the page carries `page` (selectors described on this page's
 * body); one made in the reader carries only `target`, whose position and range refer to the
 * saved copy's text and elements, not to this page: there only its quote holds.
 */
import { anchorAll, type DomAnchor } from '../anchoring/anchor';
import type { TextModel } from '../capture/text-model';
import type { HighlightView } from '../schema/highlight';
import type { HighlightTarget } from '../schema/selectors';

/**
 * The target to look for on the live page: `page` when there is one, else `target`'s quote
 * alone (no position: the saved copy's offsets would only mislead the quote search's
 * tie-break), else null (nothing to look for).
 */
export function liveTargetOf(view: Pick<HighlightView, 'page' | 'target'>): HighlightTarget | null {
  if (view.page) return view.page;
  if (!view.target) return null;
  // `anchor` reads a missing position or range as "not known" and goes by the quote (see locate in src/anchoring/anchor.ts).
  return { quote: view.target.quote, position: null, range: null } as unknown as HighlightTarget;
}

/**
 * Anchors `views` under `root` with one text model (built unless `model` is given; it must be
 * current). Results are in the order of `views`; null for each highlight not found.
 */
export function anchorOnPage(views: readonly Pick<HighlightView, 'page' | 'target'>[], root: Element, model?: TextModel): Array<DomAnchor | null> {
  const targets = views.map(liveTargetOf);
  const present = targets.filter((t): t is HighlightTarget => t !== null);
  if (present.length === 0) return views.map(() => null);
  const found = anchorAll(present, root, model ? { model } : {});
  let i = 0;
  return targets.map((t) => (t ? (found[i++] ?? null) : null));
}
