/**
 * The page events the highlighter listens to, in the capture phase on the window (a page
 * stopping propagation cannot hide them) and passively (it never cancels the page's own):
 * a selection made with the mouse or keyboard (debounced), a click that may land on a
 * highlight, a press elsewhere, and Escape. Events from the highlighter's own UI are ignored.
 */
/** How long a selection must stay put before the toolbar shows. */
export const SELECT_DEBOUNCE_MS = 200;

/** What the highlighter does with the page's events. */
export interface PageEventHandlers {
  /** The selection may have changed (a mouse release or key release, debounced). */
  selectionSettled(): void;
  /** A primary click outside links and form fields, with no text selected: maybe on a highlight. */
  clicked(x: number, y: number, target: EventTarget | null): void;
  /** A press outside the highlighter's UI, or Escape: close what is open. */
  dismiss(): void;
}

const INTERACTIVE = 'a[href], button, input, textarea, select, label, summary, [contenteditable]:not([contenteditable=false])';

/** Starts listening (`owns`: whether an event comes from the highlighter's own UI); returns the function that stops. */
export function listenToPage(doc: Document, owns: (e: Event) => boolean, on: PageEventHandlers): () => void {
  const win = doc.defaultView!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settle = () => {
    clearTimeout(timer);
    timer = setTimeout(on.selectionSettled, SELECT_DEBOUNCE_MS);
  };
  const listeners: Array<[string, (e: Event) => void]> = [
    ['mouseup', (e) => !owns(e) && settle()],
    [
      'keyup',
      (e) => {
        if (owns(e)) return;
        if ((e as KeyboardEvent).key === 'Escape') on.dismiss();
        else settle();
      },
    ],
    ['keydown', (e) => (e as KeyboardEvent).key === 'Escape' && on.dismiss()],
    ['mousedown', (e) => !owns(e) && on.dismiss()],
    [
      'click',
      (e) => {
        const m = e as MouseEvent;
        if (owns(e) || m.button !== 0) return;
        if (!doc.getSelection()?.isCollapsed) return;
        const target = m.target as Element | null;
        if (target instanceof win.Element && target.closest(INTERACTIVE)) return;
        on.clicked(m.clientX, m.clientY, m.target);
      },
    ],
  ];
  for (const [type, fn] of listeners) win.addEventListener(type, fn, { capture: true, passive: true });
  return () => {
    clearTimeout(timer);
    for (const [type, fn] of listeners) win.removeEventListener(type, fn, { capture: true });
  };
}
