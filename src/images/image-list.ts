/**
 * The images of a stored article, read from its HTML without a DOM (the background of
 * Chromium is a service worker), in document order. The HTML is the capture sanitiser's
 * serialisation (src/sanitize): tags well formed, attribute values double-quoted with `&`,
 * `"`, no-break spaces (and, in newer browsers, `<` and `>`) escaped, no comments that
 * could hide a tag, no script or style. A reading of any other HTML is best effort.
 */

/** One image of an article: its `src` exactly as the stored `<img src>` has it, and its alt text. */
export interface ArticleImage {
  readonly src: string;
  readonly alt: string;
}

/** At most this many distinct images of one article are saved (the rest are left out with that reason). */
export const MAX_IMAGES_PER_CLIP = 300;

const NAMED: Readonly<Record<string, string>> = { amp: '&', quot: '"', lt: '<', gt: '>', nbsp: '\u00a0', apos: "'", '#39': "'" };

/**
 * Decodes the character references a serialiser writes (named ones above, decimal and hex).
 * A numeric reference to a code point no string may hold (0, a surrogate half, past U+10FFFF)
 * becomes U+FFFD, as the HTML spec decodes it: HTML not written by our sanitiser could
 * otherwise put a lone surrogate into an image's src or alt (not well-formed UTF-16, which
 * `TextEncoder` and JSON consumers silently turn into something else).
 */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** The attributes of the start tag whose name ends at `at` in `html`, and where the tag ends. */
function readAttributes(html: string, at: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  let i = at;
  const n = html.length;
  while (i < n) {
    while (i < n && /[\s/]/.test(html[i]!)) i++;
    if (i >= n || html[i] === '>') return { attrs, end: i + 1 };
    const nameStart = i;
    while (i < n && !/[\s/>=]/.test(html[i]!)) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < n && /\s/.test(html[i]!)) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && /\s/.test(html[i]!)) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? n : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const start = i;
        while (i < n && !/[\s>]/.test(html[i]!)) i++;
        value = html.slice(start, i);
      }
    }
    if (name && !attrs.has(name)) attrs.set(name, decodeEntities(value));
  }
  return { attrs, end: n };
}

/** Whether an image source can be saved: an http(s) URL, or a `data:image/…` URL. */
export function isSavableSrc(src: string): boolean {
  return /^https?:\/\//i.test(src) || /^data:image\//i.test(src);
}

/**
 * The distinct savable images of `html` (`<img src>` of http(s) or `data:image/` URLs), in
 * document order, each with the alt text of its first occurrence. Comments, and the raw text
 * of `script`, `style`, `textarea` and `title` elements, are skipped.
 */
export function imagesOfHtml(html: string): ArticleImage[] {
  const out: ArticleImage[] = [];
  const seen = new Set<string>();
  // Tag by tag: each start tag's attributes are read whole (quotes respected), so a `<script>`,
  // `<!--` or `<img>` written inside an attribute value (`title="Use a <script> tag"`), which older
  // serialisers leave unescaped, is neither taken for a tag nor hides the images after it.
  const tag = /<(!--|\/?[a-z][^\s/>]*)/gi;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) {
    const name = m[1]!.toLowerCase();
    if (name === '!--') {
      const close = html.indexOf('-->', m.index + 4);
      tag.lastIndex = close < 0 ? html.length : close + 3;
      continue;
    }
    if (name[0] === '/') {
      const close = html.indexOf('>', tag.lastIndex);
      tag.lastIndex = close < 0 ? html.length : close + 1;
      continue;
    }
    const { attrs, end } = readAttributes(html, tag.lastIndex);
    tag.lastIndex = end;
    const endTag = RAW_TEXT.get(name);
    if (endTag) {
      endTag.lastIndex = end;
      tag.lastIndex = endTag.exec(html) ? endTag.lastIndex : html.length;
      continue;
    }
    if (name !== 'img') continue;
    const src = (attrs.get('src') ?? '').trim();
    if (!src || !isSavableSrc(src) || seen.has(src)) continue;
    seen.add(src);
    out.push({ src, alt: (attrs.get('alt') ?? '').replace(/\s+/g, ' ').trim() });
  }
  return out;
}

/**
 * Elements whose content is text, not tags: skipped to their end tag, found by a
 * case-insensitive search from the start tag's end. Why not `html.toLowerCase().indexOf`: that
 * lower-cased the whole article once per such element (quadratic with many SVG icons, each
 * with its `<title>`), and lower-casing can lengthen a string ('İ' → 'i̇'), which shifted the
 * place found and hid the images after it.
 */
const RAW_TEXT: ReadonlyMap<string, RegExp> = new Map(['script', 'style', 'textarea', 'title'].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

/** Sources at most this long name their blob as they are; longer ones (data: URLs) by their hash. */
export const MAX_KEY_CHARS = 2_048;

/**
 * The name of an image's blob in the media documents (`MediaItemV1.blob`): its `src` as the
 * stored article has it, or `sha256:<hex of its UTF-8>` when it is longer than 2,048
 * characters (a data: URL would otherwise be stored twice). The reader computes the same.
 */
export async function imageKey(src: string): Promise<string> {
  if (src.length <= MAX_KEY_CHARS) return src;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(src)));
  return `sha256:${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
