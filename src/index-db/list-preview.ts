import type { ClipSummary } from '../schema/clip-summary';
import { isClipSummaryJson } from '../schema/clip-summary-guard';
import { parseListRows } from '../schema/list-rows';
import { concatBytes } from '../util/bytes';

/**
 * The object store of a joining browser's early rows (`ClipIndex.putPreview`): the JSON text
 * (UTF-8) of the rows as the joined library's list document holds them, in parts of at most
 * {@link PREVIEW_PART_BYTES}, replaced whole.
 */
export const PREVIEW_STORE = 'preview';
/** The meta entry that names the preview held now (a stamp, new at each `putPreview`); absent when there is none. */
export const PREVIEW_STAMP = 'preview';
/**
 * Bytes per stored part. Chromium wrote the 10,000-row text (~6 MB) as one value in 146-175 ms
 * of a joining browser's bench:sync runs, against ~50 ms for the same rows as ten values.
 */
export const PREVIEW_PART_BYTES = 512 * 1024;

/**
 * A stored part of the preview: `json`, a piece of the rows' JSON text in UTF-8 (unchecked:
 * they come from another device; the parts in order make the text). Parts written by an earlier
 * version held checked row objects (`rows`), 1,000 each; they are still read, until the
 * preview is replaced or dropped.
 */
export interface PreviewPart {
  readonly part: number;
  readonly json?: Uint8Array;
  readonly rows?: readonly ClipSummary[];
}

/** The preview as it is stored: the text cut into parts of at most {@link PREVIEW_PART_BYTES} (copies: a view would store its whole buffer). */
export function previewParts(json: Uint8Array): PreviewPart[] {
  const parts: PreviewPart[] = [];
  for (let k = 0; k === 0 || k * PREVIEW_PART_BYTES < json.length; k++) parts.push({ part: k, json: json.slice(k * PREVIEW_PART_BYTES, (k + 1) * PREVIEW_PART_BYTES) });
  return parts;
}

/**
 * The valid rows of a preview's text, in its order ([] for none, or for text that is not a
 * list: a damaged or forged list document lists nothing early; its catalogs list it later).
 */
export function previewOf(json: Uint8Array | null): ClipSummary[] {
  if (json === null) return [];
  try {
    return parseListRows(json);
  } catch (e) {
    console.warn('Commonplace: the joined library\'s early list could not be read; it is listed once its catalogs arrive.', e);
    return [];
  }
}

/** The rows of stored parts (in part order): their text joined, parsed and checked (`previewOf`), or an earlier version's rows, each checked. */
export function partRows(parts: readonly PreviewPart[]): ClipSummary[] {
  const ordered = [...parts].sort((a, b) => a.part - b.part);
  const pieces = ordered.flatMap((p) => (p.json instanceof Uint8Array ? [p.json] : []));
  // An earlier version's rows, checked as the text's are: one damaged record must not break every list read.
  const earlier = ordered.flatMap((p) => (p.json === undefined && Array.isArray(p.rows) ? (p.rows as unknown[]).filter(isClipSummaryJson) : []));
  if (pieces.length === 0) return earlier;
  return [...previewOf(concatBytes(pieces)), ...earlier];
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
    // A throw in a request's callback would abort the transaction with this promise unsettled (a list read hanging for good).
    const guarded = (fn: () => void) => () => {
      try {
        fn();
      } catch (e) {
        reject(e);
      }
    };
    const meta = tx.objectStore('meta').get(PREVIEW_STAMP);
    meta.onerror = fail(meta);
    meta.onsuccess = guarded(() => {
      const stamp = (meta.result as { v?: unknown } | undefined)?.v;
      if (typeof stamp !== 'string') return resolve([]);
      const unlisted = (rows: readonly ClipSummary[]) => {
        const keys = tx.objectStore('clips').getAllKeys();
        keys.onerror = fail(keys);
        keys.onsuccess = guarded(() => {
          const have = new Set(keys.result as string[]);
          resolve(rows.filter((r) => !have.has(r.id)));
        });
      };
      if (cached?.stamp === stamp) return unlisted(cached.rows);
      const parts = tx.objectStore(PREVIEW_STORE).getAll();
      parts.onerror = fail(parts);
      parts.onsuccess = guarded(() => {
        const rows = partRows(parts.result as PreviewPart[]).filter((r) => r.deletedAt === null).sort(newestFirst);
        cached = { stamp, rows };
        unlisted(rows);
      });
    });
  });
}
