import { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DocStorage } from '../../../src/library/doc-storage';
import { CoverageKeeper, coveredState, fingerprintOf, parseCoverage, verifyCoverage, type CoverageStore } from '../../../src/library/index-coverage';
import { liveRowForUrl } from '../../../src/library/index-rows';
import { Library } from '../../../src/library/library';
import { catalogSlot, type CatalogDocV1 } from '../../../src/schema/catalog-doc';
import type { DocUrl } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { page } from './helpers';

/** A record store in memory (the extension keeps it in storage.local). */
class MemoryStore implements CoverageStore {
  value: string | undefined;
  async read() {
    return this.value;
  }
  async write(json: string) {
    this.value = json;
  }
  async remove() {
    this.value = undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A library whose coverage record is written 20 ms after writes settle, as services.ts wires it. */
async function open(storage = new MemoryStorageAdapter(), index = new MemoryClipIndex(), store = new MemoryStore(), url: DocUrl | null = null) {
  let t = 1_000;
  const keeper = new CoverageKeeper(storage, store, 20);
  const repo = new Repo({ storage, network: [] });
  DocStorage.install(repo, storage, keeper);
  const opened = await Library.open({ repo, index, storage, now: () => ++t, coverage: keeper }, url);
  return { ...opened, repo, storage, index, store, keeper };
}

/** Waits until the record is written (or `ms` pass). */
async function covered(store: MemoryStore, ms = 3_000) {
  const t0 = Date.now();
  while (!store.value && Date.now() - t0 < ms) await sleep(10);
  return parseCoverage(store.value);
}

describe('the index coverage record', () => {
  it('is written once writes settle: this library, every catalog, the counts the library gives', async () => {
    const lib = await open();
    for (let i = 0; i < 5; i++) await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}` }));
    const [first] = await lib.index.list({ limit: 1 });
    await lib.library.organise.setTags(first!.id, ['work']);
    await lib.library.markRead(first!.id, true);
    const cov = await covered(lib.store);
    expect(cov).not.toBeNull();
    expect(cov!.root).toBe(lib.url);
    expect(Object.keys(cov!.docs)).toHaveLength(16);
    expect(cov!.facets).toEqual(lib.library.organise.facets());
    expect(cov!.facets).toMatchObject({ all: 5, unread: 4, read: 1, tags: [{ tag: 'work', count: 1 }] });
    expect(await coveredState(lib.store, lib.url)).toEqual(cov);
    expect(await coveredState(lib.store, 'automerge:another' as DocUrl)).toBeNull();
    expect(await verifyCoverage(cov!, lib.storage)).toBe(true);
  });

  it('is removed before an index row or a document chunk is written, and written again after', async () => {
    const storage = new MemoryStorageAdapter();
    const store = new MemoryStore();
    const index = new MemoryClipIndex();
    const lib = await open(storage, index, store);
    await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }));
    await covered(store);
    const seen: string[] = [];
    const put = index.put.bind(index);
    index.put = async (row, meta) => (seen.push(`index:${store.value ? 'covered' : 'clear'}`), put(row, meta));
    const save = storage.save.bind(storage);
    storage.save = async (key, data) => (key[0] !== 'storage-adapter-id' && seen.push(`chunk:${store.value ? 'covered' : 'clear'}`), save(key, data));
    await lib.library.save(page({ pageUrl: 'https://example.com/b', canonicalUrl: null }));
    await lib.library.settled();
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual(seen.map((s) => s.replace('covered', 'clear')));
    expect(await covered(store)).toMatchObject({ facets: { all: 2 } });

    // A change that is not the library's own (as sync brings): its chunk too.
    seen.length = 0;
    const root = await lib.repo.find<LibraryDoc>(lib.url);
    const catalog = await lib.repo.find<CatalogDocV1>(root.doc().catalogs['3']!);
    catalog.change((d) => void ((d as unknown as Record<string, number>).touched = 1));
    await lib.repo.flush();
    expect(seen.some((s) => s.startsWith('chunk'))).toBe(true);
    expect(seen.every((s) => s.endsWith('clear'))).toBe(true);
  });

  it('is not written while a capture is journaled, and a journal record makes a stored one fail the check', async () => {
    const lib = await open();
    await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }));
    const cov = await covered(lib.store);
    expect(cov).not.toBeNull();
    lib.library.journal.hold(true);
    await lib.library.save(page({ pageUrl: 'https://example.com/b', canonicalUrl: null }));
    expect(lib.store.value).toBeUndefined();
    await sleep(100);
    expect(lib.store.value).toBeUndefined();
    // As if an OS crash had lost the record's removal: the check against the storage sees the journal.
    expect(await verifyCoverage(cov!, lib.storage)).toBe(false);
    lib.library.journal.hold(false);
    await lib.library.settled();
    expect(await covered(lib.store)).toMatchObject({ facets: { all: 2 } });
  });

  it('fails the check when any catalog chunk changed since', async () => {
    const lib = await open();
    await lib.library.save(page({ pageUrl: 'https://example.com/a', canonicalUrl: null }));
    const cov = (await covered(lib.store))!;
    const id = Object.keys(cov.docs)[7]!;
    await lib.storage.save([id, 'incremental', 'added-behind-its-back'], new Uint8Array([1, 2, 3]));
    expect(await verifyCoverage(cov, lib.storage)).toBe(false);
  });

  it('at every instant a background could be killed, a stored record tells the truth about the index and the documents', async () => {
    const storage = new MemoryStorageAdapter();
    const index = new MemoryClipIndex();
    const store = new MemoryStore();
    // A record store slower than IndexedDB (storage.local can be): a write that did not wait for the removal would show.
    const removeNow = store.remove.bind(store);
    store.remove = async () => {
      await sleep(3);
      await removeNow();
    };
    const lib = await open(storage, index, store);
    // Every state the three stores pass through, taken together at each write to any of them.
    const states: Array<{ storage: MemoryStorageAdapter; index: MemoryClipIndex; record: string | undefined }> = [];
    const take = () => void states.push({ storage: storage.snapshot(), index: index.snapshot(), record: store.value });
    for (const name of ['save', 'remove', 'removeRange', 'appendJournal'] as const) {
      const real = (storage[name] as (...a: unknown[]) => Promise<void>).bind(storage);
      (storage as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => (await real(...a), take());
    }
    const begin = storage.beginBatch.bind(storage);
    storage.beginBatch = () => {
      const batch = begin();
      const commit = batch.commit.bind(batch);
      return { ...batch, commit: async () => (await commit(), take()) };
    };
    for (const name of ['put', 'putMany', 'remove', 'clear'] as const) {
      const real = (index[name] as (...a: unknown[]) => Promise<void>).bind(index);
      (index as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => (await real(...a), take());
    }
    const write = store.write.bind(store);
    store.write = async (json) => {
      await write(json);
      take();
    };

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}` }))).clip.id);
      if (i % 2 === 0) await sleep(60);
    }
    await lib.library.organise.setTags(ids[0] as never, ['a', 'b']);
    await sleep(60);
    await lib.library.markRead(ids[1] as never, true);
    await lib.library.setDeleted(ids[2] as never, true);
    await sleep(60);
    await lib.library.organise.renameTag('a', 'c');
    await covered(store);
    await sleep(60);

    const withRecord = states.filter((s) => s.record);
    expect(withRecord.length).toBeGreaterThan(3);
    for (const s of withRecord) {
      const cov = parseCoverage(s.record)!;
      expect(await verifyCoverage(cov, s.storage)).toBe(true);
      // A background started on this state: the library says what the record says, and its index needs nothing.
      const again = await open(s.storage, s.index, new MemoryStore(), lib.url);
      expect(again.library.organise.facets()).toEqual(cov.facets);
      expect(await again.library.reconcileIndex()).toMatchObject({ updated: 0, removed: 0 });
      again.keeper.unfollow();
    }
  }, 60_000);
});

