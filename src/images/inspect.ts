/**
 * What a fetched file is, read from its bytes before anything decodes it: its type from its
 * magic bytes (never from a Content-Type header alone: error pages and login redirects are
 * served as "images"), its pixel size from its header (`image-size`), and whether decoding
 * it is safe (a decompression bomb declares a huge size in a tiny file).
 */
import { imageSize } from 'image-size';
import { sniffImage } from '../snapshot/mime';
import { MISSING } from './left-reasons';

/** Limits on what is fetched and decoded (per image). */
export interface ImageLimits {
  /** Files larger than this are refused before anything reads them (bytes). */
  readonly maxFileBytes: number;
  /** Images declaring more pixels than this are never decoded. */
  readonly maxPixels: number;
  /** Nor images with a side longer than this (pixels). */
  readonly maxSidePixels: number;
  /** SVG files larger than this are refused (bytes): their markup is parsed whole. */
  readonly maxSvgBytes: number;
}

/** The limits the extension uses: 20 MB files, 50 megapixels, 30,000 px sides, 2 MB SVG. */
export const IMAGE_LIMITS: ImageLimits = { maxFileBytes: 20 * 1024 * 1024, maxPixels: 50_000_000, maxSidePixels: 30_000, maxSvgBytes: 2 * 1024 * 1024 };

/** Reasons an image is left out, as the reader's note says them (grouped by these words). */
export const REASONS = {
  failed: 'could not be loaded',
  notImage: 'not an image',
  tooBig: 'too large to save (over 20 MB)',
  svgTooBig: 'an SVG file too large to save (over 2 MB)',
  bomb: 'too many pixels to decode safely',
  damaged: 'damaged (could not be decoded)',
  badSvg: 'an SVG file that could not be read',
  tooMany: 'more images than a clip keeps (300)',
} as const;

/** Why an image is left out: the reader's words (`REASONS`) and the reason code kept per image (left-reasons.ts). */
export interface Refused {
  readonly ok: false;
  readonly reason: string;
  readonly code: string;
}

/** The refusal named `name`, in words and as its code. */
export const refused = (name: keyof typeof REASONS): Refused => ({ ok: false, reason: REASONS[name], code: MISSING[name] });

/** A file read: an image with its type, pixel size and whether it is animated; or why it is not one that can be saved. */
export type Inspected = { readonly ok: true; readonly type: string; readonly width: number; readonly height: number; readonly animated: boolean } | Refused;

/** Image types an `<img>` shows in Chromium and Firefox, and that are kept. */
const DISPLAYABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/x-icon', 'image/svg+xml']);

const ascii = (bytes: Uint8Array, at: number, text: string) => {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** JPEG markers that start a frame (SOF0-3, 5-7, 9-11, 13-15): they hold the image's size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * A JPEG's size from its first frame header, in one linear walk over the segments (image-size's
 * JPEG reader copies the rest of the file at each step, which a crafted file turns quadratic).
 */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (SOF.has(marker)) return { height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]! };
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

/** Whether a PNG has an `acTL` chunk before its first `IDAT` (an animated PNG). */
function isApng(bytes: Uint8Array): boolean {
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    if (ascii(bytes, at + 4, 'acTL')) return true;
    if (ascii(bytes, at + 4, 'IDAT')) return false;
    at += 12 + length;
  }
  return false;
}

/** Whether a file may hold more than one frame: every GIF (kept as it is), an APNG, an animated WebP. */
function isAnimated(bytes: Uint8Array, type: string): boolean {
  if (type === 'image/gif') return true;
  if (type === 'image/png') return isApng(bytes);
  // WebP: a VP8X chunk whose flags have the animation bit.
  if (type === 'image/webp') return ascii(bytes, 12, 'VP8X') && ((bytes[20] ?? 0) & 0x02) !== 0;
  return false;
}

/**
 * Reads `bytes` as an image without decoding it.
 *
 * Contract: the type comes from the bytes alone; a file over `maxFileBytes` (or an SVG over
 * `maxSvgBytes`) is refused unread; a raster image whose header gives no size, or more than
 * `maxPixels` pixels, or a side over `maxSidePixels`, is refused (it is never decoded). An
 * SVG's size is its `width`/`height` (or `viewBox`), 0 when it states none.
 */
export function inspectImage(bytes: Uint8Array, limits: ImageLimits = IMAGE_LIMITS): Inspected {
  if (bytes.byteLength > limits.maxFileBytes) return refused('tooBig');
  const type = sniffImage(bytes);
  if (!type || !DISPLAYABLE.has(type)) return refused('notImage');
  // Its own reason: "over 20 MB" said of a 3 MB drawing was wrong.
  if (type === 'image/svg+xml' && bytes.byteLength > limits.maxSvgBytes) return refused('svgTooBig');
  let width = 0;
  let height = 0;
  try {
    const size = type === 'image/jpeg' ? jpegSize(bytes) : imageSize(bytes);
    width = Math.round(size?.width ?? 0);
    height = Math.round(size?.height ?? 0);
  } catch {
    if (type !== 'image/svg+xml') return refused('damaged');
  }
  if (type !== 'image/svg+xml') {
    if (!(width > 0 && height > 0)) return refused('damaged');
    if (width * height > limits.maxPixels || width > limits.maxSidePixels || height > limits.maxSidePixels) return refused('bomb');
  }
  return { ok: true, type, width, height, animated: isAnimated(bytes, type) };
}
