/**
 * The highlighter's one element in the page: a `<commonplace-highlighter>` attached to
 * `<html>` (outside the body, so it is never part of the text highlights anchor on), holding
 * a shadow root with the toolbar, the popover and the undo bar. Page styles cannot reach
 * inside (and `:host` resets what they could set on the element itself); the page cannot
 * read the notes shown there (the root is closed, except in test builds, where the e2e
 * tests drive it). Events from inside stop at the shadow root on their way up, so typing a
 * note never triggers the page's keyboard shortcuts; and the events that carry what is typed
 * are kept from the page's capture-phase listeners too (key-shield.ts), which heard each key
 * before it reached the root: they reach the listeners added with `onTyped` instead.
 */
import { HIGHLIGHT_COLORS } from '../../src/schema/highlight';
import { SWATCH } from './colors';
import { keyShield } from './key-shield';
import themeCss from '../ui/theme.css?inline';

/** The host element's tag. */
export const HOST_TAG = 'commonplace-highlighter';

/** The shadow root and the layer the UI is placed in (document coordinates: left/top include the scroll). */
export interface UiHost {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly layer: HTMLElement;
  /** Whether an event came from inside the UI. */
  owns(event: Event): boolean;
  /**
   * Listens to a typed event (key-shield.ts `TYPED_EVENTS`) on an element of the UI: the shield
   * hands it over from the window (it never reaches the element itself then), and an event that
   * does not leave the root (not composed) reaches the element's own listener.
   */
  onTyped(el: Element, type: 'keydown' | 'input', fn: (e: Event) => void): void;
  /**
   * Whether the page may hear what is typed into the UI: the key shield came after the page's
   * scripts (a tab open before the extension was installed or updated). The note boxes say so
   * (`exposedNotice`), with the way out: reload the page.
   */
  readonly exposed: boolean;
}

/** The line under a note box on a page that may hear typing (`UiHost.exposed`); null elsewhere. */
export function exposedNotice(ui: UiHost): HTMLElement | null {
  if (!ui.exposed) return null;
  const p = ui.host.ownerDocument.createElement('p');
  p.className = 'hint exposed';
  p.setAttribute('data-testid', 'note-exposed');
  p.textContent = 'This tab was open before Commonplace was installed or updated, so this page may see what you type here. Reload the page to keep your notes private.';
  return p;
}

/**
 * The shared design tokens (extension/ui/theme.css, light and dark), declared on the shadow host
 * instead of :root, so that the toolbar, popover and undo bar follow the same palette and the
 * system's dark mode as the extension's pages.
 */
const TOKENS = [...themeCss.matchAll(/(@media[^{]*\{\s*)?:root\s*\{[^}]*\}(\s*\})?/g)].map((m) => m[0].replace(':root', ':host')).join('\n');

const STYLE = `
:host{all:initial !important;position:absolute !important;top:0 !important;left:0 !important;width:0 !important;height:0 !important;
  overflow:visible !important;display:block !important;z-index:2147483647 !important;visibility:visible !important;opacity:1 !important}
.layer{position:absolute;top:0;left:0;width:0;height:0;font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg)}
.panel{position:absolute;box-sizing:border-box;background:var(--bg);border:1px solid var(--line);border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.25);padding:6px}
.panel[hidden]{display:none}
.row{display:flex;gap:6px;align-items:center}
button{all:unset;box-sizing:border-box;cursor:pointer;border-radius:6px;font:inherit;color:inherit}
button:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
button[disabled]{cursor:default;opacity:.5}
.swatch{width:22px;height:22px;border-radius:50%;border:2px solid var(--line)}
.swatch[aria-pressed=true]{border-color:var(--fg)}
${HIGHLIGHT_COLORS.map((c) => `.swatch[data-color=${c}]{background:${SWATCH[c]}}`).join('\n')}
.text{padding:2px 8px;border:1px solid var(--line);background:var(--chip)}
.text:hover{background:var(--hover)}
textarea{box-sizing:border-box;display:block;width:260px;min-height:56px;max-height:200px;margin-top:6px;padding:6px;resize:vertical;
  font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px}
textarea[hidden]{display:none}
.hint{margin-top:4px;color:var(--muted);font-size:12px}
.exposed{max-width:260px;margin:4px 0 0}
.exposed[hidden]{display:none}
.bar{position:fixed;left:50%;bottom:16px;transform:translateX(-50%);display:flex;gap:12px;align-items:center;padding:10px 14px;
  border-radius:8px;background:var(--fg);color:var(--bg);box-shadow:0 4px 16px rgba(0,0,0,.3)}
.bar[hidden]{display:none}
.bar button{color:var(--bg);text-decoration:underline;font-weight:600;padding:2px 6px}
`;

