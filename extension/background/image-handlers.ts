import { missingOf } from '../../src/images/left-reasons';
import type { ClipImages, StorageUsage } from '../../src/images/schemas';
import type { ClipId } from '../../src/schema/ids';
import { toBase64 } from '../../src/util/base64';
import { imagesPending } from './image-job';
import { services } from './services';

/** Base64 per `getClipImages` answer, at most (a page of images; the reader asks for the next). */
const PAGE_CHARS = 8_000_000;

/**
 * `getClipImages`: the saved images of a clip's current article, from image `from` on, as
 * many as fit in one answer (Chromium's messaging is JSON: bytes go as base64), with the
 * clip's image state: saved, none, or on another device only; waiting; and those left out
 * (with each one's own reason, when the entry has them).
 */
export async function clipImages(clipId: ClipId, from = 0): Promise<ClipImages> {
  const { library } = await services();
  await library.settled();
  const got = await library.media.images(clipId);
  const current = got.ref && got.ref.rev === library.media.articleRev(clipId) ? got.ref : null;
  const missing = missingOf(current?.missing);
  const images: ClipImages['images'] = [];
  let chars = 0;
  let next: number | null = null;
  for (let i = from; i < got.images.length; i++) {
    const img = got.images[i]!;
    if (images.length > 0 && chars + (img.data.byteLength * 4) / 3 > PAGE_CHARS) {
      next = i;
      break;
    }
    const base64 = toBase64(img.data);
    chars += base64.length;
    images.push({ key: img.blob, type: img.type, width: img.width, height: img.height, base64 });
  }
  return {
    state: got.state,
    pending: await imagesPending(clipId),
    count: current?.count ?? 0,
    bytes: current?.bytes ?? 0,
    left: current?.left ?? 0,
    reason: current?.reason ?? null,
    ...(missing ? { missing } : {}),
    images,
    next,
    textOnly: library.media.textOnly,
  };
}

/** `storageUsage`: the library's text, images and snapshots (catalog entries only, nothing loaded), and the browser's estimate. */
export async function storageUsage(): Promise<StorageUsage> {
  const { library } = await services();
  await library.settled();
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  return { ...library.media.usage(), usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}
