import type { ClipSummary } from '../schema/clip-summary';

/** Name of the index database (written by `DexieClipIndex` in the background). */
export const INDEX_DB_NAME = 'commonplace-index';
/** Broadcast channel on which the index announces every write. */
export const INDEX_CHANGED_CHANNEL = 'commonplace-index-changed';
/** The compound index of live rows by save date (Dexie names IndexedDB indexes by their key path). */
export const LIVE_BY_DATE = '[live+savedAt]';

/**
 * Reads one page of the reading list — live rows, newest first — straight from
 * IndexedDB: one index range and a cursor, no library. The side panel uses this so its
 * first screen needs no more than Preact to render, however large the library. Returns
 * [] when the index does not exist yet (the background creates and fills it).
 */
export async function readLiveRows(idb: IDBFactory, offset: number, limit: number, keyRange: typeof IDBKeyRange = IDBKeyRange): Promise<ClipSummary[]> {
  const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
    const req = idb.open(INDEX_DB_NAME);
    // Opening must never create the database: leave that to the background's schema.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
  });
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains('clips')) return [];
    const store = db.transaction('clips', 'readonly').objectStore('clips');
    if (!store.indexNames.contains(LIVE_BY_DATE)) return [];
    const range = keyRange.bound([1, -Infinity], [1, Infinity]);
    const index = store.index(LIVE_BY_DATE) as IDBIndex & { getAllRecords?: GetAllRecords };
    if (typeof index.getAllRecords === 'function') {
      // One round trip for the whole page (Chromium 141+); the cursor below costs one per row.
      const req = index.getAllRecords({ query: range, count: offset + limit, direction: 'prev' });
      const records = await new Promise<Array<{ value: unknown }>>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      return records.slice(offset).map((r) => withoutLive(r.value));
    }
    return await new Promise<ClipSummary[]>((resolve, reject) => {
      const rows: ClipSummary[] = [];
      let skipped = offset === 0;
      const req = index.openCursor(range, 'prev');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return resolve(rows);
        if (!skipped) {
          skipped = true;
          return cursor.advance(offset);
        }
        rows.push(withoutLive(cursor.value));
        if (rows.length >= limit) return resolve(rows);
        cursor.continue();
      };
    });
  } finally {
    db.close();
  }
}

/** `IDBIndex.getAllRecords` (Chromium 141+; not yet in the DOM typings or in Firefox). */
type GetAllRecords = (options: { query: IDBKeyRange; count: number; direction: IDBCursorDirection }) => IDBRequest<Array<{ value: unknown }>>;

/** A stored row without its `live` flag (the list row as the rest of the extension sees it). */
export function withoutLive(value: unknown): ClipSummary {
  const { live: _live, ...row } = value as ClipSummary & { live: number };
  return row as ClipSummary;
}
