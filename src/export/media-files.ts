/**
 * A clip's saved images and snapshot as export files: each image as `images/<name>/<n>.<ext>`
 * (numbered in the order the article shows them), referenced from the Markdown by a relative
 * path and embedded in the clip's HTML page as a `data:` URL (its CSP allows `img-src data:`
 * and nothing else); the snapshot inflated into `snapshots/<name>.html`, a page that shows it in a
 * sealed frame (snapshot-page.ts: no script, nothing remote, no navigation, whatever made it).
 */
import { imageKey, imagesOfHtml } from '../images/image-list';
import { inflateText } from '../library/compress';
import { toBase64 } from '../util/base64';
import { snapshotPage } from './snapshot-page';
import type { ExportClip } from './types';

export const IMAGES_DIR = 'images';
export const SNAPSHOTS_DIR = 'snapshots';

/** File extension of each image type an export writes (others are not written: nothing else is an image a page shows). */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
};

/** The file extension of an image type, or undefined when it is no type an export writes (an own key only: "constructor" is not a type). */
const extensionOf = (type: string): string | undefined => (Object.hasOwn(EXTENSIONS, type.toLowerCase()) ? EXTENSIONS[type.toLowerCase()] : undefined);

/** One image file of a clip. */
export interface ImageFile {
  /** `images/<name>/<n>.<ext>` */
  readonly path: string;
  readonly data: Uint8Array;
  readonly type: string;
}

/** What the export writes of a clip's media, and how its article refers to each image. */
export interface MediaFiles {
  readonly images: readonly ImageFile[];
  /** Article `<img src>` → the image's path relative to `clips/` (the Markdown's folder). */
  readonly relative: ReadonlyMap<string, string>;
  /** Article `<img src>` → the image as a `data:` URL (the HTML page). */
  readonly dataUrls: ReadonlyMap<string, string>;
  /** `snapshots/<name>.html` and its page (the snapshot in a sealed frame), or null when the clip has no snapshot here. */
  readonly snapshot: { readonly path: string; readonly html: string } | null;
}

/** No media: what a clip without images or a snapshot has. */
export const NO_MEDIA: MediaFiles = { images: [], relative: new Map(), dataUrls: new Map(), snapshot: null };

/** Options of `mediaFiles`. */
export interface MediaFileOptions {
  /** false: no `data:` URLs (the caller embeds no image). */
  readonly dataUrls?: boolean;
  /**
   * Makes an SVG image inert (`createSvgSanitizer` of src/sanitize/svg.ts), or null when it holds
   * no drawing (the image is then left out). Why: the library's SVG bytes are sanitised when this
   * device saves them, but an imported export or another device may have stored any bytes, and
   * an `.svg` file opened from the unzipped export runs its scripts; each SVG written is made
   * inert here, whatever made it, as the snapshot is sealed (snapshot-page.ts).
   */
  readonly svg?: (markup: string) => string | null;
}

/** `image` with its SVG made inert by `svg` (other types as they are); null when nothing is left of it. */
function inert(image: ExportClip['images'][number], svg: MediaFileOptions['svg']): ExportClip['images'][number] | null {
  if (!svg || image.type.toLowerCase() !== 'image/svg+xml') return image;
  const clean = svg(new TextDecoder().decode(image.data));
  return clean === null ? null : { ...image, data: new TextEncoder().encode(clean) };
}

/** The media files of `clip`, whose files are named `name` (its Markdown is `clips/<name>.md`). */
export async function mediaFiles(clip: ExportClip, name: string, opts: MediaFileOptions = {}): Promise<MediaFiles> {
  const snapshot = clip.snapshot ? await snapshotFile(clip, clip.snapshot.html, name) : null;
  const usable = clip.images.flatMap((i) => {
    const image = extensionOf(i.type) === undefined ? null : inert(i, opts.svg);
    return image ? [image] : [];
  });
  if (usable.length === 0) return { ...NO_MEDIA, snapshot };
  const byKey = new Map(usable.map((i) => [i.src, i]));
  // The article's order first (its <img src> named by `imageKey`, as the blobs are), then any other saved image.
  const order: Array<{ src: string | null; key: string }> = [];
  const placed = new Set<string>();
  for (const { src } of clip.html ? imagesOfHtml(clip.html) : []) {
    const key = await imageKey(src);
    if (!byKey.has(key) || placed.has(key)) continue;
    placed.add(key);
    order.push({ src, key });
  }
  for (const key of byKey.keys()) if (!placed.has(key)) order.push({ src: null, key });
  const images: ImageFile[] = [];
  const relative = new Map<string, string>();
  const dataUrls = new Map<string, string>();
  order.forEach(({ src, key }, n) => {
    const img = byKey.get(key)!;
    const type = img.type.toLowerCase();
    const path = `${IMAGES_DIR}/${name}/${n + 1}.${extensionOf(type)!}`;
    images.push({ path, data: img.data, type });
    if (src === null) return;
    relative.set(src, `../${path}`);
    if (opts.dataUrls !== false) dataUrls.set(src, `data:${type};base64,${toBase64(img.data)}`);
  });
  return { images, relative, dataUrls, snapshot };
}

/** The snapshot's file (its page, the snapshot sealed in a frame), or null when its HTML cannot be inflated (damaged). */
async function snapshotFile(clip: ExportClip, deflated: Uint8Array, name: string): Promise<{ path: string; html: string } | null> {
  try {
    return { path: `${SNAPSHOTS_DIR}/${name}.html`, html: snapshotPage(clip, name, await inflateText(deflated)) };
  } catch {
    return null;
  }
}
