/**
 * An open modal dialog at capture time (a cookie banner, a newsletter prompt). Dialog libraries
 * (Radix's and `aria-hidden`'s hideOthers, react-modal, Bootstrap…) mark everything outside the
 * modal `aria-hidden="true"` while it is open; Readability skips such nodes and the capture
 * profile drops them, so "Save page" stored the dialog instead of the article behind it.
 */

/** Text at most this long makes an open modal a prompt to drop, not content (a lightbox's article stays). */
const PROMPT_MAX_CHARS = 1_000;

const MODAL_SELECTOR = '[aria-modal="true"], dialog[open]';

/**
 * `doc` as the article's reader sees it once the modal is closed: a copy with `aria-hidden`
 * taken off what the modal's library hid (the siblings of the modal and of each of its
 * ancestors) and the short modals removed. `doc` itself when no modal is open. Never changes `doc`.
 */
export function withoutModals(doc: Document): Document {
  if (!doc.body || doc.querySelector(MODAL_SELECTOR) === null) return doc;
  const copy = doc.cloneNode(true) as Document;
  for (const modal of Array.from(copy.querySelectorAll(MODAL_SELECTOR))) {
    for (let el: Element | null = modal; el && el !== copy.documentElement; el = el.parentElement) {
      for (const sibling of Array.from(el.parentElement?.children ?? [])) {
        if (sibling !== el && sibling.getAttribute('aria-hidden')?.trim().toLowerCase() === 'true') sibling.removeAttribute('aria-hidden');
      }
    }
    if ((modal.textContent ?? '').trim().length <= PROMPT_MAX_CHARS) modal.remove();
  }
  return copy;
}
