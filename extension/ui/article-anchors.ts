import { isAnchorHref } from '../../src/sanitize/anchors';

/**
 * A click on one of the article's own anchor links (`#user-content-…`: a table of contents, a
 * footnote; src/sanitize/anchors.ts) scrolls to its target inside the article. Why not let the
 * browser follow it: the side panel keeps its view in the URL hash (use-hash-route.ts), so a
 * followed `#…` link would close the reader. Other clicks are left alone.
 */
export function followArticleAnchor(event: MouseEvent, root: HTMLElement | null): void {
  if (!root || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  const href = link?.getAttribute('href')?.trim() ?? '';
  if (!link || !root.contains(link) || !isAnchorHref(href)) return;
  event.preventDefault();
  let id = href.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // As written.
  }
  const target = Array.from(root.querySelectorAll('[id]')).find((el) => el.id === id);
  target?.scrollIntoView({ block: 'start' });
}
