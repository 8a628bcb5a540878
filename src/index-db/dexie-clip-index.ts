import Dexie, { type Table } from 'dexie';
import { bestUrlMatch, type ClipIndex } from './clip-index';
import type { ClipSummary } from '../schema/clip-summary';
import { INDEX_CHANGED_CHANNEL, INDEX_DB_NAME, LIVE_BY_DATE, withoutLive } from './list-query';
import { PREVIEW_STAMP, partRows, previewParts, type PreviewPart } from './list-preview';

interface MetaRow {
  k: string;
  v: string;
}

/** A stored row: the list row plus `live` (1 unless deleted), so live rows have an index by date. */
type StoredRow = ClipSummary & { live: 0 | 1 };
const stored = (row: ClipSummary): StoredRow => ({ ...row, live: row.deletedAt === null ? 1 : 0 });

/**
 * The Dexie schema. Bump the version and add a `.stores()` step to change it; since
 * the index is derived, an upgrade may also simply clear it (it is rebuilt on wake).
 * v2 adds `[live+savedAt]` so the reading list is one index range, with no filter; v3
 * (library schema 2) drops the rows' `doc` and starts empty; v4 (tags, favourites, notes in
 * the rows) starts empty too.
 */
export class IndexDatabase extends Dexie {
  clips!: Table<StoredRow, string>;
  meta!: Table<MetaRow, string>;
  preview!: Table<PreviewPart, number>;
  constructor(deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    // Relaxed durability: the index is derived, and a row and the reconcile marker written
    // with it are lost together or not at all, so a lost write is repaired on the next start.
    super(INDEX_DB_NAME, { ...deps, chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({ clips: 'id, key, url, pageUrl, savedAt', meta: 'k' });
    this.version(2)
      .stores({ clips: `id, key, url, pageUrl, savedAt, ${LIVE_BY_DATE}` })
      .upgrade((tx) => tx.table('clips').toCollection().modify((r: StoredRow) => void (r.live = r.deletedAt === null ? 1 : 0)));
    // v3: rows lose `doc` (library schema 2 keeps clips in catalogs). Derived, so cleared and rebuilt on wake.
    this.version(3)
      .stores({ clips: `id, key, url, pageUrl, savedAt, ${LIVE_BY_DATE}` })
      .upgrade(async (tx) => {
        await tx.table('clips').clear();
        await tx.table('meta').clear();
      });
    // v4: rows gain `tags`, `favoriteAt` and `hasNote`. Derived, so cleared and rebuilt on wake.
    this.version(4)
      .stores({ clips: `id, key, url, pageUrl, savedAt, ${LIVE_BY_DATE}` })
      .upgrade(async (tx) => {
        await tx.table('clips').clear();
        await tx.table('meta').clear();
      });
    // v5: a joining browser's early rows, a few records (list-preview.ts). The rows stay as they are.
    this.version(5).stores({ preview: 'part' });
  }
}

/**
 * The extension's ClipIndex: IndexedDB through Dexie. Every write is announced on the
 * `INDEX_CHANGED_CHANNEL` broadcast channel, so open reading lists re-query.
 */
export class DexieClipIndex implements ClipIndex {
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(INDEX_CHANGED_CHANNEL);
  constructor(readonly db: IndexDatabase) {}
  private changed(): void {
    this.channel?.postMessage('changed');
  }
  async get(id: string) {
    return strip(await this.db.clips.get(id));
  }
  async put(row: ClipSummary, meta?: Record<string, string>) {
    if (!meta) await this.db.clips.put(stored(row));
    else
      await this.db.transaction('rw', this.db.clips, this.db.meta, async () => {
        await this.db.clips.put(stored(row));
        await this.db.meta.bulkPut(Object.entries(meta).map(([k, v]) => ({ k, v })));
      });
    this.changed();
  }
  async putMany(rows: readonly ClipSummary[], meta?: Record<string, string>) {
    if (rows.length === 0 && (!meta || Object.keys(meta).length === 0)) return;
    if (!meta) await this.db.clips.bulkPut(rows.map(stored));
    else
      await this.db.transaction('rw', this.db.clips, this.db.meta, async () => {
        await this.db.meta.bulkPut(Object.entries(meta).map(([k, v]) => ({ k, v })));
        await this.db.clips.bulkPut(rows.map(stored));
      });
    this.changed();
  }
  async remove(ids: readonly string[]) {
    if (ids.length === 0) return;
    await this.db.clips.bulkDelete(ids as string[]);
    this.changed();
  }
  async findByUrl(url: string) {
    const byUrl = await this.db.clips.where('url').equals(url).toArray();
    const byPage = await this.db.clips.where('pageUrl').equals(url).toArray();
    return strip(bestUrlMatch([...byUrl, ...byPage.filter((r) => r.url !== url)]));
  }
  async findByKey(key: string) {
    return strip(await this.db.clips.get({ key }));
  }
  async list({ offset = 0, limit }: { offset?: number; limit: number }) {
    const rows = await this.db.clips
      .where(LIVE_BY_DATE)
      .between([1, Dexie.minKey], [1, Dexie.maxKey])
      .reverse()
      .offset(offset)
      .limit(limit)
      .toArray();
    return rows.map((r) => strip(r)!);
  }
  async ids() {
    return new Set((await this.db.clips.toCollection().primaryKeys()) as string[]);
  }
  async count() {
    return this.db.clips.count();
  }
  async clear() {
    await this.db.transaction('rw', this.db.clips, this.db.meta, this.db.preview, async () => {
      await this.db.clips.clear();
      await this.db.meta.clear();
      await this.db.preview.clear();
    });
    this.changed();
  }
  async putPreview(rows: Uint8Array, meta?: Record<string, string>) {
    // A new stamp each time: a page that read the last preview reads this one again.
    const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    await this.db.transaction('rw', this.db.meta, this.db.preview, async () => {
      await Promise.all([
        this.db.preview.clear(),
        this.db.preview.bulkPut(previewParts(rows)),
        this.db.meta.bulkPut(Object.entries({ ...meta, [PREVIEW_STAMP]: stamp }).map(([k, v]) => ({ k, v }))),
      ]);
    });
    this.changed();
  }
  async previewRows() {
    return partRows(await this.db.preview.orderBy('part').toArray());
  }
  async hasPreview() {
    return (await this.db.meta.get(PREVIEW_STAMP)) !== undefined;
  }
  async clearPreview() {
    await this.db.transaction('rw', this.db.meta, this.db.preview, async () => {
      await this.db.preview.clear();
      await this.db.meta.delete(PREVIEW_STAMP);
    });
    this.changed();
  }
  async getMeta(key: string) {
    return (await this.db.meta.get(key))?.v;
  }
  async setMeta(key: string, value: string | undefined) {
    if (value === undefined) await this.db.meta.delete(key);
    else await this.db.meta.put({ k: key, v: value });
  }
  async setMetaMany(entries: ReadonlyArray<readonly [string, string]>) {
    if (entries.length > 0) await this.db.meta.bulkPut(entries.map(([k, v]) => ({ k, v })));
  }
}

function strip(row: StoredRow | undefined): ClipSummary | undefined {
  return row ? withoutLive(row) : undefined;
}
