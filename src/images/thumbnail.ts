import type { Encoded, ImageCodec } from './process';

/** A thumbnail's longest side in pixels: the row shows it at 56 px, so this is sharp at 2× and a little more. */
export const THUMB_MAX_SIDE = 128;
/** Encoding quality of a thumbnail (WebP, or what the browser can encode). */
export const THUMB_QUALITY = 0.7;
/** Images smaller than this on either side (icons, spacers, avatars) are not a clip's picture. */
export const THUMB_MIN_SIDE = 100;
/** Nor are banners and strips: at most this many times longer than wide, or wide than long. */
export const THUMB_MAX_ASPECT = 3;
/** Largest thumbnail kept (bytes): a row's picture is small or it is not kept. */
export const THUMB_MAX_BYTES = 48 * 1024;

/** What a saved image offers for a thumbnail: its type and pixel size (the stored, possibly scaled, ones). */
export interface ThumbCandidate {
  readonly type: string;
  readonly width: number;
  readonly height: number;
}

/**
 * The image a clip's row shows: the first saved raster image (in article order) that is a
 * picture, not an icon or a strip; SVG is left out (drawings and logos more often than photos,
 * and they would be rasterised from hostile markup). -1 when none is.
 */
export function pickThumbSource(images: readonly ThumbCandidate[]): number {
  return images.findIndex((i) => {
    if (!/^image\/(jpeg|png|webp|gif|avif|bmp)$/.test(i.type)) return false;
    const [short, long] = i.width < i.height ? [i.width, i.height] : [i.height, i.width];
    return short >= THUMB_MIN_SIDE && long <= short * THUMB_MAX_ASPECT;
  });
}

/**
 * What a clip's thumbnail is made from, as one string: its images' version and when they were
 * saved (`ImagesRef.rev`, `.at`). A thumbnail made from another key is out of date; null: the clip
 * has no saved images for its current article.
 */
export function thumbKey(ref: { readonly rev: unknown; readonly at: unknown; readonly count?: unknown } | null | undefined, articleRev: string | null): string | null {
  if (!ref || typeof ref.rev !== 'string' || typeof ref.at !== 'number' || ref.rev !== articleRev || ref.count === 0) return null;
  return `${ref.rev}@${ref.at}`;
}

/**
 * The thumbnail of `image` (one `pickThumbSource` chose): drawn at most `THUMB_MAX_SIDE` long and
 * encoded by the codec; null when it cannot be decoded or encoded, or comes out over
 * `THUMB_MAX_BYTES`.
 */
export async function makeThumbnail(image: ThumbCandidate & { readonly data: Uint8Array }, codec: ImageCodec): Promise<Encoded | null> {
  const out = await codec.reencode(image.data, image.type, THUMB_MAX_SIDE, THUMB_QUALITY, { width: image.width, height: image.height }).catch(() => false as const);
  return typeof out === 'object' && out.data.byteLength > 0 && out.data.byteLength <= THUMB_MAX_BYTES ? out : null;
}
