import { isReading, type ListState } from '../schema/plain-values';
import { storedTagKey } from '../library/tags';
import type { ClipSummary } from '../schema/clip-summary';
import { listStores, mergeNewestFirst, readPreview } from './list-preview';

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
 * [] when the index does not exist yet (the background creates and fills it). While a
 * joined library's rows are previewed (list-preview.ts), they are listed among the index's.
 */
export async function readLiveRows(idb: IDBFactory, offset: number, limit: number, keyRange: typeof IDBKeyRange = IDBKeyRange): Promise<ClipSummary[]> {
  const db = await openIndexDb(idb);
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains('clips')) return [];
    const tx = db.transaction(listStores(db), 'readonly');
    const store = tx.objectStore('clips');
    if (!store.indexNames.contains(LIVE_BY_DATE)) return [];
    const preview = await readPreview(tx);
    if (preview.length > 0) {
      // The page of the two lists together: among the first offset + limit rows of each.
      const own = await readLiveRowsIn(store, 0, offset + limit, keyRange);
      return mergeNewestFirst(own, preview).slice(offset, offset + limit);
    }
    return await readLiveRowsIn(store, offset, limit, keyRange);
  } finally {
    db.close();
  }
}

/** One page of the live rows of the `clips` store (its transaction active). */
async function readLiveRowsIn(store: IDBObjectStore, offset: number, limit: number, keyRange: typeof IDBKeyRange): Promise<ClipSummary[]> {
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
}

/** Opens the index database, or null when it does not exist yet: opening never creates it (that is the background's schema). */
function openIndexDb(idb: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise<IDBDatabase | null>((resolve, reject) => {
    const req = idb.open(INDEX_DB_NAME);
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
  });
}

/** `IDBIndex.getAllRecords` (Chromium 141+; not yet in the DOM typings or in Firefox). */
type GetAllRecords = (options: { query: IDBKeyRange; count: number; direction: IDBCursorDirection }) => IDBRequest<Array<{ value: unknown }>>;

/** A stored row without its `live` flag (the list row as the rest of the extension sees it). */
export function withoutLive(value: unknown): ClipSummary {
  const { live: _live, ...row } = value as ClipSummary & { live: number };
  return row as ClipSummary;
}

/**
 * Which clips a list shows: a state, and optionally one tag. States: `all` is every clip not
 * archived, `unread` those neither archived nor read, `favorites` every favourite (archived ones
 * too: a favourite is kept on purpose), `archived` only the archived ones. So an archived clip
 * leaves every list but Archived and Favourites. `tag` is compared by `tagKey` (case- and
 * accent-insensitive), as tags are everywhere.
 */
export interface ListFilter {
  readonly state: ListState;
  readonly tag: string | null;
}
/** The list a side panel opens on when nothing else was chosen: every clip not archived. */
export const DEFAULT_FILTER: ListFilter = { state: 'all', tag: null };

/** What decides a clip's states: an index row's fields, or a catalog entry's (where `favoriteAt` may be absent). */
export interface StateFields {
  readonly archivedAt: number | null;
  readonly readAt: number | null;
  readonly favoriteAt?: number | null;
  /** Reading progress, 0-100 (absent: not started). */
  readonly progress?: number;
}

/** The predicate for clips in the list of `state` (see {@link ListFilter}): the lists' and the counts beside them. */
export function statePredicate(state: ListState): (r: StateFields) => boolean {
  return state === 'archived'
    ? (r) => r.archivedAt != null
    : state === 'favorites'
      ? (r) => r.favoriteAt != null
      : state === 'unread'
        ? (r) => r.archivedAt == null && r.readAt == null
        : state === 'reading'
          ? isReading
          : (r) => r.archivedAt == null;
}

/** The predicate for rows in `filter` (the tag's key computed once, not per row). */
export function rowFilter(filter: ListFilter): (row: ClipSummary) => boolean {
  const key = filter.tag === null ? null : storedTagKey(filter.tag);
  const state = statePredicate(filter.state);
  if (key === null) return state;
  return (r) => state(r) && r.tags.some((t) => t === filter.tag || storedTagKey(t) === key);
}


/**
 * One page of the live rows in `filter`, newest first: `offset` and `limit` count rows that
 * match. Scans `[live+savedAt]` newest first and skips the rows that do not match. Where the
 * browser has `getAllRecords`, the newest `1.5 × (offset + limit)` rows come in one request
 * (measured: reading 200 rows for a first page of 50 cost ~10 ms of a 100 ms first render at
 * 10,000 clips), which serves the common lists; a rare tag or state goes on with a cursor from there
 * (values only, no sorting, nothing kept but the page). Returns [] when the index does not exist
 * yet, without creating it.
 */
export async function readLiveRowsWhere(idb: IDBFactory, filter: ListFilter, offset: number, limit: number, keyRange: typeof IDBKeyRange = IDBKeyRange): Promise<ClipSummary[]> {
  const db = await openIndexDb(idb);
  // For the benchmarks' timelines (bench:library, panel-probe): how much of the first page's read is the open.
  performance.mark('cp-list-db-opened');
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains('clips')) return [];
    const tx = db.transaction(listStores(db), 'readonly');
    const store = tx.objectStore('clips');
    if (!store.indexNames.contains(LIVE_BY_DATE)) return [];
    const keep = rowFilter(filter);
    // Both requests at once (one round trip to the database, not two): the preview's, then the page's.
    const previewed = readPreview(tx);
    const index = store.index(LIVE_BY_DATE) as IDBIndex & { getAllRecords?: GetAllRecords };
    const range = keyRange.bound([1, -Infinity], [1, Infinity]);
    const want = offset + limit;
    const reading = new Promise<ClipSummary[]>((resolve, reject) => {
      // Callbacks, not awaits, so every request is made while the transaction is active.
      const scan = (skip: number, rows: ClipSummary[]) => {
        const req = index.openCursor(range, 'prev');
        let skipped = skip === 0;
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor) return resolve(rows);
          if (!skipped) return void ((skipped = true), cursor.advance(skip));
          const row = withoutLive(cursor.value);
          if (keep(row) && rows.push(row) >= want) return resolve(rows);
          cursor.continue();
        };
      };
      if (typeof index.getAllRecords !== 'function') return scan(0, []);
      const count = Math.ceil(1.5 * want);
      const req = index.getAllRecords({ query: range, count, direction: 'prev' });
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const rows = req.result.map((r) => withoutLive(r.value)).filter(keep);
        if (rows.length >= want || req.result.length < count) resolve(rows);
        else scan(req.result.length, rows);
      };
    });
    const [preview, found] = await Promise.all([previewed, reading]);
    // A joined library's previewed rows among them: the page is among the first `want` of each.
    return mergeNewestFirst(found, preview.filter(keep)).slice(offset, want);
  } finally {
    db.close();
  }
}
