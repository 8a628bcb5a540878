/**
 * The images a capture stores, as the reader of the page saw them: each `<img>`'s `src`
 * becomes the absolute URL of the image the browser chose (`currentSrc`, from `srcset` or a
 * `<picture>`), or, for a lazy image not loaded yet, of the one a lazy-loading script would
 * have put there (`data-src`, `data-srcset`, …; src/snapshot/images.ts `chooseImage`). The
 * attributes that chose it are dropped, so the stored HTML names one image per `<img>` and the
 * saved image is found by that URL. Never touches the live page: a copy is changed. An image
 * the page made itself (a `blob:` URL, `URL.createObjectURL`), which nothing can fetch once the
 * page is gone, is named by the `data:` URL of its bytes, read beforehand (blob-images.ts).
 */
import { chooseImage, LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS, PICTURE_TYPES } from '../snapshot/images';

/** Attributes that pick an image besides `src`: removed once `src` names the chosen one. */
const CHOICE_ATTRS = ['srcset', 'sizes', 'loading', 'decoding', ...LAZY_SRC_ATTRS, ...LAZY_SRCSET_ATTRS];

/** `blob:` URL → the `data:` URL of its bytes, read from the page before capture (blob-images.ts). */
export type InlinedImages = ReadonlyMap<string, string>;

/** An absolute http(s) URL, a `data:image/` URL as it is, or a read `blob:` image's `data:` URL; null for anything else. */
function absoluteImageUrl(url: string, base: string, inlined: InlinedImages | undefined): string | null {
  if (/^data:image\//i.test(url)) return url;
  if (/^blob:/i.test(url)) return inlined?.get(url) ?? null;
  try {
    const abs = new URL(url, base);
    return abs.protocol === 'http:' || abs.protocol === 'https:' ? abs.href : null;
  } catch {
    return null;
  }
}

/**
 * The `srcset` of the `<source>` a `<picture>` parent would use, as src/snapshot/elements.ts
 * reads it: the first before the `<img>` whose `type` the browser shows and whose `media` matches
 * (a lazy one's `data-srcset` when it has no `srcset` yet).
 */
function pictureSrcset(img: Element, win: (Window & typeof globalThis) | null): string | null {
  const parent = img.parentElement;
  if (!parent || parent.localName !== 'picture') return null;
  for (const source of Array.from(parent.children)) {
    if (source === img) break;
    if (source.localName !== 'source') continue;
    const type = source.getAttribute('type')?.trim();
    if (type && !PICTURE_TYPES.test(type)) continue;
    const media = source.getAttribute('media');
    try {
      if (media && win?.matchMedia && !win.matchMedia(media).matches) continue;
    } catch {
      continue;
    }
    const set = source.getAttribute('srcset')?.trim() || source.getAttribute('data-srcset')?.trim();
    if (set) return set;
  }
  return null;
}

/** The URL of the image `img` shows (or would show once loaded), as written or as the browser resolved it, or null. */
export function shownImageUrl(img: HTMLImageElement, win: (Window & typeof globalThis) | null): string | null {
  const current = typeof img.currentSrc === 'string' ? img.currentSrc : '';
  let width = 0;
  try {
    width = img.width || 0;
  } catch {
    // A detached or odd element: no layout width.
  }
  // Not laid out (lazy, or a copy): its width attribute, else a typical article column.
  width ||= Number(img.getAttribute('width')) || 800;
  const { url } = chooseImage({
    currentSrc: current,
    loaded: !!img.complete && (img.naturalWidth ?? 0) > 0,
    attr: (name) => img.getAttribute(name),
    pictureSrcset: pictureSrcset(img, win),
    width,
    dpr: win?.devicePixelRatio || 1,
  });
  return url?.trim() || null;
}

/** The absolute URL of the image `img` shows (or would show once loaded), or null; `inlined` names read `blob:` images. */
export function chosenImageUrl(img: HTMLImageElement, base: string, win: (Window & typeof globalThis) | null, inlined?: InlinedImages): string | null {
  const url = shownImageUrl(img, win);
  return url ? absoluteImageUrl(url, base, inlined) : null;
}

/** Whether `img` already says only `url` (nothing to rewrite). */
function settled(img: Element, url: string | null): boolean {
  if (url !== null && img.getAttribute('src') !== url) return false;
  if (CHOICE_ATTRS.some((a) => img.hasAttribute(a))) return false;
  return img.parentElement?.localName !== 'picture' || !img.parentElement.querySelector('source');
}

/** Rewrites a copy of an image to name only `url`. */
function rewrite(img: Element, url: string | null): void {
  if (url !== null) img.setAttribute('src', url);
  for (const a of CHOICE_ATTRS) img.removeAttribute(a);
  const picture = img.parentElement;
  if (picture?.localName === 'picture') for (const s of Array.from(picture.querySelectorAll('source'))) s.remove();
}

/**
 * `doc`, or a copy of it whose every `<img>` names the image its live counterpart chose
 * (see the module comment), made only when some image needs it. `base` resolves relative URLs.
 */
export function withChosenImages(doc: Document, base: string, inlined?: InlinedImages): Document {
  const live = Array.from(doc.images ?? []);
  if (live.length === 0) return doc;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const urls = live.map((img) => chosenImageUrl(img, base, win, inlined));
  if (live.every((img, i) => settled(img, urls[i]!))) return doc;
  const copy = doc.cloneNode(true) as Document;
  const copies = Array.from(copy.images);
  // A deep copy holds the same images in the same order; anything else is left as it was.
  if (copies.length !== live.length) return doc;
  copies.forEach((img, i) => rewrite(img, urls[i]!));
  return copy;
}

/** The attributes that make two images the same choice (a copy made by `Range.cloneContents` keeps them). */
const signature = (img: Element) => ['src', ...CHOICE_ATTRS].map((a) => img.getAttribute(a) ?? '').join('\u0001');

/**
 * Rewrites, in place, the images of `root` (a copy of part of `doc`, e.g. a selection's
 * clone) to name the image their live counterparts in `doc` chose, matched by their attributes.
 */
export function chooseImagesIn(root: ParentNode, doc: Document, base: string, inlined?: InlinedImages): void {
  const copies = Array.from(root.querySelectorAll('img'));
  if (copies.length === 0) return;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const chosen = new Map<string, string | null>();
  for (const img of Array.from(doc.images ?? [])) {
    const key = signature(img);
    if (!chosen.has(key)) chosen.set(key, chosenImageUrl(img, base, win, inlined));
  }
  for (const img of copies) {
    const key = signature(img);
    const url = chosen.has(key) ? chosen.get(key)! : chosenImageUrl(img as HTMLImageElement, base, null, inlined);
    if (!settled(img, url)) rewrite(img, url);
  }
}
