import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ClipSearch } from '../../../src/search/clip-search';
import { DexieSearchIndexStore, SearchDatabase } from '../../../src/search/dexie-search-store';
import { SearchIndex } from '../../../src/search/search-index';
import { CHUNK_CHARS, decodeSnapshot, SNAPSHOT_VERSION, streamOf, type Snapshot } from '../../../src/search/snapshot';
import { MemorySearchIndexStore, type SearchIndexStore } from '../../../src/search/store';
import { runSearchStoreTests } from './search-store-conformance';
import { clip } from './helpers';

runSearchStoreTests('MemorySearchIndexStore', async () => new MemorySearchIndexStore());
runSearchStoreTests('DexieSearchIndexStore', async () => new DexieSearchIndexStore(new SearchDatabase({ indexedDB: new IDBFactory(), IDBKeyRange })));

const opts = { cjk: 'bigram' as const };
const stores: [string, () => SearchIndexStore][] = [
  ['memory', () => new MemorySearchIndexStore()],
  ['dexie', () => new DexieSearchIndexStore(new SearchDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }))],
];

function big(n: number): SearchIndex {
  const ix = new SearchIndex(opts);
  for (let i = 0; i < n; i++) ix.add(clip(`clip${i}`, { title: `Title ${i} Ёлка`, text: `word${i} shared text ${'lorem ipsum '.repeat(20)}`, tags: [`t${i % 7}`], savedAt: i, readAt: i % 2 ? 1 : null, favorite: i % 3 === 0, rev: `r${i}` }));
  return ix;
}

describe('snapshots', () => {
  it('round-trip: the restored index answers exactly as the original, in several chunks', () => {
    const ix = big(3000);
    ix.remove('clip5');
    const snap = ix.snapshot(20_000);
    expect(snap.chunks.length).toBeGreaterThan(5);
    expect(snap.chunks.every((c) => c.length <= 20_000)).toBe(true);
    expect(ix.snapshot().chunks.every((c) => c.length <= CHUNK_CHARS)).toBe(true);
    const r = SearchIndex.restore(snap, opts);
    if (!r.ok) throw new Error(r.problem);
    for (const q of ['word12 ', 'shared', 'tag:t3 is:favorite', 'елка sort:title', 'state:read', 'word5 ', 'lor']) {
      expect(r.index.search(q).hits, q).toEqual(ix.search(q).hits);
    }
    expect(r.index.revOf('clip9')).toBe('r9');
    r.index.add(clip('new', { title: 'after restore' }));
    expect(r.index.search('restore').hits.map((h) => h.id)).toEqual(['new']);
  });

  it('detects missing, outdated and corrupt snapshots', () => {
    const snap = big(50).snapshot();
    const problem = (s: unknown) => {
      const r = decodeSnapshot(s as Snapshot, { textChars: 4096, cjk: 'bigram' });
      return r.ok ? 'ok' : r.problem;
    };
    expect(problem(snap)).toBe('ok');
    expect(problem(null)).toBe('missing');
    expect(problem({ header: { ...snap.header, version: SNAPSHOT_VERSION + 1 }, chunks: snap.chunks })).toBe('outdated');
    expect(problem({ header: { ...snap.header, cjk: 'segmenter' }, chunks: snap.chunks })).toBe('outdated');
    expect(problem({ header: { ...snap.header, textChars: 1 }, chunks: snap.chunks })).toBe('outdated');
    expect(problem({ header: 'garbage', chunks: [] })).toBe('corrupt');
    expect(problem({ header: snap.header, chunks: [] })).toBe('corrupt');
    expect(problem({ header: snap.header, chunks: [snap.chunks[0]!.replace('lorem', 'lorex')] })).toBe('corrupt');
    expect(problem({ header: snap.header, chunks: [snap.chunks[0]!.slice(1)] })).toBe('corrupt');
    expect(problem({ header: snap.header, chunks: [42] })).toBe('corrupt');
  });
});

