/**
 * Which image an `<img>` shows: the browser's choice (`currentSrc`, from `srcset` and
 * `<picture>`) when it made one, unless that is a lazy-loading script's placeholder, else the
 * lazy-loading attribute a script would have used (`data-src`, `data-srcset`, …), else the best
 * `srcset` candidate, else `src`.
 */

/** One `srcset` candidate. */
export interface SrcsetCandidate {
  readonly url: string;
  /** Width descriptor (`640w`), if any. */
  readonly w?: number;
  /** Density descriptor (`2x`), 1 when there is none. */
  readonly x?: number;
}

/** Parses a `srcset` value (URLs as written). */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i]!)) i++;
    const start = i;
    while (i < value.length && !/\s/.test(value[i]!)) i++;
    let url = value.slice(start, i);
    let descriptor = '';
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else {
      const d = i;
      let depth = 0;
      while (i < value.length && (value[i] !== ',' || depth > 0)) {
        if (value[i] === '(') depth++;
        if (value[i] === ')') depth--;
        i++;
      }
      descriptor = value.slice(d, i).trim();
    }
    if (!url) continue;
    const w = /^(\d+)w$/i.exec(descriptor);
    const x = /^(\d*\.?\d+)x$/i.exec(descriptor);
    if (w) out.push({ url, w: Number(w[1]) });
    else if (x) out.push({ url, x: Number(x[1]) });
    else out.push({ url, x: 1 });
  }
  return out;
}

/**
 * The candidate a browser would pick for an image shown `width` CSS pixels wide on a
 * `dpr` screen: the smallest at least as dense as needed, else the densest.
 */
export function pickCandidate(candidates: readonly SrcsetCandidate[], width: number, dpr: number): string | null {
  if (candidates.length === 0) return null;
  const density = (c: SrcsetCandidate) => (c.w !== undefined ? c.w / Math.max(1, width) : (c.x ?? 1));
  const sorted = [...candidates].sort((a, b) => density(a) - density(b));
  return (sorted.find((c) => density(c) >= dpr) ?? sorted[sorted.length - 1]!).url;
}

/**
 * The `<source type>`s of a `<picture>` that Chromium and Firefox show, under the names both accept
 * (`image/jpg` too); others, JPEG XL say, are skipped as a browser skips them, and src/images could not keep them.
 */
export const PICTURE_TYPES = /^image\/(png|x-png|apng|jpeg|jpg|pjpeg|gif|webp|avif|svg\+xml|bmp|x-icon|vnd\.microsoft\.icon)$/i;

/** Attributes lazy-loading scripts keep the real image in, most common first. */
export const LAZY_SRC_ATTRS = ['data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url', 'data-hi-res-src'];
export const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset'];

/** What the walker needs to read from the live page for one image. */
export interface ImageFacts {
  readonly currentSrc: string;
  /** Whether the image has been loaded and decoded (`complete` with a natural width). */
  readonly loaded: boolean;
  readonly attr: (name: string) => string | null;
  /** The `srcset` of the `<source>` a `<picture>` parent would pick (first whose `media` matches), if any. */
  readonly pictureSrcset: string | null;
  /** Layout width in CSS pixels (0 when unknown), and the screen's device pixel ratio. */
  readonly width: number;
  readonly dpr: number;
}

/**
 * The URL (as written or as the browser resolved it) of the image an `<img>` shows, and
 * the lazy attributes it came from (to drop from the copy).
 */
export function chooseImage(f: ImageFacts): { url: string | null; lazyAttrs: string[] } {
  const lazySrc = LAZY_SRC_ATTRS.find((a) => f.attr(a)?.trim());
  const lazySet = LAZY_SRCSET_ATTRS.find((a) => f.attr(a)?.trim());
  const current = f.currentSrc.trim();
  // A lazy-loading script (its class says so, as Readability reads it: lazyload, jetpack-lazy-image,
  // lazy-hidden, …) copies its attribute into `src` (or `srcset`) as written: until it has, what shows
  // is its placeholder, even loaded (Jetpack's 1×1 GIF, a blurred thumbnail). Without such a class a
  // loaded image is what shows (a `data-original` may be a zoom library's larger copy).
  const swapped = (a: string | undefined, into: string) => !!a && (f.attr(into)?.trim() === f.attr(a)!.trim() || current === f.attr(a)!.trim());
  const waiting = /lazy/i.test(f.attr('class') ?? '') && !swapped(lazySrc, 'src') && !swapped(lazySet, 'srcset');
  const placeholder = !current || /^data:/i.test(current) || !f.loaded || waiting;
  const width = f.width || Number(f.attr('width')) || 0;
  if ((lazySrc || lazySet) && placeholder) {
    const fromSet = lazySet ? pickCandidate(parseSrcset(f.attr(lazySet)!), width, f.dpr) : null;
    const url = fromSet ?? (lazySrc ? f.attr(lazySrc)!.trim() : null);
    if (url) return { url, lazyAttrs: [lazySrc, lazySet].filter((a): a is string => !!a) };
  }
  if (current) return { url: current, lazyAttrs: [] };
  const set = f.pictureSrcset ?? f.attr('srcset');
  const fromSet = set ? pickCandidate(parseSrcset(set), width, f.dpr) : null;
  const src = f.attr('src')?.trim() || null;
  return { url: fromSet ?? src, lazyAttrs: [] };
}
