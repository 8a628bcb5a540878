/**
 * The elements a snapshot writes differently from the page's markup: stylesheets (inlined),
 * images (the one the browser shows, inlined), canvases (their pixels, as an image), form
 * controls (their current values), media (the poster only) and inline SVG (cleaned).
 */
import { rewriteCss } from './css';
import { escapeAttr, escapeStyleText, escapeText, escapeTimes, utf8Length } from './encode';
import { chooseImage, PICTURE_TYPES } from './images';
import { PRIORITY } from './resources';
import { absoluteHttp } from './sheets';
import type { ResourceKind } from './mime';
import type { Chunk, ResRef } from './types';
import { emit, emitCss, emitRef, fits, type Walk } from './walk-context';

/** Writes an element through the generic path (see walk.ts), with some attributes left out or added. */
export type Generic = (w: Walk, el: Element, name: string, opts?: GenericOptions) => void;
/** How the generic path writes one element. */
export interface GenericOptions {
  /** Attributes (lower case) not to copy. */
  readonly omit?: ReadonlySet<string>;
  /** Attribute values to write instead of the page's. */
  readonly overrides?: ReadonlyMap<string, string>;
  /** Markup appended to the start tag (attributes). */
  readonly extra?: readonly Chunk[];
  /** Content to write instead of the element's children. */
  readonly content?: () => void;
}

const safe = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    return null;
  }
};

/** The attribute ` name="<data: URL>"` for an image (written only if it is inlined), or nothing when the URL is not a resource. */
export function resourceAttr(w: Walk, name: string, url: string | null, priority: number, kind: ResourceKind = 'image'): Chunk[] {
  const target = url ? w.resolve(url, w.base, kind, priority) : null;
  return target && 'res' in target ? [{ res: target.res, attr: name }] : [];
}

/** Appends extra attribute chunks, counting their bytes. */
export function emitChunks(w: Walk, chunks: readonly Chunk[]): void {
  for (const c of chunks) if (typeof c === 'string') emit(w, c);
  else emitRef(w, c);
}

/**
 * Whether CSS `chunks`, written through `escape` (and once per frame level), fit under the
 * walk's byte limit. When they do not, they are left out whole: their resource uses are dropped
 * (an image or font only they used is neither fetched nor counted) and they count as a skipped
 * stylesheet, so `<style>` elements, SVG `<style>` and `style` attributes are held to the cap
 * as a fetched sheet is, and none can take the copy past it.
 */
export function cssFits(w: Walk, chunks: readonly Chunk[], escape: (css: string) => string): boolean {
  const raw = chunks.reduce((n, c) => n + (typeof c === 'string' ? c.length : 0), 0);
  // One level of escaping more than the frames': `escape`'s own.
  const exact = () => chunks.reduce((n, c) => n + (typeof c === 'string' ? utf8Length(escapeTimes(escape(c), w.frameDepth)) : 0), 0);
  if (fits(w, raw, w.frameDepth + 1, exact)) return true;
  w.table.drop(chunks);
  w.table.countStylesheet('skipped');
  return false;
}

/**
 * A `<style>` element with `chunks` (raw CSS) as its text; left out whole, and counted as a
 * skipped stylesheet, when its CSS does not fit under the byte limit (as a fetched sheet is).
 */
export function emitStyle(w: Walk, chunks: readonly Chunk[], media: string | null): void {
  if (!cssFits(w, chunks, escapeStyleText)) return;
  emit(w, media ? `<style media="${escapeAttr(media)}">` : '<style>');
  emitCss(w, chunks, escapeStyleText);
  emit(w, '</style>');
}

/** `<style>`: the rules the browser holds (scripts may have inserted some), URLs inlined. */
export function styleElement(w: Walk, el: Element): void {
  const sheet = safe(() => (el as HTMLStyleElement).sheet as CSSStyleSheet | null);
  if (sheet?.disabled) return;
  const chunks = (sheet && w.sheets.rules(sheet, w.base, [])) ?? rewriteCss(w.dom.text(el), w.base, w.resolve);
  emitStyle(w, chunks, w.dom.attr(el, 'media'));
}

