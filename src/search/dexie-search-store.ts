import Dexie, { type Table } from 'dexie';
import type { SnapshotStream } from './snapshot';
import type { SearchIndexStore, StoredSnapshot } from './store';

/** The IndexedDB database the search index persists in (apart from the list index: either can be dropped alone). */
export const SEARCH_DB_NAME = 'commonplace-search';

interface ChunkRow {
  n: number;
  data: string;
}
interface MetaRow {
  k: string;
  v: unknown;
}
interface TextRow {
  id: string;
  text: string;
}

/**
 * The Dexie schema of `commonplace-search`: `chunks` (the snapshot's chunks by number), `meta`
 * (its header, under `header`) and `texts` (each clip's snippet text by id). Derived data: a
 * schema change may simply clear it (the index is rebuilt from the documents).
 */
export class SearchDatabase extends Dexie {
  chunks!: Table<ChunkRow, number>;
  meta!: Table<MetaRow, string>;
  texts!: Table<TextRow, string>;
  constructor(deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    // Relaxed durability: a lost save leaves the previous snapshot (or none), which is detected and repaired.
    super(SEARCH_DB_NAME, { ...deps, chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({ chunks: 'n', meta: 'k', texts: 'id' });
  }
}

/** The extension's `SearchIndexStore`: one Dexie database; a save replaces header and chunks in one transaction. */
export class DexieSearchIndexStore implements SearchIndexStore {
  constructor(readonly db: SearchDatabase) {}
  async load(): Promise<StoredSnapshot | null> {
    return this.db.transaction('r', this.db.chunks, this.db.meta, async () => {
      const header = (await this.db.meta.get('header'))?.v;
      if (header === undefined) return null;
      const rows = await this.db.chunks.orderBy('n').toArray();
      // A missing chunk leaves a hole, so the decoder sees a count or a hash that does not match.
      return { header, chunks: rows.map((r) => r.data) };
    });
  }
  /**
   * One transaction on the database Dexie opened: the old chunks cleared, each new chunk put as
   * the stream makes it (IndexedDB copies it at once, so none is kept here), the header last.
   * Every request is made before the first await, so the index cannot change in between.
   */
  save(stream: SnapshotStream): Promise<void> {
    return this.write(['chunks', 'meta'], 'The search index was not saved.', (t) => {
      const chunks = t.objectStore('chunks');
      chunks.clear();
      for (let n = 0; ; n++) {
        const r = stream.next();
        if (r.done) return void t.objectStore('meta').put({ k: 'header', v: r.value } satisfies MetaRow);
        chunks.put({ n, data: r.value } satisfies ChunkRow);
      }
    });
  }
  /**
   * One transaction whose puts are all made before this returns its promise: IndexedDB copies
   * each text at its put, so the caller's strings are garbage at once instead of living on until
   * the transaction ends (through Dexie's `bulkPut`, a rebuild's texts all outlived two young
   * collections and were promoted: ~40 MB of old garbage at 10,000 clips, bench:library --heap-survivors).
   */
  putTexts(texts: readonly { id: string; text: string }[]): Promise<void> {
    if (texts.length === 0) return Promise.resolve();
    return this.write(['texts'], 'The search snippets were not saved.', (t) => {
      const store = t.objectStore('texts');
      for (const x of texts) store.put({ id: x.id, text: x.text } satisfies TextRow);
    });
  }
  /**
   * A readwrite transaction on `stores` (relaxed durability: derived data) whose requests `fill`
   * makes synchronously; resolves when it commits, rejects when it aborts (a full disk: a
   * `QuotaExceededError`; with no error, an `AbortError` saying `what`). When `fill` throws, the
   * transaction is aborted and the error rethrown.
   */
  private async write(stores: string[], what: string, fill: (t: IDBTransaction) => void): Promise<void> {
    if (!this.db.isOpen()) await this.db.open();
    const t = this.db.backendDB().transaction(stores, 'readwrite', { durability: 'relaxed' });
    const done = new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onabort = () => reject(t.error ?? new DOMException(what, 'AbortError'));
    });
    try {
      fill(t);
    } catch (e) {
      try {
        t.abort();
      } catch {
        // Already over (aborted by the browser): `done` says so.
      }
      await done.catch(() => undefined);
      throw e;
    }
    await done;
  }
  async deleteTexts(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.db.texts.bulkDelete(ids as string[]);
  }
  async getTexts(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    // Straight on the database Dexie opened: one read-only transaction, a `get` per id. What the
    // side panel waits for at every keystroke; Dexie's `bulkGet` took 100-900 ms here in the
    // background of a 10,000-clip library, against ~2 ms for these gets.
    if (!this.db.isOpen()) await this.db.open();
    const store = this.db.backendDB().transaction('texts', 'readonly').objectStore('texts');
    await new Promise<void>((resolve, reject) => {
      let left = ids.length;
      for (const id of ids) {
        const req = store.get(id);
        req.onsuccess = () => {
          const r = req.result as TextRow | undefined;
          if (r) out.set(r.id, r.text);
          if (--left === 0) resolve();
        };
        req.onerror = () => reject(req.error);
      }
    });
    return out;
  }
  async clear(): Promise<void> {
    await this.db.transaction('rw', this.db.chunks, this.db.meta, this.db.texts, async () => {
      await Promise.all([this.db.chunks.clear(), this.db.meta.clear(), this.db.texts.clear()]);
    });
  }
}
