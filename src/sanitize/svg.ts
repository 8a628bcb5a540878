/**
 * SVG documents made inert for storing and showing: DOMPurify's SVG profile (no script, no
 * `foreignObject`, no event handler, no animation that rewrites attributes), and nothing that
 * refers outside the file (`href`s other than `#fragment` or an inline raster `data:` image,
 * `url(…)` other than `url(#id)`, `@import`, `image-set(…)`, read after CSS escapes are decoded). Runs where there is a DOM: the offscreen document
 * or Firefox's background page (saved images), an extension page (inline SVG in the reader).
 */
import DOMPurify from 'dompurify';
import type { DomWindow } from './sanitize';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** SVG elements that load or run things, or rewrite attributes at run time. */
const FORBIDDEN = ['script', 'foreignobject', 'iframe', 'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'set', 'discard', 'handler', 'listener', 'audio', 'video', 'canvas'];
const INLINE_RASTER = /^data:image\/(png|jpeg|gif|webp|avif);/i;
/** CSS that refers outside the file: `@import`, `url(` other than `url(#id)`, `image-set(` (with or without a prefix), `image(`, `src(`, `cross-fade(`, `element(`. */
const REMOTE_CSS = /@import|url\s*\((?![\s'"]*#)|image-set\s*\(|(?:^|[^\w-])(?:image|src|cross-fade|element)\s*\(/i;

/** CSS as the browser reads it for that test: comments out, escapes (`\69` for i, `\72` for r) decoded. */
function cssAsRead(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff) || 0xfffd))
    .replace(/\\(.)/g, '$1');
}

/** Whether CSS (a stylesheet, a style attribute, a presentation attribute's value) refers to anything outside the file. */
export function refersOutside(css: string): boolean {
  return REMOTE_CSS.test(cssAsRead(css));
}

/**
 * A function that sanitises an SVG document's markup on `win` and answers it serialised as
 * a standalone SVG file (with its namespace), or null when the markup holds no `<svg>`.
 * Parsing is HTML's (entities of a DTD are never expanded).
 */
export function createSvgSanitizer(win: DomWindow): (svg: string) => string | null {
  const purify = DOMPurify(win);
  purify.setConfig({
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS: [...FORBIDDEN],
    FORBID_ATTR: ['xml:base', 'externalresourcesrequired'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  purify.addHook('uponSanitizeElement', (node, data) => {
    // A stylesheet may import or point at anything: keep it only without remote references.
    if (data.tagName === 'style' && refersOutside(node.textContent ?? '')) node.textContent = '';
  });
  purify.addHook('afterSanitizeAttributes', (el) => {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim();
      if (name.startsWith('on') || refersOutside(value)) el.removeAttributeNode(attr);
      else if ((name === 'href' || name === 'xlink:href' || name === 'src') && !value.startsWith('#') && !(el.localName.toLowerCase() === 'image' && INLINE_RASTER.test(value))) el.removeAttributeNode(attr);
    }
  });
  return (svg) => {
    const fragment = purify.sanitize(svg) as unknown as DocumentFragment;
    const root = Array.from(fragment.childNodes).find((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === SVG_NS && (n as Element).localName === 'svg');
    if (!root) return null;
    return new win.XMLSerializer().serializeToString(root);
  };
}
