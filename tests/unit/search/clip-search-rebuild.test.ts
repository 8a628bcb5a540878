import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ClipSearch } from '../../../src/search/clip-search';
import { DexieSearchIndexStore, SearchDatabase } from '../../../src/search/dexie-search-store';
import type { ClipFields } from '../../../src/search/fields';
import type { SnapshotStream } from '../../../src/search/snapshot';
import { clip } from './helpers';

/**
 * A rebuild that fails (a full disk, a store that cannot be written, an error in the feed) is a
 * state, not a search stuck at "rebuilding": `failed` with the words to show, nothing left in
 * the store that loads as an index, and a retry that ends ready once the store recovers.
 */

const opts = { cjk: 'bigram' as const };
const clips = (n: number): ClipFields[] => Array.from({ length: n }, (_, i) => clip(`c${i}`, { title: `Lighthouse ${i}`, text: `keeper number${i} storms`, rev: `r${i}` }));

/** The Dexie store over a fresh fake IndexedDB, whose writes can be made to fail as a full disk does. */
class FlakyStore extends DexieSearchIndexStore {
  full = false;
  constructor(indexedDB = new IDBFactory()) {
    super(new SearchDatabase({ indexedDB, IDBKeyRange }));
  }
  private quota(): void {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
  override save(stream: SnapshotStream): Promise<void> {
    const quota = () => this.quota();
    // The first chunk put, then the write fails, as a disk filling up mid-transaction would: the transaction must leave nothing.
    return super.save(
      (function* (): SnapshotStream {
        const first = stream.next();
        if (!first.done) yield first.value;
        quota();
        return first.done ? first.value : yield* stream;
      })(),
    );
  }
}

describe('ClipSearch: a failed rebuild', () => {
  it('ends failed with the full-disk message when the snapshot cannot be written, leaves no index to load, and a retry ends ready', async () => {
    const store = new FlakyStore();
    const search = await ClipSearch.open(store, opts);
    expect(search.status).toBe('rebuilding');
    store.full = true;
    await expect(search.rebuild(clips(600))).rejects.toThrow(/quota/i);
    expect(search.status).toBe('failed');
    expect(search.failure?.code).toBe('storage-full');
    expect(search.failure?.message).toMatch(/^Rebuilding the search index failed: The browser has no room left for Commonplace\. Free disk space/);
    // Released: the index is empty, and it is never saved as if it were whole.
    expect(search.memory.size).toBe(0);
    await expect(search.save()).rejects.toThrow();
    // Nothing half-written: no snapshot, no texts left taking room.
    expect(await store.load()).toBeNull();
    expect((await store.getTexts(['c0', 'c599'])).size).toBe(0);
    const reopened = await ClipSearch.open(store, opts);
    expect(reopened.openProblem).toBe('missing');

    store.full = false;
    await search.rebuild(clips(600));
    expect(search.status).toBe('ready');
    expect(search.failure).toBeNull();
    expect((await search.search('number599 ')).hits.map((h) => h.id)).toEqual(['c599']);
    const again = await ClipSearch.open(store, opts);
    expect(again.status).toBe('ready');
    expect(again.memory.size).toBe(600);
  });

  it('ends failed with the error and the way out when the feed throws, and a new open rebuilds', async () => {
    const store = new FlakyStore();
    const search = await ClipSearch.open(store, opts);
    async function* broken(): AsyncIterable<ClipFields> {
      yield* clips(300);
      throw new Error('content document missing');
    }
    await expect(search.rebuild(broken())).rejects.toThrow('content document missing');
    expect(search.status).toBe('failed');
    expect(search.failure?.message).toBe('Rebuilding the search index failed: content document missing. Try again; if it keeps failing, restart the browser.');
    expect((await search.search('lighthouse')).status).toBe('failed');
    const next = await ClipSearch.open(store, opts);
    expect(next.status).toBe('rebuilding');
    await next.rebuild(clips(10));
    expect(next.status).toBe('ready');
  });

  it('ends failed when the store cannot even be cleared (a database that does not open)', async () => {
    const store = new FlakyStore();
    store.clear = async () => {
      throw new DOMException('Database is closed', 'DatabaseClosedError');
    };
    const search = await ClipSearch.open(store, opts);
    await expect(search.rebuild(clips(5))).rejects.toThrow();
    expect(search.status).toBe('failed');
    expect(search.failure?.message).toMatch(/^Rebuilding the search index failed: Database is closed\. Try again/);
  });
});

describe('ClipSearch: a corrupt snapshot', () => {
  it('is detected at open and rebuilt into one that loads whole', async () => {
    const idb = new IDBFactory();
    const first = await ClipSearch.open(new FlakyStore(idb), opts);
    await first.rebuild(clips(400));
    expect((await ClipSearch.open(new FlakyStore(idb), opts)).status).toBe('ready');

    // Garbage written into the snapshot's records, as a damaged disk or a stray write would leave.
    const store = new FlakyStore(idb);
    await store.db.chunks.put({ n: 0, data: 'garbage\u0000not an index' });
    const damaged = await ClipSearch.open(store, opts);
    expect(damaged.status).toBe('rebuilding');
    expect(damaged.openProblem).toBe('corrupt');
    expect((await damaged.search('lighthouse')).status).toBe('rebuilding');
    await damaged.rebuild(clips(400));
    expect(damaged.status).toBe('ready');
    expect((await damaged.search('number7 ')).hits.map((h) => h.id)).toEqual(['c7']);

    const reopened = await ClipSearch.open(new FlakyStore(idb), opts);
    expect(reopened.status).toBe('ready');
    expect(reopened.memory.size).toBe(400);

    // A garbage header too.
    await store.db.meta.put({ k: 'header', v: 'garbage' });
    expect((await ClipSearch.open(new FlakyStore(idb), opts)).openProblem).toBe('corrupt');
  });
});

describe('ClipSearch.upsertAll (what a rebuild and the background’s catch-up feed through)', () => {
  it('makes each clip searchable as it is read, stores the texts in batches, and reports each batch', async () => {
    const search = await ClipSearch.open(new FlakyStore(), opts);
    const seen: string[][] = [];
    const progress: number[] = [];
    async function* feed() {
      for (const c of clips(70)) {
        yield c;
        // Back in the feed: the clip just handed on is already found.
        seen.push((await search.search('lighthouse', { limit: 100, snippets: false })).hits.map((h) => h.id));
      }
    }
    expect(await search.upsertAll(feed(), (done) => progress.push(done))).toBe(70);
    expect(seen.map((ids) => ids.length)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(progress).toEqual([32, 64, 70]);
    expect((await search.store.getTexts(['c0', 'c69'])).get('c69')).toContain('number69');
  });
});
