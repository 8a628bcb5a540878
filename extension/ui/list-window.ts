import { INDEX_DB_NAME, LIVE_BY_DATE, rowFilter, withoutLive, type ListFilter } from '../../src/index-db/list-query';
import { listStores, mergeNewestFirst, readPreview } from '../../src/index-db/list-preview';
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

/** A read of the list (clips, and the preview where there is one), or null when the index does not exist yet. */
async function listTx(idb: IDBFactory): Promise<IDBTransaction | null> {
  const db = await openIndex(idb);
  if (!db || !db.objectStoreNames.contains('clips')) return null;
  try {
    return db.transaction(listStores(db), 'readonly');
  } catch (e) {
    // Closed meanwhile (a schema upgrade): once more on a new connection.
    if ((e as DOMException).name !== 'InvalidStateError') throw e;
    connections.delete(idb);
    const again = await openIndex(idb);
    return again && again.objectStoreNames.contains('clips') ? again.transaction(listStores(again), 'readonly') : null;
  }
}

const done = <T,>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/**
 * Every live row in `filter`, newest first, as ids, keeping the rows at the positions `keep`
 * accepts (the ones about to be drawn). Read over the `[live+savedAt]` index, `chunk` rows per
 * request (`SCAN_CHUNK`): its values are filtered here, since the index has no key for states or
 * tags, then dropped. Read oldest first (`getAll`) and walked backwards, which is the order a
 * `prev` cursor gives, ties included (equal dates come in descending id order either way).
 */
export async function scanList(idb: IDBFactory, filter: ListFilter, keep: (index: number) => boolean, chunk = SCAN_CHUNK): Promise<ListScan> {
  const tx = await listTx(idb);
  const store = tx?.objectStore('clips');
  if (!tx || !store || !store.indexNames.contains(LIVE_BY_DATE)) return { ids: [], rows: new Map() };
  const match = rowFilter(filter);
  // A joined library's rows, previewed while its catalogs arrive (src/index-db/list-preview.ts), are listed among them.
  const preview = (await readPreview(tx)).filter(match);
  const values = await readLiveInChunks(store.index(LIVE_BY_DATE), chunk);
  const ids: string[] = [];
  const rows = new Map<string, ClipSummary>();
  const add = (value: ClipSummary) => {
    if (keep(ids.length)) rows.set(value.id, withoutLive(value));
    ids.push(value.id);
  };
  if (preview.length > 0) {
    const own = (values as ClipSummary[]).filter(match).reverse();
    for (const value of mergeNewestFirst(own, preview)) add(value);
    return { ids, rows };
  }
  for (let k = values.length - 1; k >= 0; k--) {
    // The stored value is the row plus `live`: tested as it is, copied only when kept.
    const value = values[k] as ClipSummary;
    if (match(value)) add(value);
  }
  return { ids, rows };
}

/**
 * Rows per request of a scan. Chromium runs an extension's IndexedDB requests on one thread, one
 * at a time, the background's included: one request for a whole 10,000-row list held them all
 * for 0.8-1 s after each side panel opened (a trace: nothing else ran meanwhile; a search typed
 * then waited 344 ms for its snippets' texts). At that trace's ~0.1 ms a row, a part of 250 holds
 * them ~25 ms, and the page takes each part in as its own task.
 */
export const SCAN_CHUNK = 250;

/**
 * Every live row of `[live+savedAt]`, oldest first (the index's order: by date, then by id), read
 * `chunk` rows per request. Each part ends before its last date, whose rows are then read on their
 * own (`only`): rows sharing a date are neither missed nor read twice, however many share it. More
 * than `chunk` of them (an import's items with no date of their own share one) go on by a cursor,
 * a row per request, rather than in one long request.
 */
function readLiveInChunks(index: IDBIndex, chunk: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const out: unknown[] = [];
    // Callbacks, not awaits: each request is made while the transaction is active.
    const from = (lower: IDBKeyRange) => {
      const req = index.getAll(lower, chunk);
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const got = req.result as ClipSummary[];
        if (got.length < chunk) return resolve(out.concat(got));
        const last = got[got.length - 1]!.savedAt;
        for (const value of got) if (value.savedAt !== last) out.push(value);
        const date = IDBKeyRange.only([1, last]);
        const after = () => from(IDBKeyRange.bound([1, last], [1, Infinity], true));
        const tie = index.getAll(date, chunk);
        tie.onerror = () => reject(tie.error);
        tie.onsuccess = () => {
          for (const value of tie.result) out.push(value);
          if (tie.result.length < chunk) return after();
          const rest = index.openCursor(date);
          let skipped = false;
          rest.onerror = () => reject(rest.error);
          rest.onsuccess = () => {
            const cursor = rest.result;
            if (!cursor) return after();
            if (!skipped) return void ((skipped = true), cursor.advance(chunk));
            out.push(cursor.value);
            cursor.continue();
          };
        };
      };
    };
    from(IDBKeyRange.bound([1, -Infinity], [1, Infinity]));
  });
}

/** The rows of `ids` (one transaction; a row deleted meanwhile is left out). */
export async function readRows(idb: IDBFactory, ids: readonly string[]): Promise<Map<string, ClipSummary>> {
  const out = new Map<string, ClipSummary>();
  const tx = ids.length ? await listTx(idb) : null;
  if (!tx) return out;
  const wanted = new Set(ids);
  for (const row of await readPreview(tx)) if (wanted.has(row.id)) out.set(row.id, row);
  const store = tx.objectStore('clips');
  await Promise.all(
    ids.map((id) =>
      done(store.get(id)).then((value: unknown) => {
        if (value && (value as { live?: number }).live === 1) out.set(id, withoutLive(value));
      }),
    ),
  );
  return out;
}
