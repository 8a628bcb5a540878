/**
 * Images a page made itself: an `<img>` showing a `blob:` URL (`URL.createObjectURL` of bytes
 * the page's script built or downloaded: editors, chart libraries, pages that decrypt their
 * images). Nothing can fetch such a URL but the page, and only while it is open, so the saved
 * images (fetched after the save, src/images/save-images.ts) never had them: the article kept
 * only their alt text. The content script reads them at capture time instead, in the page:
 * `fetch(blobUrl)` (the page's own blob, the original bytes), else, for a blob already revoked
 * (pages often revoke it once the image has loaded), the loaded picture drawn to a canvas. Each
 * becomes a `data:` URL, which the capture stores as it stores the page's own `data:` images,
 * and the image saver checks, processes and keeps under the same limits.
 */
import { toBase64 } from '../util/base64';
import { shownImageUrl, type InlinedImages } from './lazy-images';

/** Most bytes of one blob: image read: the image saver's limit for any one file (src/images/inspect.ts `IMAGE_LIMITS.maxFileBytes`). */
export const MAX_BLOB_IMAGE_BYTES = 20 * 1024 * 1024;
/**
 * Most bytes of `blob:` images one capture carries: their `data:` URLs are part of the article
 * HTML (a third larger as base64), whose limit is 25 MB (extract.ts `DEFAULT_MAX_HTML_BYTES`);
 * past this, the images left are kept as their alt text and the page still saves.
 */
export const MAX_BLOB_BYTES_PER_CAPTURE = 8 * 1024 * 1024;

/** How the page's blobs are read (the content script's own, replaced in tests). */
export interface BlobReaders {
  /** The blob at a `blob:` URL; null when it cannot be read (revoked, another origin's). */
  readonly fetchBlob?: (url: string) => Promise<Blob | null>;
  /** A loaded `<img>` drawn and encoded as a `data:image/…` URL; null when it cannot be. */
  readonly draw?: (img: HTMLImageElement) => string | null;
}

/** The image types whose magic bytes are recognised when a blob names no type (`new Blob([bytes])`). */
function sniff(b: Uint8Array): string | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  if (at(4, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69)) return 'image/avif';
  if (at(0, 0x42, 0x4d)) return 'image/bmp';
  const head = new TextDecoder().decode(b.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return null;
}

async function defaultFetchBlob(url: string): Promise<Blob | null> {
  const res = await fetch(url);
  return res.ok ? res.blob() : null;
}

/** The picture as it shows, re-encoded (WebP where the browser writes it, else PNG). Never throws. */
function defaultDraw(img: HTMLImageElement): string | null {
  try {
    const width = img.naturalWidth;
    const height = img.naturalHeight;
    if (!img.complete || width <= 0 || height <= 0 || width * height > 50_000_000) return null;
    const canvas = img.ownerDocument.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(img, 0, 0);
    const url = canvas.toDataURL('image/webp', 0.92);
    return /^data:image\//.test(url) ? url : null;
  } catch {
    // A tainted canvas or an undecodable image: its alt text stays.
    return null;
  }
}

/** One blob image's `data:` URL and its size, or null. */
async function readOne(url: string, img: HTMLImageElement, readers: Required<BlobReaders>, room: number): Promise<{ dataUrl: string; bytes: number } | null> {
  const limit = Math.min(room, MAX_BLOB_IMAGE_BYTES);
  const blob = await readers.fetchBlob(url).catch(() => null);
  if (blob && blob.size > limit) return null;
  if (blob && blob.size > 0) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const stated = /^image\/[a-z0-9.+-]+$/i.test(blob.type) ? blob.type.toLowerCase() : null;
    const type = stated ?? sniff(bytes);
    if (type) return { dataUrl: `data:${type};base64,${toBase64(bytes)}`, bytes: bytes.byteLength };
  }
  const drawn = readers.draw(img);
  // base64 is 4 characters per 3 bytes.
  const bytes = drawn ? Math.ceil(((drawn.length - drawn.indexOf(',') - 1) * 3) / 4) : 0;
  return drawn && bytes <= limit ? { dataUrl: drawn, bytes } : null;
}

/**
 * The `blob:` images of `doc` that `include` accepts (default: all), read as `data:` URLs, keyed
 * by the URL each `<img>` shows, for `captureDocument`/`extractSelection` (`inlinedImages`).
 * In document order while they fit `MAX_BLOB_BYTES_PER_CAPTURE`, each at most
 * `MAX_BLOB_IMAGE_BYTES`; one that cannot be read is left out (the capture keeps its alt text).
 * Never throws; answers at once (an empty map) on a page with no such image.
 */
export async function readBlobImages(doc: Document, include: (img: HTMLImageElement) => boolean = () => true, readers: BlobReaders = {}): Promise<InlinedImages> {
  const out = new Map<string, string>();
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const wanted = new Map<string, HTMLImageElement>();
  for (const img of Array.from(doc.images ?? [])) {
    const url = shownImageUrl(img, win);
    if (url && /^blob:/i.test(url) && !wanted.has(url) && include(img)) wanted.set(url, img);
  }
  if (wanted.size === 0) return out;
  const all: Required<BlobReaders> = { fetchBlob: readers.fetchBlob ?? defaultFetchBlob, draw: readers.draw ?? defaultDraw };
  let room = MAX_BLOB_BYTES_PER_CAPTURE;
  for (const [url, img] of wanted) {
    const got = await readOne(url, img, all, room).catch(() => null);
    if (!got) continue;
    out.set(url, got.dataUrl);
    room -= got.bytes;
  }
  return out;
}
