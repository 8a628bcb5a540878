import { makeThumbnail, pickThumbSource, thumbKey } from '../../src/images/thumbnail';
import { openThumbs, readThumbs, writeThumbs, type ThumbRecord } from '../../src/index-db/thumbs';
import type { Library } from '../../src/library/library';
import type { ClipId } from '../../src/schema/ids';
import { canvasCodec } from '../images/canvas-codec';
import { services } from './services';

let opened: Promise<IDBDatabase | null> | null = null;
/** The thumbnails' database, made here if it is not there (src/index-db/thumbs.ts); opened once per background, and again after it was closed (deleted, upgraded or closed by the browser). */
const thumbsDb = () =>
  (opened ??= openThumbs(indexedDB, true, () => void (opened = null)).catch((e: unknown) => ((opened = null), Promise.reject(e))));

/** The key a clip's thumbnail record should have now: '' when it has no saved images for its article. */
const keyOf = (library: Library, id: ClipId) => thumbKey(library.media.refs(id)?.images, library.media.articleRev(id)) ?? '';

/**
 * A clip's thumbnail record for `key`, made from its saved images (the first picture among them);
 * null when its images are not on this device (text only here, or not synced yet): nothing is
 * recorded, so it is tried again later.
 */
async function makeRecord(library: Library, id: ClipId, key: string): Promise<ThumbRecord | null> {
  if (key === '') return { id, key, type: null, data: null };
  const { state, images } = await library.media.images(id);
  if (state !== 'saved') return null;
  const i = pickThumbSource(images);
  const thumb = i >= 0 ? await makeThumbnail(images[i]!, canvasCodec) : null;
  return { id, key, type: thumb?.type ?? null, data: thumb?.data ?? null };
}

/**
 * Brings the thumbnails of `ids` up to date (the side panel asks for the rows it shows, once
 * each): a record whose key is not the clip's current one is made again from its saved images.
 * Answers the clips whose picture changed, for the panel to read again. One at a time, so a
 * panel scrolled through thousands of rows costs a handful of decodes, never a burst.
 */
export async function checkThumbnails(ids: readonly ClipId[]): Promise<{ changed: ClipId[] }> {
  const { library } = await services();
  const db = await thumbsDb();
  if (!db) return { changed: [] };
  const have = await readThumbs(db, ids);
  const changed: ClipId[] = [];
  const records: ThumbRecord[] = [];
  for (const id of ids) {
    const key = keyOf(library, id);
    const old = have.get(id);
    if (old && old.key === key) continue;
    const record = await makeRecord(library, id, key).catch(() => null);
    if (!record) continue;
    records.push(record);
    if (record.type !== null || (old && old.type !== null)) changed.push(id);
  }
  // One transaction for the lot (most are "no picture" records for clips without images).
  if (records.length > 0) await writeThumbs(db, records);
  return { changed };
}

/** Remakes one clip's thumbnail right after its images were saved (the image job), before open pages are told. */
export async function refreshThumbnail(id: ClipId): Promise<void> {
  await checkThumbnails([id]).catch((e: unknown) => console.warn('Commonplace: a thumbnail could not be made; the row shows none.', e));
}