const hosts = new WeakMap<Document, UiHost>();

function styleRoot(root: ShadowRoot, doc: Document): void {
  try {
    const sheet = new doc.defaultView!.CSSStyleSheet();
    sheet.replaceSync(TOKENS + STYLE);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = TOKENS + STYLE;
    root.append(style);
  }
}

/** The UI host of `doc`, made on first use (and put back if the page removed it). */
export function uiHost(doc: Document): UiHost {
  let ui = hosts.get(doc);
  if (!ui) {
    const host = doc.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: import.meta.env.MODE === 'test' ? 'open' : 'closed' });
    styleRoot(root, doc);
    const layer = doc.createElement('div');
    layer.className = 'layer';
    root.append(layer);
    for (const type of ['keydown', 'keyup', 'keypress', 'input', 'mousedown', 'mouseup', 'click', 'pointerdown', 'pointerup', 'focusin', 'focusout']) {
      layer.addEventListener(type, (e) => e.stopPropagation());
    }
    const typed = new WeakMap<Element, Map<string, (e: Event) => void>>();
    // What is typed into a text field of the UI (the element focused in the root) stops at the window, handed to its listener.
    const field = () => (['textarea', 'input'].includes(root.activeElement?.localName ?? '') ? root.activeElement : null);
    const shield = doc.defaultView ? keyShield(doc.defaultView) : null;
    if (shield) {
      shield.guard(host, (e) => {
        const el = field();
        if (el) return (ev) => typed.get(el)?.get(ev.type)?.(ev);
        // Text dropped on the UI is the user's wherever it lands (a drop's target need not have the focus).
        return e.type === 'drop' ? () => undefined : null;
      });
    }
    const onTyped: UiHost['onTyped'] = (el, type, fn) => {
      typed.set(el, (typed.get(el) ?? new Map()).set(type, fn));
      el.addEventListener(type, fn);
    };
    ui = { host, root, layer, owns: (e) => e.composedPath().includes(host), onTyped, exposed: !shield?.early };
    hosts.set(doc, ui);
  }
  if (!ui.host.isConnected) doc.documentElement.append(ui.host);
  return ui;
}

/** A `<button>` with text or an accessible label. */
export function button(doc: Document, opts: { className: string; label: string; text?: string; data?: Record<string, string> }): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.className = opts.className;
  b.setAttribute('aria-label', opts.label);
  b.title = opts.label;
  if (opts.text) b.textContent = opts.text;
  for (const [k, v] of Object.entries(opts.data ?? {})) b.setAttribute(`data-${k}`, v);
  return b;
}

/**
 * Places `panel` near the viewport rectangle `near` (below it, or above when there is no room
 * below), kept inside the viewport horizontally, in document coordinates.
 */
export function place(panel: HTMLElement, near: { left: number; top: number; bottom: number }, doc: Document): void {
  const win = doc.defaultView!;
  panel.hidden = false;
  const w = panel.offsetWidth || 220;
  const h = panel.offsetHeight || 40;
  const vw = doc.documentElement.clientWidth || win.innerWidth;
  const below = near.bottom + 8;
  const top = below + h > win.innerHeight && near.top - h - 8 > 0 ? near.top - h - 8 : below;
  const left = Math.max(4, Math.min(near.left, vw - w - 4));
  panel.style.left = `${left + win.scrollX}px`;
  panel.style.top = `${top + win.scrollY}px`;
}
