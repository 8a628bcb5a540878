/**
 * One fetched image made ready to store: checked (inspect.ts), SVG sanitised, large rasters
 * scaled down and recompressed, small or already efficient files kept byte for byte. The
 * decoding and encoding are the caller's (`ImageCodec`: OffscreenCanvas in the background),
 * so this runs and is tested in Node.
 */
import { IMAGE_LIMITS, inspectImage, refused, type ImageLimits, type Refused } from './inspect';

/** Longest side, in pixels, an image is stored at (larger ones are scaled down). */
export const MAX_STORED_SIDE = 2_048;
/** Rasters at most this size (and not over `MAX_STORED_SIDE`) are kept as they are: re-encoding saves little. */
export const KEEP_BELOW_BYTES = 48 * 1024;
/** WebP / JPEG quality of a re-encoded image. */
export const ENCODE_QUALITY = 0.82;
/** A re-encoded image is kept only when it is at most this share of the original's bytes. */
const WORTH_IT = 0.9;

/** An image decoded and encoded again, with its size as drawn. */
export interface Encoded {
  readonly type: string;
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** What decodes and encodes images (the browser's canvas), and sanitises SVG (needs a DOM). */
export interface ImageCodec {
  /**
   * Decodes `bytes` (a raster image of `type`): false when it cannot be decoded, true when it
   * can and `maxSide` is null. With `maxSide`, draws it at most that long on its longest side
   * (as decoded: EXIF orientation applied) and encodes it (WebP, or what the browser can
   * encode) at `quality`; true when encoding failed. `size` is the header's, a hint for
   * decoding a large image already scaled down.
   */
  reencode(bytes: Uint8Array, type: string, maxSide: number | null, quality: number, size?: { width: number; height: number }): Promise<Encoded | boolean>;
  /** The SVG document `svg` with everything active or remote removed (src/sanitize/svg.ts), or null when it is not one. */
  sanitizeSvg(svg: string): Promise<string | null>;
}

/** An image ready to store, or why it was left out. */
export type Processed =
  | { readonly ok: true; readonly type: string; readonly data: Uint8Array; readonly width: number; readonly height: number; readonly reencoded: boolean }
  | Refused;

/** The size an image of `width`×`height` is stored at: at most `maxSide` on its longest side. */
export function storedSize(width: number, height: number, maxSide = MAX_STORED_SIDE): { width: number; height: number; scaled: boolean } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height, scaled: false };
  const k = maxSide / longest;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)), scaled: true };
}

/**
 * An SVG file (`bytes`, already accepted by `inspectImage` as `image/svg+xml`) made inert for
 * storing: through `sanitizeSvg` (`ImageCodec.sanitizeSvg`, src/sanitize/svg.ts), stored as
 * `image/svg+xml` with the size its sanitised markup states. The one path every stored SVG
 * takes, captured (`processImage`) or restored from an export (src/import/restore-images.ts),
 * so neither can keep a script, handler or remote reference the other would remove. Refused
 * (`badSvg`) when nothing usable is left (no `<svg>`), `damaged` when sanitising fails. Never throws.
 */
export async function sanitizedSvg(bytes: Uint8Array, sanitizeSvg: ImageCodec['sanitizeSvg'], limits: ImageLimits = IMAGE_LIMITS): Promise<Processed> {
  try {
    const clean = await sanitizeSvg(new TextDecoder().decode(bytes));
    if (clean === null) return refused('badSvg');
    const data = new TextEncoder().encode(clean);
    const size = inspectImage(data, { ...limits, maxSvgBytes: Math.max(limits.maxSvgBytes, data.byteLength) });
    return { ok: true, type: 'image/svg+xml', data, width: size.ok ? size.width : 0, height: size.ok ? size.height : 0, reencoded: true };
  } catch {
    return refused('damaged');
  }
}

/**
 * Prepares fetched `bytes` for storing.
 *
 * Contract: nothing is decoded before `inspectImage` accepted it (type from the bytes, size
 * from the header, the pixel limits). SVG: sanitised by `codec.sanitizeSvg` and stored as
 * `image/svg+xml`. GIFs and other animated images: kept as they are (re-encoding would keep
 * one frame), if they decode. Other rasters: longer than `MAX_STORED_SIDE` → scaled down and
 * re-encoded; else larger than `KEEP_BELOW_BYTES` (or BMP/ICO) → re-encoded, kept only when
 * that saves a tenth; else kept as they are once they decode. Never throws.
 */
export async function processImage(bytes: Uint8Array, codec: ImageCodec, limits: ImageLimits = IMAGE_LIMITS): Promise<Processed> {
  const seen = inspectImage(bytes, limits);
  if (!seen.ok) return seen;
  const { type, width, height } = seen;
  try {
    if (type === 'image/svg+xml') return await sanitizedSvg(bytes, (svg) => codec.sanitizeSvg(svg), limits);
    const target = storedSize(width, height);
    const legacy = type === 'image/bmp' || type === 'image/x-icon';
    const encode = !seen.animated && (target.scaled || legacy || bytes.byteLength > KEEP_BELOW_BYTES);
    const out = await codec.reencode(bytes, type, encode ? MAX_STORED_SIDE : null, ENCODE_QUALITY, { width, height });
    if (out === false) return refused('damaged');
    if (out !== true && (target.scaled || legacy || out.data.byteLength <= bytes.byteLength * WORTH_IT)) {
      return { ok: true, type: out.type, data: out.data, width: out.width, height: out.height, reencoded: true };
    }
    // Could not be scaled down (no encoder): a large image is still kept, within the clip's cap.
    return { ok: true, type, data: bytes, width, height, reencoded: false };
  } catch {
    return refused('damaged');
  }
}
