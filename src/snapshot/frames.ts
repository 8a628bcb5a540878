/**
 * Frames in a snapshot. A frame whose document the walk can read (same origin) is kept as
 * `<iframe sandbox="" srcdoc="…">`, its document snapshotted by the same walk (walk.ts); one
 * it cannot read (cross-origin) but was given a token, the same with a marker for its own
 * snapshot (stitch.ts); one it cannot read otherwise, or past the limits below, becomes a
 * visible note of the frame's size saying what was not kept. A `<frameset>` becomes a box of the same rows or
 * columns, its `<frame>`s iframes.
 */
import { escapeAttr, escapeText } from './encode';
import type { Walk } from './walk-context';

/** Frames inside frames deeper than this are not kept (the page is level 0). */
export const MAX_FRAME_DEPTH = 4;
/** At most this many frames are kept in one snapshot, nested ones included. */
export const MAX_FRAMES = 50;

/** A frame token (extension/snapshot/frame-tokens.ts): 32 lower-case hex digits. */
export const FRAME_TOKEN = /^[0-9a-f]{32}$/;

/**
 * The marker a placeholder frame's `srcdoc` holds until its snapshot is stitched in: letters,
 * digits and hyphens only, which attribute-escaping leaves as they are at any depth.
 */
export function frameMarker(token: string): string {
  return `cpframe-${token}-`;
}

/** Every `frameMarker` in a text (global: for `matchAll` and `replace`, which start from the beginning). */
export const FRAME_MARKERS = /cpframe-[0-9a-f]{32}-/g;

/** Attributes of a kept frame not copied: the copy sets its own sandbox, and nothing else may widen it. */
export const FRAME_OMIT: ReadonlySet<string> = new Set([
  'sandbox', 'allow', 'allowfullscreen', 'allowpaymentrequest', 'allowtransparency', 'csp', 'credentialless', 'name',
  'longdesc', 'noresize', 'browsingtopics', 'privatetoken', 'adauctionheaders', 'sharedstoragewritable',
]);

const NOTE_STYLE =
  'all:initial;box-sizing:border-box;display:inline-flex;align-items:center;justify-content:center;max-width:100%;' +
  'padding:12px 16px;border:1px dashed #8a8a8a;border-radius:6px;background:#f4f4f4;color:#333;font:14px/1.5 system-ui,sans-serif;text-align:center;overflow:hidden';

/** A CSS length from a frame's `width`/`height` attribute (pixels or a percentage), or null. */
function length(value: string | null): string | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)/.exec(value ?? '');
  return m ? `${m[1]}${m[2] || 'px'}` : null;
}

/** The host a frame's `src` names, or null (no src, about:blank, not a URL). */
export function frameHost(src: string | null, base: string): string | null {
  if (!src?.trim()) return null;
  try {
    const url = new URL(src, base);
    return /^https?:$/.test(url.protocol) ? url.host : null;
  } catch {
    return null;
  }
}

/** The frame's size on screen, or null when the window does no layout (jsdom: every box is 0×0). */
function rendered(w: Walk, el: Element): { width: number; height: number } | null {
  try {
    const rect = w.win?.Element?.prototype.getBoundingClientRect;
    const root = w.doc.documentElement;
    if (!rect || !root || rect.call(root).width <= 0) return null;
    const r = rect.call(el);
    return { width: Math.round(r.width), height: Math.round(r.height) };
  } catch {
    return null;
  }
}

/** Whether a frame shows: not hidden, nor 0 or 1 pixel wide or high (trackers). */
export function frameShown(w: Walk, el: Element): boolean {
  const box = rendered(w, el);
  if (box) return box.width > 1 && box.height > 1;
  return !/^\s*[01](\D|$)/.test(w.dom.attr(el, 'width') ?? '') && !/^\s*[01](\D|$)/.test(w.dom.attr(el, 'height') ?? '');
}

/** The sentence a frame not kept is noted with. */
export function frameNoteText(host: string | null, why: 'origin' | 'limit' | 'unloaded' | 'size'): string {
  const what = host ? `Embedded content from ${host}` : 'Embedded content';
  const reason = { origin: '', limit: ' (too many frames)', unloaded: ' (it had not loaded)', size: ' (over the size limit)' }[why];
  return `${what} was not kept${reason}.`;
}

/** The note element (`style`: its size and more, after the note's own look). */
export function noteElement(text: string, style: string): string {
  return `<div role="note" data-commonplace-frame style="${escapeAttr(`${NOTE_STYLE};${style}`)}">${escapeText(text)}</div>`;
}

/**
 * The note a frame that was not kept becomes, as big as the frame is on screen (else its
 * `width` and `height` attributes; 300×150, a frame's default, without them), or '' for a
 * frame that does not show (hidden, or 0 or 1 pixel wide or high: trackers).
 */
export function frameNote(w: Walk, el: Element, why: 'origin' | 'limit' | 'unloaded', style?: string): string {
  if (!frameShown(w, el)) return '';
  const host = frameHost(w.dom.attr(el, 'src'), w.base);
  const box = rendered(w, el);
  const width = w.dom.attr(el, 'width');
  const height = w.dom.attr(el, 'height');
  const size = style ?? (box ? `width:${box.width}px;height:${box.height}px` : `width:${length(width) ?? '300px'};height:${length(height) ?? '150px'}`);
  return noteElement(frameNoteText(host, why), size);
}

/** Flex sizes of a frameset's `rows` or `cols` (`20%`, `100`, `*`, `2*`), one per frame. */
export function framesetTracks(spec: string | null): string[] {
  return (spec ?? '*').split(',').map((part) => {
    const t = part.trim();
    const star = /^(\d*(?:\.\d+)?)\s*\*$/.exec(t);
    if (star) return `flex:${star[1] ? Number(star[1]) || 1 : 1} 1 0`;
    const len = length(t);
    return len ? `flex:0 0 ${len}` : 'flex:1 1 0';
  });
}

/** The style of the box a `<frameset>` becomes (the outermost one fills the view). */
export function framesetStyle(cols: boolean, outermost: boolean): string {
  return `display:flex;flex-direction:${cols ? 'row' : 'column'};${outermost ? 'position:fixed;inset:0;' : 'flex:1 1 0;'}margin:0;padding:0;min-width:0;min-height:0`;
}
