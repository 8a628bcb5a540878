/**
 * The walk: the live DOM, as rendered, written out as HTML chunks in one synchronous pass
 * (so the page cannot change under it). What can run or load goes: scripts, `<noscript>`,
 * templates, objects, embeds, `<base>`, `<meta http-equiv>`, every `<link>` but
 * stylesheets, event handler attributes, `javascript:` URLs. Links become absolute. Open
 * shadow roots (and closed ones, given `shadowRootOf`) are written as declarative shadow DOM.
 * Frames the walk can read are walked too, into sandboxed `srcdoc` iframes; others given a token
 * become placeholders for their own snapshots (stitch.ts), the rest notes.
 * The snapshot's own CSP is the first element of `<head>`. Over the byte limit, no more
 * nodes are written and a note at the end of `<body>` says the copy was cut short.
 */
import { rewriteCss } from './css';
import { escapeAttr, escapeText, escapeTimes, utf8Length } from './encode';
import {
  canvasElement, cssFits, emitChunks, emitStyle, imageElement, inputElement, linkElement, mediaElement, optionElement,
  resourceAttr, styleElement, svgStyleElement, textareaElement, type GenericOptions,
} from './elements';
import { FRAME_OMIT, FRAME_TOKEN, frameHost, frameMarker, frameNote, frameShown, framesetStyle, framesetTracks, MAX_FRAME_DEPTH } from './frames';
import { PRIORITY } from './resources';
import { absoluteHttp } from './sheets';
import { SNAPSHOT_CSP } from './types';
import { domReaders, emit, emitCss, emitIfFits, fits, HTML_NS, SVG_NS, type DomWindow, type Walk } from './walk-context';

