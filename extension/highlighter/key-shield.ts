/**
 * Keeps what is typed into the highlighter's note boxes from the page. Key and input events
 * are composed: they leave the closed shadow root, and a page listening in the capture phase
 * on its window or document hears each one before it reaches the box (`key`, `data`), so a
 * note typed on a page was readable by that page. The shield listens first: on the window, in
 * the capture phase, from a content script that runs at `document_start`
 * (entrypoints/key-shield.content.ts), before any script of the page. An event aimed at a
 * guarded host goes no further (`stopImmediatePropagation`: the page's later listeners on the
 * window, and every listener below it, never run; what the key types is still typed, the
 * browser's default actions being untouched), and is handed to the highlighter instead.
 *
 * A page opened before the extension was installed gets the content script later (on demand),
 * when its own capture listeners may already be in place ahead of the shield's: there the
 * shield covers only listeners added after it. Reloading the page gives full cover, and the note
 * boxes there say so (`KeyShield.early`, ui-host.ts `exposedNotice`).
 */

/** The events that carry what is typed (the key, the text; pasted and dropped text too), all composed. */
export const TYPED_EVENTS = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'textInput', 'compositionstart', 'compositionupdate', 'compositionend', 'paste', 'drop'] as const;

/** The shield of one window. */
export interface KeyShield {
  /**
   * From now on, a typed event aimed at `host` (retargeted from inside its shadow root) is
   * offered to `take`: when it returns a handler (the event is typed into a text field), the
   * event reaches that handler and nothing of the page; when null (a key on a button, say), it
   * goes on as before.
   */
  guard(host: Element, take: (e: Event) => ((e: Event) => void) | null): void;
  /**
   * Whether it was in place before any script of the page: installed by the `document_start`
   * content script. False in a page open before the extension was installed or updated, where
   * the page's own capture listeners may hear what is typed first (the UI says so: ui-host.ts).
   */
  readonly early: boolean;
}

/** Where the shield is kept: the content scripts of this extension share one global scope per frame (the isolated world). */
const SHIELD = Symbol.for('commonplace.key-shield');

/**
 * The shield of `win`, installed on first use (idempotent: both content scripts call it; the
 * first call's `trusted` and `early` stay; `early`: called at `document_start`). Only events the browser made (`isTrusted`) are handed over: one
 * the page dispatches on the host goes on as before, never reaching the UI (it could otherwise
 * press Enter in a note half typed). `trusted` is replaced only by unit tests, whose events are
 * all made by script.
 */
export function keyShield(win: Window, trusted: (e: Event) => boolean = (e) => e.isTrusted, early = false): KeyShield {
  const scope = globalThis as unknown as Record<symbol, WeakMap<Window, KeyShield> | undefined>;
  const shields = (scope[SHIELD] ??= new WeakMap());
  const existing = shields.get(win);
  if (existing) return existing;
  const guarded = new Map<EventTarget, (e: Event) => ((e: Event) => void) | null>();
  const listener = (e: Event) => {
    const handle = e.target && trusted(e) ? guarded.get(e.target)?.(e) : null;
    if (!handle) return;
    e.stopImmediatePropagation();
    handle(e);
  };
  for (const type of TYPED_EVENTS) win.addEventListener(type, listener, true);
  const shield: KeyShield = { guard: (host, take) => void guarded.set(host, take), early };
  shields.set(win, shield);
  return shield;
}
