import type { ClipSummary } from '../schema/clip-summary';

/**
 * The object store of a joining browser's early rows (`ClipIndex.putPreview`): parts of at most
 * {@link PREVIEW_PART_ROWS} rows, replaced whole.
 */
export const PREVIEW_STORE = 'preview';
/** The meta entry that names the preview held now (a stamp, new at each `putPreview`); absent when there is none. */
export const PREVIEW_STAMP = 'preview';
/** Rows per stored part: 16 parts of 625 rows were written in ~30 ms in Chromium where 10,000 one-row puts took 0.6-1.1 s. */
export const PREVIEW_PART_ROWS = 1_000;

/** A stored part of the preview. */
export interface PreviewPart {
  readonly part: number;
  readonly rows: readonly ClipSummary[];
}

/**
 * The list's order: newest saved first, equal dates by id descending, which is the order a
 * `prev` cursor over `[live+savedAt]` gives (the primary key breaks ties).
 */
export function newestFirst(a: Pick<ClipSummary, 'savedAt' | 'id'>, b: Pick<ClipSummary, 'savedAt' | 'id'>): number {
  return b.savedAt - a.savedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Two lists, each newest first, as one list newest first (neither is changed). */
export function mergeNewestFirst<T extends Pick<ClipSummary, 'savedAt' | 'id'>>(a: readonly T[], b: readonly T[]): T[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(newestFirst(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** The stores a list read opens in one transaction: `clips`, and `meta` and the preview where the index has them. */
export function listStores(db: IDBDatabase): string[] {
  return ['clips', 'meta', PREVIEW_STORE].filter((s) => db.objectStoreNames.contains(s));
}

/** The preview rows of the last stamp read (one per page): they are read again only when the stamp changes. */
let cached: { readonly stamp: string; readonly rows: readonly ClipSummary[] } | null = null;

/**
 * In `tx` (a readonly transaction over {@link listStores}), the preview's live rows that the
 * `clips` store does not hold, newest first; [] when there is no preview (the common case: one
 * meta read). While a browser joins a library, these are the rows its list shows beside the
 * index's own: a reconcile writes a catalog's rows into `clips`, and once every catalog has
 * been reconciled it drops the preview, so a row listed in both is shown once (from `clips`).
 * Make this the transaction's first request: it issues its requests in callbacks, so the
 * transaction stays active for the caller's requests after it.
 */
export function readPreview(tx: IDBTransaction): Promise<readonly ClipSummary[]> {
  const stores = tx.objectStoreNames;
  if (!stores.contains(PREVIEW_STORE) || !stores.contains('meta')) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const fail = (req: IDBRequest) => () => reject(req.error);
    const meta = tx.objectStore('meta').get(PREVIEW_STAMP);
    meta.onerror = fail(meta);
    meta.onsuccess = () => {
      const stamp = (meta.result as { v?: unknown } | undefined)?.v;
      if (typeof stamp !== 'string') return resolve([]);
      const unlisted = (rows: readonly ClipSummary[]) => {
        const keys = tx.objectStore('clips').getAllKeys();
        keys.onerror = fail(keys);
        keys.onsuccess = () => {
          const have = new Set(keys.result as string[]);
          resolve(rows.filter((r) => !have.has(r.id)));
        };
      };
      if (cached?.stamp === stamp) return unlisted(cached.rows);
      const parts = tx.objectStore(PREVIEW_STORE).getAll();
      parts.onerror = fail(parts);
      parts.onsuccess = () => {
        const rows = (parts.result as PreviewPart[]).flatMap((p) => p.rows).filter((r) => r.deletedAt === null).sort(newestFirst);
        cached = { stamp, rows };
        unlisted(rows);
      };
    };
  });
}

/** Splits rows into stored parts of at most {@link PREVIEW_PART_ROWS}. */
export function previewParts(rows: readonly ClipSummary[]): PreviewPart[] {
  const parts: PreviewPart[] = [];
  for (let k = 0; k * PREVIEW_PART_ROWS < rows.length; k++) parts.push({ part: k, rows: rows.slice(k * PREVIEW_PART_ROWS, (k + 1) * PREVIEW_PART_ROWS) });
  return parts;
}
