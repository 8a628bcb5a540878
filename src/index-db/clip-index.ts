import type { ClipSummary } from '../schema/clip-summary';
import { previewOf } from './list-preview';

/**
 * The derived, rebuildable index over clip documents: list rows for the reading
 * list, and lookups by id and key. It is never the source of truth — the Automerge
 * documents are — so it can be cleared and rebuilt at any time (`Library.rebuildIndex`).
 * Implementations: `DexieClipIndex` (extension), `MemoryClipIndex` (tests); both pass
 * tests/unit/index-db/clip-index-conformance.ts.
 */
export interface ClipIndex {
  get(id: string): Promise<ClipSummary | undefined>;
  /** Writes a row, and with it (atomically) any `meta` entries given. */
  put(row: ClipSummary, meta?: Record<string, string>): Promise<void>;
  /** Writes rows, and with them (atomically) any `meta` entries given. */
  putMany(rows: readonly ClipSummary[], meta?: Record<string, string>): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  /**
   * A row whose `url` or `pageUrl` is this normalised URL, chosen by `bestUrlMatch` (a live
   * clip before a deleted one, a page before a saved selection of it); deleted rows included.
   */
  findByUrl(url: string): Promise<ClipSummary | undefined>;
  /** The row filed under this de-duplication key (deleted rows included): only the clip listed for a key has a row. */
  findByKey(key: string): Promise<ClipSummary | undefined>;
  /** Live (not deleted) rows, newest saved first. */
  list(opts: { offset?: number; limit: number }): Promise<ClipSummary[]>;
  /** Every row's id (reconciliation removes those no catalog lists). */
  ids(): Promise<Set<string>>;
  count(): Promise<number>;
  /** Drops every row, the preview and every meta entry. */
  clear(): Promise<void>;
  /**
   * Replaces the preview (rows another library lists that no catalog here holds yet: a joining
   * browser's list document), and writes any `meta` entries given, in one transaction. `rows`
   * is their JSON text (UTF-8) as the list document holds it (inflated), stored as it is: its rows come
   * from another device and are parsed and checked where they are read (`parseListRows`), not
   * in the busy joining worker. The preview is kept apart from the rows (`get`, `list`, `ids`
   * and `count` do not see it); the side panel's list shows it beside them (list-preview.ts).
   * One write of a few records (parts of at most `PREVIEW_PART_BYTES`): the rows' per-row
   * writes cost ~0.1 ms each in Chromium, 1 s at 10,000 clips.
   */
  putPreview(rows: Uint8Array, meta?: Record<string, string>): Promise<void>;
  /** The preview's valid rows, in the text's order ([] when there is none, or its text is not a list). */
  previewRows(): Promise<ClipSummary[]>;
  /** Whether a preview is held (one meta read). */
  hasPreview(): Promise<boolean>;
  /** Drops the preview (the reconcile that wrote every catalog's rows does). */
  clearPreview(): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string | undefined): Promise<void>;
  /** Several meta entries in one write (one transaction): the sync ledger's writes of one task. */
  setMetaMany(entries: ReadonlyArray<readonly [string, string]>): Promise<void>;
}

/**
 * Of the rows found for one URL (those whose `url` is it first, then those whose `pageUrl` is),
 * the one to answer: the first live one that is not a selection, else the first live one, else
 * the first not a selection, else the first. A page's address can have several rows (a selection
 * saved from it, a deleted clip of it): answering whichever came first hid its live clip.
 */
export function bestUrlMatch<R extends ClipSummary>(rows: readonly R[]): R | undefined {
  const rank = (r: R) => (r.deletedAt === null ? 0 : 2) + (r.kind === 'selection' ? 1 : 0);
  let best: R | undefined;
  for (const r of rows) if (!best || rank(r) < rank(best)) best = r;
  return best;
}

/** Array-backed index for unit tests. */
export class MemoryClipIndex implements ClipIndex {
  private readonly rows = new Map<string, ClipSummary>();
  private readonly meta = new Map<string, string>();
  private preview: Uint8Array | null = null;
  async get(id: string) {
    return this.rows.get(id);
  }
  async put(row: ClipSummary, meta?: Record<string, string>) {
    this.rows.set(row.id, { ...row });
    for (const [k, v] of Object.entries(meta ?? {})) this.meta.set(k, v);
  }
  async putMany(rows: readonly ClipSummary[], meta?: Record<string, string>) {
    for (const r of rows) this.rows.set(r.id, { ...r });
    for (const [k, v] of Object.entries(meta ?? {})) this.meta.set(k, v);
  }
  async remove(ids: readonly string[]) {
    for (const id of ids) this.rows.delete(id);
  }
  async findByUrl(url: string) {
    const rows = [...this.rows.values()];
    return bestUrlMatch([...rows.filter((r) => r.url === url), ...rows.filter((r) => r.url !== url && r.pageUrl === url)]);
  }
  async findByKey(key: string) {
    return [...this.rows.values()].find((r) => r.key === key);
  }
  async list({ offset = 0, limit }: { offset?: number; limit: number }) {
    return [...this.rows.values()]
      .filter((r) => r.deletedAt === null)
      .sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1))
      .slice(offset, offset + limit);
  }
  async ids() {
    return new Set(this.rows.keys());
  }
  async count() {
    return this.rows.size;
  }
  async clear() {
    this.rows.clear();
    this.meta.clear();
    this.preview = null;
  }
  async putPreview(rows: Uint8Array, meta?: Record<string, string>) {
    this.preview = rows.slice();
    for (const [k, v] of Object.entries(meta ?? {})) this.meta.set(k, v);
  }
  async previewRows() {
    return previewOf(this.preview);
  }
  async hasPreview() {
    return this.preview !== null;
  }
  async clearPreview() {
    this.preview = null;
  }
  async getMeta(key: string) {
    return this.meta.get(key);
  }
  async setMeta(key: string, value: string | undefined) {
    if (value === undefined) this.meta.delete(key);
    else this.meta.set(key, value);
  }
  async setMetaMany(entries: ReadonlyArray<readonly [string, string]>) {
    for (const [k, v] of entries) this.meta.set(k, v);
  }
  /** A copy of the index as it is now (tests of a background killed at this instant). */
  snapshot(): MemoryClipIndex {
    const copy = new MemoryClipIndex();
    for (const [k, r] of this.rows) copy.rows.set(k, { ...r });
    for (const [k, v] of this.meta) copy.meta.set(k, v);
    copy.preview = this.preview;
    return copy;
  }
}
