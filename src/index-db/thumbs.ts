/**
 * The reading list's thumbnails: one small picture per clip, derived from its saved images and
 * kept in an IndexedDB database of their own (`commonplace-thumbs`), apart from the index, whose
 * schema they would otherwise bump. Derived and rebuildable: a record names what it was made from
 * (`key`, src/images/thumbnail.ts `thumbKey`), the background remakes one whose key is out of date,
 * and deleting the database loses nothing. The side panel reads them with plain IndexedDB (no
 * Dexie on its first-paint path) and never creates the database.
 */

export const THUMBS_DB_NAME = 'commonplace-thumbs';
const STORE = 'thumbs';

/** A clip's thumbnail, or the record that it has none for `key` (`type` and `data` null). */
export interface ThumbRecord {
  readonly id: string;
  /** What it was made from (`thumbKey`), '' when the clip has no saved images. */
  readonly key: string;
  readonly type: string | null;
  readonly data: Uint8Array | null;
}

/** A record read back, checked (the database is this extension's, but a damaged one must not break the list). */
function asRecord(v: unknown): ThumbRecord | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.key !== 'string') return null;
  if (r.type === null && r.data === null) return { id: r.id, key: r.key, type: null, data: null };
  if (typeof r.type !== 'string' || !/^image\/[a-z0-9.+-]+$/.test(r.type)) return null;
  // Checked by shape, not `instanceof`: a value cloned in another realm (a test's IndexedDB) is still bytes.
  const data = r.data;
  if (ArrayBuffer.isView(data)) return { id: r.id, key: r.key, type: r.type, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return { id: r.id, key: r.key, type: r.type, data: new Uint8Array(data as ArrayBuffer) };
  return null;
}

/**
 * Opens the database; `create` (the background) makes it, otherwise (a page) null when it does not
 * exist yet. `onClosed` runs when the connection ends other than by the caller's own `close()`:
 * another context deleting or upgrading the database (the connection lets go at once, so that it
 * does not block them), or the browser closing it (storage cleared, a disk error). The caller then
 * drops the connection it keeps and opens again at its next read; a closed one would fail every
 * read after it.
 */
export function openThumbs(idb: IDBFactory, create: boolean, onClosed?: () => void): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const req = idb.open(THUMBS_DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!create) return req.transaction?.abort();
      req.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => {
        db.close();
        onClosed?.();
      };
      db.onclose = () => onClosed?.();
      resolve(db);
    };
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
  });
}

/** The records of `ids` that exist (and read back whole). */
export function readThumbs(db: IDBDatabase, ids: readonly string[]): Promise<Map<string, ThumbRecord>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, ThumbRecord>();
    if (ids.length === 0) return resolve(out);
    const tx = db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    for (const id of ids) {
      const req = store.get(id);
      req.onsuccess = () => {
        const r = asRecord(req.result);
        if (r && r.id === id) out.set(id, r);
      };
    }
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('The thumbnails could not be read.'));
  });
}

/** Stores `records` in one transaction (all or none). */
export function writeThumbs(db: IDBDatabase, records: readonly ThumbRecord[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    try {
      for (const r of records) store.put({ id: r.id, key: r.key, type: r.type, data: r.data });
    } catch (e) {
      // A record refused as it is put: the ones before it must not be stored without it.
      tx.abort();
      return reject(e);
    }
    tx.oncomplete = () => resolve();
    tx.onerror = (e) => reject(tx.error ?? (e.target as IDBRequest | null)?.error ?? new Error('The thumbnails could not be stored.'));
    tx.onabort = () => reject(tx.error ?? new Error('The thumbnails could not be stored.'));
  });
}