describe('finding a page from the index alone', () => {
  it('finds the live clip filed under a URL, by key, then by the URL it was captured from', async () => {
    const lib = await open();
    const saved = await lib.library.save(page({ pageUrl: 'https://example.com/story?utm_source=x', canonicalUrl: 'https://example.com/story' }));
    await lib.library.settled();
    expect((await liveRowForUrl(lib.index, 'https://example.com/story#top'))?.id).toBe(saved.clip.id);
    expect(await liveRowForUrl(lib.index, 'https://example.com/other')).toBeNull();
    expect(await liveRowForUrl(lib.index, 'not a url')).toBeNull();
    expect(await lib.library.findByUrl('https://example.com/story')).toEqual(await liveRowForUrl(lib.index, 'https://example.com/story'));
    await lib.library.setDeleted(saved.clip.id, true);
    expect(await liveRowForUrl(lib.index, 'https://example.com/story')).toBeNull();
    void catalogSlot;
  });

  it('fingerprints ignore sync states and the order keys come in', () => {
    const a = fingerprintOf([['d', 'snapshot', 'x'], ['d', 'incremental', 'y'], ['d', 'sync-state', 'z']]);
    expect(fingerprintOf([['d', 'incremental', 'y'], ['d', 'snapshot', 'x']])).toBe(a);
    expect(fingerprintOf([['d', 'snapshot', 'x']])).not.toBe(a);
  });
});