/** `<link rel=stylesheet>` becomes a `<style>` (read from the CSSOM, or fetched later); every other `<link>` goes. */
export function linkElement(w: Walk, el: Element): void {
  const rel = (w.dom.attr(el, 'rel') ?? '').toLowerCase().split(/\s+/);
  if (!rel.includes('stylesheet')) return;
  const sheet = safe(() => (el as HTMLLinkElement).sheet as CSSStyleSheet | null);
  // A `disabled` link is neither fetched nor applied (a theme switcher's other theme): its sheet is null, not a cross-origin one to fetch.
  if (sheet?.disabled || (!sheet && (rel.includes('alternate') || w.dom.attr(el, 'disabled') !== null))) return;
  const href = absoluteHttp(w.dom.attr(el, 'href'), w.base);
  const chunks = sheet ? w.sheets.rules(sheet, sheet.href ?? href ?? w.base, href ? [href] : []) : null;
  if (!chunks && !href) return;
  emitStyle(w, chunks ?? [w.sheets.later(href!, [href!])], w.dom.attr(el, 'media'));
}

/** The `srcset` of the `<source>` a `<picture>` parent would choose for `img`, if any. */
function pictureSrcset(w: Walk, img: Element): string | null {
  const parent = safe(() => img.parentElement);
  if (!parent || w.dom.localName(parent) !== 'picture') return null;
  for (let n = w.dom.first(parent); n && n !== img; n = w.dom.next(n)) {
    if (w.dom.type(n) !== 1 || w.dom.localName(n as Element) !== 'source') continue;
    const source = n as Element;
    const type = w.dom.attr(source, 'type');
    const media = w.dom.attr(source, 'media');
    if (type && !PICTURE_TYPES.test(type.trim())) continue;
    if (media && !(safe(() => w.win?.matchMedia(media).matches) ?? true)) continue;
    const set = w.dom.attr(source, 'srcset') ?? w.dom.attr(source, 'data-srcset');
    if (set) return set;
  }
  return null;
}

/** `<img>`: the image the browser shows (or the lazy one a script would show), inlined; `srcset` and `<picture>` sources go. */
export function imageElement(w: Walk, el: Element, generic: Generic): void {
  const img = el as HTMLImageElement;
  const { url, lazyAttrs } = chooseImage({
    currentSrc: safe(() => img.currentSrc) ?? '',
    loaded: safe(() => img.complete && img.naturalWidth > 0) ?? false,
    attr: (name) => w.dom.attr(el, name),
    pictureSrcset: pictureSrcset(w, el),
    width: safe(() => img.width) ?? 0,
    dpr: safe(() => w.win?.devicePixelRatio) ?? 1,
  });
  const overrides = new Map<string, string>();
  const cls = w.dom.attr(el, 'class');
  // Lazy loaders hide images until they swap the source in (lazysizes: .lazyload → .lazyloaded).
  if (lazyAttrs.length && cls) overrides.set('class', cls.replace(/\blazyload(ing)?\b/g, 'lazyloaded'));
  generic(w, el, 'img', {
    omit: new Set(['src', 'srcset', 'sizes', ...lazyAttrs]),
    overrides,
    extra: resourceAttr(w, 'src', url, PRIORITY.contentImage),
  });
}

/** `<canvas>`: its pixels as an `<img>` when the page may read them (not tainted); false to write it as it is (blank). */
export function canvasElement(w: Walk, el: Element, generic: Generic): boolean {
  const canvas = el as HTMLCanvasElement;
  const data = safe(() => (canvas.width > 0 && canvas.height > 0 ? canvas.toDataURL('image/png') : null));
  if (typeof data !== 'string' || !data.startsWith('data:image/')) return false;
  const ref: ResRef | null = w.table.local(data, 'image', PRIORITY.contentImage);
  if (!ref) return false;
  generic(w, el, 'img', { extra: [{ res: ref.res, attr: 'src' }], content: () => undefined });
  return true;
}