type Mode = 'html' | 'svg' | 'math';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen', 'basefont', 'bgsound', 'frame']);
/** HTML elements left out with their content. */
const DROPPED = new Set([
  'script', 'noscript', 'template', 'object', 'embed', 'applet', 'portal', 'fencedframe',
  'base', 'param', 'noembed', 'noframes', 'source', 'track',
]);
/** SVG elements left out (lower-cased): script, foreign content, and animations that set attributes. */
const SVG_DROPPED = new Set(['script', 'foreignobject', 'set', 'handler', 'listener', 'iframe']);
const DROPPED_ATTRS = new Set([
  'nonce', 'integrity', 'ping', 'srcdoc', 'autofocus', 'lowsrc', 'dynsrc', 'crossorigin', 'referrerpolicy', 'loading',
  'fetchpriority', 'decoding', 'srcset', 'sizes', 'imagesrcset', 'imagesizes', 'http-equiv', 'attributionsrc',
  'src', 'manifest', 'data', 'codebase', 'archive', 'classid', 'formtarget',
]);
const SCRIPT_URL = /^(javascript|vbscript|livescript):/i;
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:', 'ftp:']);
const VALID_ATTR = /^[^\s"'<>/=\u0000-\u001f\u007f]+$/;
const VALID_TAG = /^[a-zA-Z][^\s/>"'<=\u0000-\u001f\u007f]*$/;
/** How deep the walk goes; deeper subtrees are left out (the HTML parser nests no deeper than 512). */
const MAX_DEPTH = 1024;

/** A link target as written in the copy: fragments kept, others absolute (http(s), mailto, tel, ftp), the rest dropped. */
function linkHref(value: string, base: string): string | null {
  const v = value.trim();
  if (v.startsWith('#')) return v;
  try {
    const url = new URL(v, base);
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function attributes(w: Walk, el: Element, name: string, mode: Mode, opts: GenericOptions): void {
  for (const [attr, raw] of w.dom.attrs(el)) {
    const lower = attr.toLowerCase();
    if (opts.omit?.has(lower) || DROPPED_ATTRS.has(lower) || lower.startsWith('on') || !VALID_ATTR.test(attr)) continue;
    if (lower === 'target' && (name === 'a' || name === 'area')) continue;
    const value = opts.overrides?.get(lower) ?? raw;
    if (SCRIPT_URL.test(value.replace(/[\u0000-\u0020\u007f]/g, ''))) continue;
    if (lower === 'style') {
      // Held to the cap as a stylesheet is: an attribute that does not fit is left out whole and counted.
      const css = rewriteCss(value, w.base, w.resolve);
      if (!cssFits(w, css, escapeAttr)) continue;
      emit(w, ' style="');
      emitCss(w, css, escapeAttr);
      emit(w, '"');
    } else if (lower === 'href' || lower === 'xlink:href') {
      if (mode === 'svg' && (name === 'image' || name === 'feImage')) emitChunks(w, resourceAttr(w, attr, value, PRIORITY.contentImage));
      else {
        const isLink = name === 'a' || name === 'area' || mode === 'math';
        const href = isLink ? linkHref(value, w.base) : mode === 'svg' && value.trim().startsWith('#') ? value.trim() : null;
        // Links open in a new window (in the viewer, refused by its sandbox) rather than replace the copy; fragments stay in it.
        if (href !== null) emitIfFits(w, ` ${attr}="${escapeAttr(href)}"${name === 'a' || name === 'area' ? ` target="${href.startsWith('#') ? '_self' : '_blank'}"` : ''}`);
      }
    } else if (lower === 'poster' || lower === 'background') {
      emitChunks(w, resourceAttr(w, attr, value, lower === 'poster' ? PRIORITY.contentImage : PRIORITY.cssImage));
    } else if (lower === 'action' || lower === 'formaction') {
      // Dropped: a copy opened outside the viewer (an export) must not post what it holds anywhere.
      continue;
    } else if (lower === 'cite') {
      const abs = absoluteHttp(value, w.base);
      if (abs) emitIfFits(w, ` ${attr}="${escapeAttr(abs)}"`);
    } else emitIfFits(w, ` ${attr}="${escapeAttr(value)}"`);
  }
}

/** Writes the children of `parent`, stopping (and marking the copy cut short) at the byte limit. */
function children(w: Walk, parent: Node, mode: Mode, depth: number): void {
  for (let n = w.dom.first(parent); n; n = w.dom.next(n)) {
    if (w.truncated || w.bytes > w.limit) {
      w.truncated = true;
      return;
    }
    const type = w.dom.type(n);
    if (type === 1) element(w, n as Element, mode, depth + 1);
    else if (type === 3 || type === 4) text(w, w.dom.text(n));
  }
}

/**
 * Writes a text node, or as much of it as the byte limit leaves room for (then the copy is cut
 * short there): a large .txt or .json page is one text node, which was written whole past the cap.
 */
function text(w: Walk, raw: string): void {
  const bytesOf = (s: string) => utf8Length(escapeTimes(escapeText(s), w.frameDepth));
  if (fits(w, raw.length, w.frameDepth + 1, () => bytesOf(raw))) return emit(w, escapeText(raw));
  // The longest prefix that fits (an escaped character is never split), then not half a surrogate pair.
  let [lo, hi] = [0, raw.length];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (w.bytes + bytesOf(raw.slice(0, mid)) <= w.limit) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0 && /[\ud800-\udbff]/.test(raw[lo - 1]!)) lo--;
  emit(w, escapeText(raw.slice(0, lo)));
  w.truncated = true;
}

/** Adopted stylesheets of a document or shadow root, as `<style>` elements. */
function adopted(w: Walk, root: Document | ShadowRoot): void {
  let sheets: readonly CSSStyleSheet[] = [];
  try {
    sheets = [...((root as { adoptedStyleSheets?: readonly CSSStyleSheet[] }).adoptedStyleSheets ?? [])];
  } catch {
    sheets = [];
  }
  for (const sheet of sheets) {
    const chunks = w.sheets.rules(sheet, w.base, []);
    if (chunks && !sheet.disabled) emitStyle(w, chunks, null);
  }
}

/** Writes an element as the page has it, attributes cleaned, shadow root and children included. */
function generic(w: Walk, el: Element, name: string, mode: Mode, depth: number, opts: GenericOptions = {}): void {
  emit(w, `<${name}`);
  attributes(w, el, name, mode, opts);
  if (opts.extra) emitChunks(w, opts.extra);
  emit(w, '>');
  if (mode === 'html' && VOID.has(name)) return;
  if (opts.content) opts.content();
  else {
    const root = mode === 'html' ? w.shadowRootOf(el) : null;
    if (root) {
      emit(w, '<template shadowrootmode="open">');
      children(w, root, 'html', depth);
      adopted(w, root);
      emit(w, '</template>');
    }
    if ((name === 'pre' || name === 'listing') && w.dom.text(el).startsWith('\n')) emit(w, '\n');
    children(w, el, mode, depth);
  }
  emit(w, `</${name}>`);
}

/** A document's address, or '' when it cannot be read. */
function docUrl(doc: Document): string {
  try {
    return String(doc.URL);
  } catch {
    return '';
  }
}

const FRAME_OMIT_STYLE: ReadonlySet<string> = new Set([...FRAME_OMIT, 'style', 'width', 'height']);

/** A kept frame's start tag, up to its `srcdoc` attribute's value: `<iframe …kept attributes… sandbox="" srcdoc="`. */
function frameStart(w: Walk, el: Element, style?: string): void {
  emit(w, '<iframe');
  attributes(w, el, 'iframe', 'html', { omit: style ? FRAME_OMIT_STYLE : FRAME_OMIT });
  emit(w, `${style ? ` style="${escapeAttr(style)}"` : ''} sandbox="" srcdoc="`);
}

/**
 * An `<iframe>` or `<frame>`: its document, when the walk may read it, snapshotted by this
 * walk into `<iframe sandbox="" srcdoc="…">` (attributes such as width, height and style kept;
 * `style` given for a frameset's frame); one of another origin given a token, the same with a
 * placeholder for its own snapshot; else a note (frames.ts).
 */
function frame(w: Walk, el: Element, style?: string): void {
  const doc = w.dom.frameDoc(el);
  if (doc && frameHost(w.dom.attr(el, 'src'), w.base) && docUrl(doc) === 'about:blank') {
    // Its page had not loaded (a lazy frame out of view, or still loading): the empty first document says nothing.
    emit(w, frameNote(w, el, 'unloaded', style));
    return;
  }
  const room = w.frameLevel + w.frameDepth < MAX_FRAME_DEPTH && w.frames.count < w.frames.max;
  const token = doc ? null : w.frameToken(el);
  if (token && FRAME_TOKEN.test(token) && room) {
    // Another origin, snapshotted in its own frame: a placeholder its snapshot replaces (stitch.ts).
    if (!frameShown(w, el)) return;
    w.frames.count++;
    w.placeholders.push({ token, depth: w.frameDepth, level: w.frameLevel + w.frameDepth + 1, host: frameHost(w.dom.attr(el, 'src'), w.base) });
    frameStart(w, el, style);
    emit(w, `${frameMarker(token)}"></iframe>`);
    return;
  }
  if (!doc || !room) {
    emit(w, frameNote(w, el, !room && (doc || token) ? 'limit' : 'origin', style));
    return;
  }
  w.frames.count++;
  let win: DomWindow | null = null;
  let base = 'about:blank';
  try {
    win = (doc.defaultView as DomWindow | null) ?? null;
    base = String(doc.baseURI || doc.URL);
  } catch {
    // Keep the defaults: links and resources that need a base are dropped.
  }
  frameStart(w, el, style);
  const child: Walk = {
    ...w, doc, win, base, dom: domReaders(win), purifySvg: w.purifierFor(win),
    out: [], bytes: w.bytes, frameDepth: w.frameDepth + 1, truncated: false,
  };
  walkDocument(child);
  for (const c of child.out) w.out.push(c);
  w.bytes = child.bytes;
  if (child.truncated) w.truncated = true;
  emit(w, '"></iframe>');
}

/** A `<frameset>` as a box of its rows (or columns), each `<frame>` an iframe filling its track. */
function frameset(w: Walk, el: Element, depth: number, style?: string): void {
  const cols = w.dom.attr(el, 'rows') === null && w.dom.attr(el, 'cols') !== null;
  const tracks = framesetTracks(w.dom.attr(el, cols ? 'cols' : 'rows'));
  emit(w, `<div data-commonplace-frameset style="${escapeAttr(framesetStyle(cols, !style) + (style ? `;${style}` : ''))}">`);
  let i = 0;
  for (let n = w.dom.first(el); n && depth < MAX_DEPTH; n = w.dom.next(n)) {
    if (w.dom.type(n) !== 1 || w.dom.ns(n as Element) !== HTML_NS || w.skip(n as Element)) continue;
    const name = w.dom.localName(n as Element);
    const track = `${tracks[i] ?? 'flex:1 1 0'};min-width:0;min-height:0`;
    if (name === 'frame' || name === 'iframe') frame(w, n as Element, `${track};border:0;width:auto;height:auto`);
    else if (name === 'frameset') frameset(w, n as Element, depth + 1, track);
    else continue;
    i++;
  }
  emit(w, '</div>');
}

function element(w: Walk, el: Element, mode: Mode, depth: number): void {
  if (depth > MAX_DEPTH || w.skip(el)) return;
  const name = w.dom.localName(el);
  const ns = w.dom.ns(el);
  if (!VALID_TAG.test(name)) return children(w, el, mode, depth);
  const g = (w2: Walk, e: Element, n: string, opts?: GenericOptions) => generic(w2, e, n, ns === SVG_NS ? 'svg' : 'html', depth, opts);
  if (ns === SVG_NS) {
    const lower = name.toLowerCase();
    if (SVG_DROPPED.has(lower) || (lower.startsWith('animate') && /href/i.test(w.dom.attr(el, 'attributeName') ?? ''))) return;
    if (mode !== 'svg') {
      // An inline SVG: cleaned by DOMPurify (on a copy) when it can be, then by the rules here.
      const clean = w.purifySvg?.(el) ?? el;
      return generic(w, clean, name, 'svg', depth);
    }
    return lower === 'style' ? svgStyleElement(w, el, g) : generic(w, el, name, 'svg', depth);
  }
  if (ns !== HTML_NS) return generic(w, el, name, 'math', depth);
  if (DROPPED.has(name)) return;
  switch (name) {
    case 'iframe': case 'frame': return frame(w, el);
    case 'frameset': return frameset(w, el, depth);
    case 'style': return styleElement(w, el);
    case 'link': return linkElement(w, el);
    case 'meta': {
      const metaName = (w.dom.attr(el, 'name') ?? '').toLowerCase();
      if (w.dom.attr(el, 'http-equiv') !== null || w.dom.attr(el, 'charset') !== null || metaName === 'referrer') return;
      return generic(w, el, 'meta', 'html', depth);
    }
    case 'img': return imageElement(w, el, g);
    case 'canvas': if (canvasElement(w, el, g)) return; break;
    case 'video': case 'audio': return mediaElement(w, el, name, g);
    case 'input': return inputElement(w, el, g);
    case 'textarea': return textareaElement(w, el, g);
    case 'option': return optionElement(w, el, g);
    case 'xmp': case 'plaintext': case 'listing': return generic(w, el, 'pre', 'html', depth);
  }
  generic(w, el, name, 'html', depth);
}

/** The elements every snapshot's `<head>` starts with: the CSP first (and, for the page, not a frame, its address). */
function headStart(doc: Document, top: boolean): string {
  const source = top && /^https?:/i.test(doc.URL) ? `<meta name="commonplace:source" content="${escapeAttr(doc.URL)}">` : '';
  return `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(SNAPSHOT_CSP)}"><meta charset="utf-8"><meta name="referrer" content="no-referrer">${source}`;
}

/** The note at the end of a copy cut short. */
export const CUT_SHORT_NOTE =
  '<div role="note" data-commonplace-note style="all:initial;display:block;margin:16px;padding:12px 16px;border:1px solid #b58a00;border-radius:6px;background:#fff8e1;color:#3d3000;font:14px/1.5 system-ui,sans-serif">' +
  'Commonplace: this archived copy reached its size limit, so the rest of the page was left out.</div>';

function doctype(doc: Document): string {
  const dt = doc.doctype;
  if (!dt) return '';
  const clean = (s: string) => s.replace(/["<>]/g, '');
  const pub = dt.publicId ? ` PUBLIC "${clean(dt.publicId)}"` : '';
  const sys = dt.systemId ? `${pub ? '' : ' SYSTEM'} "${clean(dt.systemId)}"` : '';
  return `<!DOCTYPE ${clean(dt.name).replace(/\s/g, '') || 'html'}${pub}${sys}>`;
}

/** Writes the whole document into `w.out`. */
export function walkDocument(w: Walk): void {
  const doc = w.doc;
  const root = doc.documentElement;
  const isHtml = !!root && w.dom.ns(root) === HTML_NS && w.dom.localName(root) === 'html';
  emit(w, doctype(doc));
  if (!isHtml) {
    emit(w, `<html><head>${headStart(doc, !w.frameDepth && !w.frameLevel)}</head><body>`);
    if (root) element(w, root, 'html', 1);
    emit(w, `${w.truncated ? CUT_SHORT_NOTE : ''}</body></html>`);
    return;
  }
  emit(w, '<html');
  attributes(w, root, 'html', 'html', {});
  emit(w, '>');
  const kids: Element[] = [];
  for (let n = w.dom.first(root); n; n = w.dom.next(n)) if (w.dom.type(n) === 1) kids.push(n as Element);
  const head = kids.find((k) => w.dom.localName(k) === 'head' && w.dom.ns(k) === HTML_NS);
  const body = kids.find((k) => w.dom.localName(k) === 'body' && w.dom.ns(k) === HTML_NS);
  emit(w, '<head');
  if (head) attributes(w, head, 'head', 'html', {});
  emit(w, `>${headStart(doc, !w.frameDepth && !w.frameLevel)}`);
  if (head) children(w, head, 'html', 2);
  emit(w, '</head><body');
  if (body) attributes(w, body, 'body', 'html', {});
  emit(w, '>');
  for (const k of kids) {
    if (k === body) children(w, k, 'html', 2);
    else if (k !== head) element(w, k, 'html', 2);
  }
  adopted(w, doc);
  emit(w, `${w.truncated ? CUT_SHORT_NOTE : ''}</body></html>`);
}
