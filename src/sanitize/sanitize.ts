import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier, UponSanitizeAttributeHookEvent } from 'dompurify';
import { absolute, absoluteSrcset } from './absolute-url';
import { videoLink } from './video-embeds';
import {
  FORBIDDEN_TAGS, FORBIDDEN_CONTENTS, FORBIDDEN_ATTRS, READER_TAGS, READER_ATTRS, MEDIA_ALT_CLASS, MEDIA_PLACEHOLDERS, URL_ATTRS, CAPTURE_HREF_SCHEMES, CAPTURE_SRC_SCHEMES, READER_HREF_SCHEMES, PLAIN_TEXT_ATTRS, LEADING_NEWLINE_TAGS,
} from './rules';
import { isAnchorHref, isAnchorId, linkAnchors, newAnchorNotes, noteLink, noteReference, noteTarget, resetAnchorNotes, type AnchorNotes } from './anchors';

/**
 * Two DOMPurify profiles. Capture: what Commonplace stores (structure, images and
 * absolute URLs kept, anything active dropped). Reader: what an extension page shows
 * (no input trusted; nothing that can run script or fetch anything survives).
 * The Window is a parameter so the same code runs on jsdom, in content scripts,
 * offscreen documents and extension pages; DOMPurify parses into its own inert
 * document, so sanitising never loads a resource.
 */
/** A window with its DOM constructors: the browser's `window`, or a jsdom window. */
export type DomWindow = Window & typeof globalThis;

export interface Sanitizer {
  /** Capture profile: see `createSanitizer`. */
  sanitizeCapture(html: string, baseUrl: string): string;
  /**
   * Capture profile, returning the sanitised body (of an inert document, where nothing loads) instead of its HTML.
   * `documentUrl`: the page the HTML is from, whose in-document links stay in the article (anchors.ts).
   */
  sanitizeCaptureDom(html: string, baseUrl: string, documentUrl?: string): HTMLElement;
  /** Reader profile: see `createSanitizer`. */
  sanitizeForReader(html: string): string;
  /**
   * Reader profile, also listing the images and inline SVG drawings it replaced: the
   * placeholder of `media[i]` carries `data-media="i"`, so the reader can show saved images.
   */
  sanitizeForReaderMedia(html: string): { html: string; media: ReaderMedia[] };
}

/**
 * An image or inline SVG drawing the reader profile replaced by its text label: an `<img>`'s
 * (or `<picture>`'s) `src` as stored, or an inline `<svg>`'s markup (to show through
 * `sanitizeSvg`, as an image). Never loaded by the sanitiser.
 */
export type ReaderMedia = { readonly kind: 'image'; readonly src: string; readonly alt: string } | { readonly kind: 'svg'; readonly markup: string };

/** Reads an element's name and attributes through the prototypes, so a clobbered `<form>` can't lie. */
function domReaders(win: DomWindow) {
  const nodeName = Object.getOwnPropertyDescriptor(win.Node.prototype, 'nodeName')?.get;
  const nodeType = Object.getOwnPropertyDescriptor(win.Node.prototype, 'nodeType')?.get;
  const getAttr = win.Element.prototype.getAttribute;
  const hasAttrs = win.Element.prototype.hasAttributes;
  return {
    tag: (n: Node): string => String(nodeName ? nodeName.call(n) : n.nodeName).toLowerCase(),
    isElement: (n: Node): n is Element => (nodeType ? nodeType.call(n) : n.nodeType) === 1,
    attr: (el: Element, name: string): string | null => getAttr.call(el, name),
    hasAttributes: (el: Element): boolean => hasAttrs.call(el),
  };
}

/**
 * An inline style that hides its element (`display: none`, `visibility: hidden`): the profiles
 * drop `style`, which would show what the page hides (a sort key, a collapsed panel, MediaWiki's
 * MathML copy of a formula it shows as a picture). Readability skips such nodes the same way.
 */
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!\s*important\s*)?(?:;|$)/i;

/**
 * A formula's picture that MediaWiki marks `aria-hidden` (screen readers read its MathML copy,
 * which is hidden by style): what a reader sees, so kept, as Readability keeps it (its `fallback-image` rule).
 */
function isFallbackImage(el: Element, tag: string, attr: (el: Element, name: string) => string | null): boolean {
  return tag === 'img' && (attr(el, 'class') ?? '').includes('fallback-image');
}

