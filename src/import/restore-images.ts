import type { ExportImage } from '../export/types';
import { ImageBudget } from '../images/budget';
import { MAX_IMAGES_PER_CLIP } from '../images/image-list';
import { inspectImage, refused, type Inspected } from '../images/inspect';
import { sanitizedSvg, type ImageCodec } from '../images/process';

/**
 * A Commonplace export's saved images, checked before they are restored, as capture checks the
 * images it saves (src/images/inspect.ts, src/images/save-images.ts): a zip is untrusted input,
 * and its media documents may hold any bytes under any type. Nothing is decoded here; an SVG is
 * sanitised as a captured one is.
 */

/** `checkedImages`' answer: the images kept, and the ones left out with their reasons. */
export interface CheckedImages {
  /** The images whose bytes are an image that can be saved, in order, each with the type its bytes say. */
  readonly images: readonly ExportImage[];
  /** How many were left out (0: none). */
  readonly count: number;
  /** Why, in the reader's words ("not an image"; "2 not an image; 1 too many pixels to decode safely"), null when none was. */
  readonly reason: string | null;
  /** Each image left out's reason code (src/images/left-reasons.ts) by its blob name (its `imageKey`), bounded as a clip's are. */
  readonly missing?: Readonly<Record<string, string>>;
}

/** Sanitises an SVG file's markup as a captured SVG is (`ImageCodec.sanitizeSvg`: src/sanitize/svg.ts on a DOM). */
export type SanitizeSvg = ImageCodec['sanitizeSvg'];

/**
 * Checks each image's bytes with `inspectImage`, the check a captured image passes before it is
 * stored: the type from its magic bytes only (an HTML page or a script named `image/png` is not an
 * image), files over 20 MB and SVG over 2 MB refused, a raster whose header declares more than 50
 * megapixels (or a side over 30,000 px), or no size, refused as a bomb or damaged. An SVG is then
 * sanitised exactly as a captured one is (`sanitizedSvg`, src/images/process.ts, through
 * `sanitizeSvg`): the zip is untrusted, so its scripts, handlers, `foreignObject` and remote
 * references go, and it is kept as sanitised; one with nothing usable left is refused (`badSvg`),
 * and so is every SVG when no `sanitizeSvg` is given (never stored unsanitised). An image past
 * the `MAX_IMAGES_PER_CLIP` a clip keeps is left out too. Kept images take the type their bytes
 * say; the rest are counted with their reason and code (`ImageBudget`, no byte cap), so the
 * reader shows each one's alternative text with "(image not saved: …)", as for an image capture
 * left out. Never throws.
 */
export async function checkedImages(images: readonly ExportImage[], sanitizeSvg?: SanitizeSvg): Promise<CheckedImages> {
  const left = new ImageBudget(Number.POSITIVE_INFINITY);
  const kept: ExportImage[] = [];
  for (const image of images) {
    const seen: Inspected = kept.length < MAX_IMAGES_PER_CLIP ? inspectImage(image.data) : refused('tooMany');
    if (!seen.ok) left.leave(seen.reason, seen.code, image.src);
    else if (seen.type !== 'image/svg+xml') kept.push(seen.type === image.type ? image : { ...image, type: seen.type });
    else {
      const clean = sanitizeSvg ? await sanitizedSvg(image.data, sanitizeSvg) : refused('badSvg');
      if (clean.ok) kept.push({ src: image.src, type: clean.type, data: clean.data, width: clean.width, height: clean.height });
      else left.leave(clean.reason, clean.code, image.src);
    }
  }
  const out = left.leftOut();
  return { images: kept, count: out.count, reason: out.reason, ...(out.missing ? { missing: out.missing } : {}) };
}

/** The report's words for a clip's images left out by `checkedImages` (its `lost`), or '' when none was. */
export function imagesLeftWords(count: number, reason: string | null): string {
  if (count <= 0) return '';
  const what = count === 1 ? 'One of its saved images was' : `${count} of its saved images were`;
  return `${what} not imported (${reason ?? 'not an image that can be saved'}): the article shows ${count === 1 ? 'its' : 'their'} description in ${count === 1 ? 'its' : 'their'} place.`;
}