describe.each(stores)('ClipSearch over the %s store', (_name, makeStore) => {
  it('persists, reopens ready, and reports rebuilding for a corrupt or missing index', async () => {
    const store = makeStore();
    const fresh = await ClipSearch.open(store, opts);
    expect(fresh.status).toBe('rebuilding');
    expect(fresh.openProblem).toBe('missing');
    expect((await fresh.search('anything')).status).toBe('rebuilding');
    const progress: number[] = [];
    await fresh.rebuild((function* () {
      for (let i = 0; i < 600; i++) yield clip(`c${i}`, { title: `Clip ${i}`, text: `The quick brown fox ${i}` });
    })(), (n) => progress.push(n));
    expect(progress.at(-1)).toBe(600);
    expect(fresh.status).toBe('ready');

    const reopened = await ClipSearch.open(store, opts);
    expect(reopened.status).toBe('ready');
    const res = await reopened.search('brown fox 42 ');
    expect(res.hits.map((h) => h.id)).toEqual(['c42']);
    expect(res.hits[0]!.snippet!.text).toBe('Clip 42 The quick brown fox 42');
    expect(res.hits[0]!.snippet!.marks.length).toBe(4);
    expect(res.hits[0]!.titleMarks).toEqual([]);
    // With the hits' titles: the passage leaves out the title's line, which the title shows with its marks.
    const titled = (await reopened.search('brown fox 42 ', { titleOf: (id) => `Clip ${id.slice(1)}` })).hits[0]!;
    expect(titled.snippet!.text).toBe('The quick brown fox 42');
    expect(titled.titleMarks).toEqual([{ start: 5, end: 7 }]);

    const snap = (await store.load())!;
    await store.save(streamOf({ header: snap.header as Snapshot['header'], chunks: snap.chunks.map((c) => `${c}x`) as string[] }));
    const damaged = await ClipSearch.open(store, opts);
    expect(damaged.openProblem).toBe('corrupt');
    expect((await damaged.search('fox')).status).toBe('rebuilding');
  });

  it('checks phrases against the stored text, pages results, and follows upserts and removals', async () => {
    const search = await ClipSearch.open(makeStore(), opts);
    await search.rebuild([
      clip('a', { text: 'the quick brown fox', savedAt: 3 }),
      clip('b', { text: 'brown and quick fox', savedAt: 2 }),
      clip('c', { text: 'a Quick Brown dog', savedAt: 1 }),
    ]);
    const res = await search.search('"quick brown"');
    expect(res.hits.map((h) => h.id)).toEqual(['a', 'c']);
    expect(res.total).toBe(2);
    expect((await search.search('"quick brown"', { offset: 1, limit: 1 })).hits.map((h) => h.id)).toEqual(['c']);
    expect((await search.search('', { limit: 2 })).hits.map((h) => h.id)).toEqual(['a', 'b']);
    await search.upsert(clip('d', { title: 'Quick brown newcomer', savedAt: 9 }));
    expect((await search.search('"quick brown" newc')).hits.map((h) => h.id)).toEqual(['d']);
    await search.remove(['a']);
    expect((await search.search('"quick brown"')).hits.map((h) => h.id)).toEqual(['d', 'c']);
    expect((await search.search('fox', { snippets: false })).hits[0]!.snippet).toBeNull();
  });

  it('keeps the snippet texts it showed: a page asked again reads none from the store, and an upsert is seen', async () => {
    const store = new MemorySearchIndexStore();
    const search = await ClipSearch.open(store, opts);
    await search.rebuild(Array.from({ length: 30 }, (_, i) => clip(`c${i}`, { text: `alpha beta ${i}`, savedAt: i })));
    let reads = 0;
    const get = store.getTexts.bind(store);
    store.getTexts = async (ids) => ((reads += ids.length), get(ids));
    await search.search('alpha ', { limit: 10 });
    expect(reads).toBe(10);
    await search.search('beta ', { limit: 10 });
    expect(reads).toBe(10);
    await search.upsert(clip('c29', { text: 'alpha gamma changed', savedAt: 29 }));
    const hit = (await search.search('alpha ', { limit: 1 })).hits[0]!;
    expect(hit.snippet?.text).toContain('alpha gamma changed');
    expect(reads).toBe(10);
    // A phrase checked against many texts reads them in growing batches and does not keep them.
    reads = 0;
    expect((await search.search('"beta alpha"', { limit: 5 })).hits).toEqual([]);
    const once = reads;
    expect(once).toBe(29 - 9); // every candidate but the nine shown above
    await search.search('"beta alpha"', { limit: 5 });
    expect(reads).toBe(2 * once);
  });

  it('reads no text for a search of filters only (nothing to mark): its hits carry no snippet', async () => {
    const store = new MemorySearchIndexStore();
    const search = await ClipSearch.open(store, opts);
    await search.rebuild(Array.from({ length: 30 }, (_, i) => clip(`c${i}`, { text: `alpha beta ${i}`, savedAt: i, readAt: i % 2 ? 1 : null })));
    let reads = 0;
    const get = store.getTexts.bind(store);
    store.getTexts = async (ids) => ((reads += ids.length), get(ids));
    for (const [q, sort] of [['state:unread', undefined], ['', 'title'], ['is:reading tag:x', undefined], ['after:2001', 'oldest']] as const) {
      const res = await search.search(q, { limit: 10, sort });
      expect(res.hits.every((h) => h.snippet === null), q).toBe(true);
    }
    expect((await search.search('state:unread', { limit: 10 })).hits).toHaveLength(10);
    expect(reads).toBe(0);
    // With a word, the passage is read and marked as before.
    const hit = (await search.search('state:unread alph', { limit: 1 })).hits[0]!;
    expect(hit.snippet?.marks.length).toBeGreaterThan(0);
    expect(reads).toBe(1);
  });
});

describe('DexieSearchIndexStore.putTexts', () => {
  it('makes every put before it returns, so the caller’s texts are not held until the transaction ends', async () => {
    const store = new DexieSearchIndexStore(new SearchDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }));
    await store.putTexts([{ id: 'warm', text: 'the database opened' }]);
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      puts++;
      return put.apply(this, args);
    };
    try {
      const texts = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, text: `text ${i}` }));
      const written = store.putTexts(texts);
      expect(puts).toBe(40);
      await written;
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect((await store.getTexts(['c0', 'c39', 'warm'])).size).toBe(3);
  });
});