/**
 * `<video>`, `<audio>`: the element, its poster, and the media it plays inlined as its `src`
 * (after every image and font, while the cap allows, as any resource: at most
 * `maxResourceBytes`), with controls, since nothing in a snapshot may script it; never
 * autoplaying. `<source>` and `<track>` children go. A stream (MediaSource) cannot be read:
 * the poster stays alone.
 */
export function mediaElement(w: Walk, el: Element, name: string, generic: Generic): void {
  const extra = resourceAttr(w, 'src', mediaSource(w, el), PRIORITY.media, 'media');
  if (extra.length > 0 && w.dom.attr(el, 'controls') === null) extra.push(' controls');
  generic(w, el, name, { omit: new Set(['src', 'autoplay']), extra, content: () => undefined });
}

/** What a media element plays: the browser's choice (`currentSrc`), else its `src`, else its first `<source>` the browser could play (else its first). */
function mediaSource(w: Walk, el: Element): string | null {
  const current = safe(() => (el as HTMLMediaElement).currentSrc);
  if (current) return current;
  const src = w.dom.attr(el, 'src');
  if (src) return src;
  let first: string | null = null;
  for (let n = w.dom.first(el); n; n = w.dom.next(n)) {
    if (w.dom.type(n) !== 1 || w.dom.localName(n as Element) !== 'source') continue;
    const url = w.dom.attr(n as Element, 'src');
    if (!url) continue;
    const type = w.dom.attr(n as Element, 'type');
    if (!type || safe(() => (el as HTMLMediaElement).canPlayType(type))) return url;
    first ??= url;
  }
  return first;
}

/** `<input>`: its current value or checkedness; never a password's or a hidden field's value. */
export function inputElement(w: Walk, el: Element, generic: Generic): void {
  const input = el as HTMLInputElement;
  const type = (w.dom.attr(el, 'type') ?? 'text').trim().toLowerCase();
  const extra: Chunk[] = [];
  if (type === 'checkbox' || type === 'radio') {
    if (safe(() => input.checked)) extra.push(' checked');
  } else if (type === 'image') {
    extra.push(...resourceAttr(w, 'src', w.dom.attr(el, 'src'), PRIORITY.contentImage));
  } else if (type !== 'password' && type !== 'hidden' && type !== 'file') {
    const value = safe(() => input.value);
    if (typeof value === 'string' && value !== '') extra.push(` value="${escapeAttr(value)}"`);
  }
  generic(w, el, 'input', { omit: new Set(['value', 'checked', 'src']), extra });
}

/** `<textarea>`: its current text. */
export function textareaElement(w: Walk, el: Element, generic: Generic): void {
  const value = safe(() => (el as HTMLTextAreaElement).value) ?? w.dom.text(el);
  generic(w, el, 'textarea', { content: () => emit(w, (value.startsWith('\n') ? '\n' : '') + escapeText(value)) });
}

/** `<option>`: selected as it is now. */
export function optionElement(w: Walk, el: Element, generic: Generic): void {
  generic(w, el, 'option', { omit: new Set(['selected']), extra: safe(() => (el as HTMLOptionElement).selected) ? [' selected'] : [] });
}

/**
 * `<style>` inside SVG: its text (SVG's is not raw text: entities apply), URLs inlined; left out
 * whole, and counted as a skipped stylesheet, when it does not fit under the byte limit.
 */
export function svgStyleElement(w: Walk, el: Element, generic: Generic): void {
  const chunks = rewriteCss(w.dom.text(el), w.base, w.resolve);
  if (cssFits(w, chunks, escapeText)) generic(w, el, 'style', { content: () => emitCss(w, chunks, escapeText) });
}