/** Both profiles drop hidden content; `hidden=until-found` is findable collapsed text, so it is kept and shown. */
function isHidden(el: Element, tag: string, attr: (el: Element, name: string) => string | null): boolean {
  const hidden = attr(el, 'hidden');
  if (hidden !== null && hidden.trim().toLowerCase() !== 'until-found') return true;
  if (HIDING_STYLE.test(attr(el, 'style') ?? '')) return true;
  return (attr(el, 'aria-hidden') ?? '').trim().toLowerCase() === 'true' && !isFallbackImage(el, tag, attr);
}

function commonConfig(): Config {
  return {
    FORBID_TAGS: [...FORBIDDEN_TAGS],
    ADD_FORBID_CONTENTS: [...FORBIDDEN_CONTENTS],
    FORBID_ATTR: [...FORBIDDEN_ATTRS],
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
  };
}

function createCapturePurifier(win: DomWindow, state: { base: string | null; anchors: AnchorNotes }): Purifier {
  const purify = DOMPurify(win);
  const dom = domReaders(win);
  purify.setConfig({
    ...commonConfig(),
    USE_PROFILES: { html: true, svg: true, mathMl: true },
    // The body of DOMPurify's own inert document: callers serialise it and read its text without a re-parse.
    RETURN_DOM: true,
  });
  purify.addHook('beforeSanitizeElements', (node) => {
    if (!dom.isElement(node) || !dom.hasAttributes(node)) return;
    const tag = dom.tag(node);
    if (tag === 'form') return;
    const video = tag === 'iframe' ? videoLink(node, dom.attr, state.base) : null;
    if (isHidden(node, tag, dom.attr)) node.remove();
    else if (video) node.replaceWith(video);
    // Stored without its class: the reader profile would take the kept picture for a hidden one.
    else if (isFallbackImage(node, tag, dom.attr)) node.removeAttribute('aria-hidden');
  });
  keepLeadingNewlines(purify, dom);
  // Ids and `<a name>`s are dropped below: noted first, for the in-document links that name them.
  purify.addHook('beforeSanitizeAttributes', (el) => {
    if (dom.isElement(el) && dom.hasAttributes(el)) noteTarget(state.anchors, el, dom.tag(el), dom.attr);
  });
  purify.addHook('afterSanitizeAttributes', (el) => {
    const attrs = el.attributes;
    // Most elements keep no attribute at all (class, id and style are forbidden): nothing to check.
    if (attrs.length === 0) return;
    const tag = dom.tag(el);
    if (tag === 'form') return;
    // One pass over a snapshot (removing while iterating a live NamedNodeMap skips entries).
    for (const attr of Array.from(attrs)) {
      const name = attr.name;
      const value = attr.value;
      // `hidden` is dropped (hidden content was removed above; until-found content is shown).
      // SVG paint attributes (fill, filter, mask, …) may reference other documents: only in-page `url(#id)` stays.
      if (name === 'hidden' || (value.includes('(') && !PLAIN_TEXT_ATTRS.has(name) && /url\s*\((?![\s'"]*#)/i.test(value))) {
        el.removeAttributeNode(attr);
        continue;
      }
      if (tag !== 'a') noteReference(state.anchors, el, name, value.trim());
      if (!URL_ATTRS.has(name)) continue;
      const raw = value.trim();
      let next: string | null;
      if (name === 'srcset') next = absoluteSrcset(raw, state.base);
      else if (name === 'src' && tag === 'img' && /^data:image\//i.test(raw)) next = raw;
      else if (name === 'href' || name === 'xlink:href') {
        if (tag === 'a' && name === 'href') noteLink(state.anchors, el, raw, state.base);
        next = absolute(raw, state.base, CAPTURE_HREF_SCHEMES);
      }
      else next = absolute(raw, state.base, CAPTURE_SRC_SCHEMES);
      if (next === null) el.removeAttributeNode(attr);
      else if (next !== value) attr.value = next;
    }
  });
  return purify;
}

function createReaderPurifier(win: DomWindow, collect: { media: ReaderMedia[] | null }): Purifier {
  const purify = DOMPurify(win);
  const dom = domReaders(win);
  // Our own placeholders: only they may carry `data-media` (a stored article cannot forge one).
  const ours = new WeakSet<Element>();
  purify.setConfig({
    ...commonConfig(),
    // `class` is allowed only on our own placeholders (see the attribute hook).
    FORBID_ATTR: FORBIDDEN_ATTRS.filter((a) => a !== 'class'),
    ALLOWED_TAGS: [...READER_TAGS],
    ALLOWED_ATTR: [...READER_ATTRS],
  });
  purify.addHook('beforeSanitizeElements', (node) => {
    if (!dom.isElement(node)) return;
    const tag = dom.tag(node);
    if (tag === 'form') return;
    if (isHidden(node, tag, dom.attr)) {
      node.remove();
      return;
    }
    const placeholder = MEDIA_PLACEHOLDERS[tag];
    if (placeholder) {
      const alt = mediaAlt(node, tag, placeholder, dom.attr);
      const media = collect.media && mediaOf(node, tag, dom.attr, alt.textContent ?? '');
      if (media) {
        alt.setAttribute('data-media', String(collect.media!.push(media) - 1));
        ours.add(alt);
      }
      node.replaceWith(alt);
    } else if (tag === 'source' || tag === 'track') {
      node.remove();
    }
  });
  keepLeadingNewlines(purify, dom);
  purify.addHook('uponSanitizeAttribute', (node: Element, data: UponSanitizeAttributeHookEvent) => {
    // An anchor of the article (src/sanitize/anchors.ts): prefixed, so it names no global of the page.
    if (data.attrName === 'id') data.forceKeepAttr = isAnchorId(data.attrValue) || undefined;
    if (data.attrName !== 'class' && data.attrName !== 'data-kind' && data.attrName !== 'data-media') return;
    const isPlaceholder = dom.tag(node) === 'span' && dom.attr(node, 'class') === MEDIA_ALT_CLASS;
    const valid = data.attrName === 'data-kind' ? /^[a-z]{1,10}$/.test(data.attrValue) : data.attrName === 'data-media' ? ours.has(node) : true;
    data.keepAttr = isPlaceholder && valid;
  });
  purify.addHook('afterSanitizeAttributes', (el) => {
    // Inert here (no style survives), but nothing CSS-like is left for a later consumer to misuse.
    for (const attr of Array.from(el.attributes)) {
      if (!PLAIN_TEXT_ATTRS.has(attr.name) && /url\s*\(/i.test(attr.value)) el.removeAttributeNode(attr);
    }
    if (dom.tag(el) !== 'a') return;
    const href = el.getAttribute('href');
    if (href === null || isAnchorHref(href.trim())) return;
    const safe = absolute(href.trim(), null, READER_HREF_SCHEMES);
    if (safe === null) {
      el.removeAttribute('href');
      return;
    }
    el.setAttribute('href', safe);
    el.setAttribute('target', '_blank');
    el.setAttribute('rel', 'noopener noreferrer');
  });
  return purify;
}

/** What a replaced image or inline SVG was, for `sanitizeForReaderMedia` (null: nothing the reader can show). */
function mediaOf(el: Element, tag: string, attr: (el: Element, name: string) => string | null, alt: string): ReaderMedia | null {
  if (tag === 'svg') return { kind: 'svg', markup: el.outerHTML };
  const img = tag === 'img' ? el : tag === 'picture' ? el.querySelector('img') : null;
  const src = img ? (attr(img, 'src') ?? '').trim() : '';
  return src ? { kind: 'image', src, alt } : null;
}

/** The span that stands in for media in the reader: alt text (or a label), never a URL. */
function mediaAlt(
  el: Element,
  tag: string,
  [kind, fallback]: readonly [string, string],
  attr: (el: Element, name: string) => string | null,
): Element {
  const doc = el.ownerDocument;
  const span = doc.createElement('span');
  span.setAttribute('class', MEDIA_ALT_CLASS);
  span.setAttribute('data-kind', kind);
  let label: string | null = null;
  if (tag === 'img') label = attr(el, 'alt');
  else if (tag === 'picture') label = el.querySelector('img')?.getAttribute('alt') ?? null;
  else if (tag === 'math') label = attr(el, 'alttext');
  else if (tag === 'svg') label = attr(el, 'aria-label') ?? el.querySelector('title')?.textContent ?? null;
  else label = attr(el, 'aria-label') ?? attr(el, 'title');
  const text = (label ?? '').replace(/\s+/g, ' ').trim();
  span.textContent = text === '' ? fallback : text;
  return span;
}

/**
 * Builds the two sanitising profiles on `win` (a browser window or a jsdom window).
 *
 * `sanitizeCapture(html, baseUrl)` — what Commonplace stores. Removes script, style,
 * noscript, template, frames (a known video site's player becomes a link to the video:
 * video-embeds.ts), object/embed/applet, form controls, link/meta/base,
 * dialog and elements hidden with `hidden`, `aria-hidden="true"` (not MediaWiki's formula
 * pictures, whose `aria-hidden` goes instead) or an inline `display: none` / `visibility:
 * hidden` (the style goes, so they would show); all event handlers,
 * `style`, `class`, `id` (but see anchors.ts), `name` and `target` attributes; javascript:/vbscript:/data:
 * URLs (a `data:image/…` img src may stay). Makes every href/src/srcset/poster/cite
 * absolute against `baseUrl`, so the stored HTML does not depend on where it came from,
 * except a link into the same document whose target is kept: `#user-content-<id>`, its
 * target keeping that id (anchors.ts).
 *
 * `sanitizeForReader(html)` — what an extension page may show. Trusts nothing (stored
 * HTML can come from another device or an import): applies an allowlist of inert
 * text and structure elements, replaces every img/picture/svg/video/audio/iframe/math
 * with `<span class="cp-media-alt" data-kind="…">alt text</span>`, keeps only
 * `user-content-` ids and links to them (the article's own anchors, anchors.ts) and
 * absolute http(s)/mailto links, and opens the latter in a new tab with
 * `rel="noopener noreferrer"`. The output has no element or attribute that can run
 * script or fetch anything (text content is kept as text and may mention anything).
 *
 * Why a factory: DOMPurify needs a Window, and hooks are per instance, so each
 * profile gets its own instance with its own hooks.
 */
/**
 * Makes the serialised HTML parse back to this tree, in both profiles: a parser drops a newline
 * right after `<pre>` (`<listing>`, `<textarea>`), so one that starts with a newline (its first
 * child removed: a comment, a line-number gutter) gets one more, else a later parse loses a line
 * of it. A text node is visited after the nodes before it are removed, so its place is final.
 */
function keepLeadingNewlines(purify: Purifier, dom: ReturnType<typeof domReaders>): void {
  purify.addHook('afterSanitizeElements', (node) => {
    if (node.nodeType !== 3 || node.previousSibling !== null || !(node as Text).data.startsWith('\n')) return;
    const parent = node.parentNode;
    if (parent && dom.isElement(parent) && LEADING_NEWLINE_TAGS.has(dom.tag(parent))) (node as Text).data = `\n${(node as Text).data}`;
  });
}

export function createSanitizer(win: DomWindow): Sanitizer {
  const captureState = { base: null as string | null, anchors: newAnchorNotes() };
  const capture = createCapturePurifier(win, captureState);
  // Built on first use: content scripts only capture, and each profile costs ~1 ms to set up per page.
  let reader: Purifier | null = null;
  const collect: { media: ReaderMedia[] | null } = { media: null };
  const sanitizeCaptureDom = (html: string, baseUrl: string, documentUrl?: string): HTMLElement => {
    try {
      captureState.base = new URL(baseUrl).href;
    } catch {
      captureState.base = null;
    }
    resetAnchorNotes(captureState.anchors, documentUrl ?? null);
    try {
      const body = capture.sanitize(html) as unknown as HTMLElement;
      linkAnchors(body, captureState.anchors);
      return body;
    } finally {
      captureState.base = null;
      resetAnchorNotes(captureState.anchors, null);
    }
  };
  return {
    sanitizeCapture: (html, baseUrl) => sanitizeCaptureDom(html, baseUrl).innerHTML,
    sanitizeCaptureDom,
    sanitizeForReader(html: string): string {
      reader ??= createReaderPurifier(win, collect);
      return reader.sanitize(html);
    },
    sanitizeForReaderMedia(html: string) {
      reader ??= createReaderPurifier(win, collect);
      const media: ReaderMedia[] = [];
      collect.media = media;
      try {
        return { html: reader.sanitize(html), media };
      } finally {
        collect.media = null;
      }
    },
  };
}
