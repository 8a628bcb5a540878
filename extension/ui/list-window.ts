import { INDEX_DB_NAME, LIVE_BY_DATE, rowFilter, withoutLive, type ListFilter } from '../../src/index-db/list-query';
import type { ClipSummary } from '../../src/schema/clip-summary';

/**
 * The reading list in one filter, as the virtualised list holds it: the ids of every row in
 * order (newest first), and the rows it asked to keep. The ids give the list its length and
 * its keys; rows are read by id as they scroll into view ({@link readRows}).
 */
export interface ListScan {
  readonly ids: string[];
  readonly rows: Map<string, ClipSummary>;
}

/** The index database, opened once per page (per factory) and closed when the background upgrades its schema. */
const connections = new WeakMap<IDBFactory, Promise<IDBDatabase | null>>();

/** Opens the index database (never creating it: that is the background's schema), or null when it does not exist yet. */
function openIndex(idb: IDBFactory): Promise<IDBDatabase | null> {
  const cached = connections.get(idb);
  if (cached) return cached;
  const forget = () => connections.get(idb) === mine && connections.delete(idb);
  const mine = new Promise<IDBDatabase | null>((resolve, reject) => {
    const req = idb.open(INDEX_DB_NAME);
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      // A newer schema waits for every connection to close: let it, and open again next time.
      db.onversionchange = () => (db.close(), forget());
      db.onclose = () => void forget();
      resolve(db);
    };
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
  });
  connections.set(idb, mine);
  // A missing database is looked for again next time (the background may have created it since).
  void mine.then((db) => db === null && forget(), forget);
  return mine;
}

/** The clips store for reading, or null when the index (or its list index) does not exist yet. */
async function clipsStore(idb: IDBFactory): Promise<IDBObjectStore | null> {
  const db = await openIndex(idb);
  if (!db || !db.objectStoreNames.contains('clips')) return null;
  try {
    return db.transaction('clips', 'readonly').objectStore('clips');
  } catch (e) {
    // Closed meanwhile (a schema upgrade): once more on a new connection.
    if ((e as DOMException).name !== 'InvalidStateError') throw e;
    connections.delete(idb);
    const again = await openIndex(idb);
    return again && again.objectStoreNames.contains('clips') ? again.transaction('clips', 'readonly').objectStore('clips') : null;
  }
}

const done = <T,>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/**
 * Every live row in `filter`, newest first, as ids, keeping the rows at the positions `keep`
 * accepts (the ones about to be drawn). One request over the `[live+savedAt]` index: its
 * values are filtered here, since the index has no key for states or tags, then dropped.
 * Read oldest first (`getAll`) and walked backwards, which is the order a `prev` cursor gives,
 * ties included (equal dates come in descending id order either way).
 */
export async function scanList(idb: IDBFactory, filter: ListFilter, keep: (index: number) => boolean): Promise<ListScan> {
  const store = await clipsStore(idb);
  if (!store || !store.indexNames.contains(LIVE_BY_DATE)) return { ids: [], rows: new Map() };
  const values = await done(store.index(LIVE_BY_DATE).getAll(IDBKeyRange.bound([1, -Infinity], [1, Infinity])));
  const match = rowFilter(filter);
  const ids: string[] = [];
  const rows = new Map<string, ClipSummary>();
  for (let k = values.length - 1; k >= 0; k--) {
    // The stored value is the row plus `live`: tested as it is, copied only when kept.
    const value = values[k] as ClipSummary;
    if (!match(value)) continue;
    if (keep(ids.length)) rows.set(value.id, withoutLive(value));
    ids.push(value.id);
  }
  return { ids, rows };
}

/** The rows of `ids` (one transaction; a row deleted meanwhile is left out). */
export async function readRows(idb: IDBFactory, ids: readonly string[]): Promise<Map<string, ClipSummary>> {
  const out = new Map<string, ClipSummary>();
  const store = ids.length ? await clipsStore(idb) : null;
  if (!store) return out;
  await Promise.all(
    ids.map((id) =>
      done(store.get(id)).then((value: unknown) => {
        if (value && (value as { live?: number }).live === 1) out.set(id, withoutLive(value));
      }),
    ),
  );
  return out;
}
