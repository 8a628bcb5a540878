import Dexie, { type Table } from 'dexie';
import type { ClipIndex, ClipRow } from './clip-index';

/** Name of the index database; the UI opens the same database read-only for the list. */
export const INDEX_DB_NAME = 'commonplace-index';

interface MetaRow {
  k: string;
  v: string;
}

/**
 * The Dexie schema. Bump the version and add a `.stores()` step to change it; since
 * the index is derived, an upgrade may also simply clear it (it is rebuilt on wake).
 */
export class IndexDatabase extends Dexie {
  clips!: Table<ClipRow, string>;
  meta!: Table<MetaRow, string>;
  constructor(deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(INDEX_DB_NAME, deps);
    this.version(1).stores({ clips: 'id, key, url, pageUrl, savedAt', meta: 'k' });
  }
}

/** The extension's ClipIndex: IndexedDB through Dexie, readable from every extension page. */
export class DexieClipIndex implements ClipIndex {
  constructor(readonly db: IndexDatabase) {}
  async get(id: string) {
    return this.db.clips.get(id);
  }
  async put(row: ClipRow, meta?: Record<string, string>) {
    if (!meta) return void (await this.db.clips.put(row));
    await this.db.transaction('rw', this.db.clips, this.db.meta, async () => {
      await this.db.clips.put(row);
      await this.db.meta.bulkPut(Object.entries(meta).map(([k, v]) => ({ k, v })));
    });
  }
  async putMany(rows: readonly ClipRow[]) {
    await this.db.clips.bulkPut(rows as ClipRow[]);
  }
  async remove(ids: readonly string[]) {
    await this.db.clips.bulkDelete(ids as string[]);
  }
  async findByUrl(url: string) {
    return (await this.db.clips.get({ url })) ?? (await this.db.clips.get({ pageUrl: url }));
  }
  async list({ offset = 0, limit }: { offset?: number; limit: number }) {
    return listLive(this.db, offset, limit);
  }
  async stamps() {
    const out = new Map<string, { doc: string; deletedAt: number | null }>();
    await this.db.clips.each((r) => out.set(r.id, { doc: r.doc, deletedAt: r.deletedAt }));
    return out;
  }
  async count() {
    return this.db.clips.count();
  }
  async clear() {
    await this.db.transaction('rw', this.db.clips, this.db.meta, async () => {
      await this.db.clips.clear();
      await this.db.meta.clear();
    });
  }
  async getMeta(key: string) {
    return (await this.db.meta.get(key))?.v;
  }
  async setMeta(key: string, value: string | undefined) {
    if (value === undefined) await this.db.meta.delete(key);
    else await this.db.meta.put({ k: key, v: value });
  }
}

/** Newest-first live rows; shared by the background and the reading list's live query. */
export function listLive(db: IndexDatabase, offset: number, limit: number): Promise<ClipRow[]> {
  return db.clips
    .orderBy('savedAt')
    .reverse()
    .filter((r) => r.deletedAt === null)
    .offset(offset)
    .limit(limit)
    .toArray();
}
