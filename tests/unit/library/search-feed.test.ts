import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedDBStorageAdapter } from '../../../src/storage/indexeddb-storage-adapter';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import type { ClipFields } from '../../../src/search/fields';
import type { Catalogs } from '../../../src/library/catalogs';
import { searchFieldsOf } from '../../../src/library/search-feed';
import { carryCatalogs, openLibrary, page } from './helpers';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import type { ClipId } from '../../../src/schema/ids';
import { detachingTransfer } from '../util/detaching-transfer';

/** Articles inflated so far: every call of `inflateText` or `inflateTextPieces` from outside the module (the feed's `textPrefixOfDeflated` calls one of them). */
const inflations = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../../src/library/compress', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/library/compress')>();
  return {
    ...real,
    inflateText: (...args: Parameters<typeof real.inflateText>) => (inflations.n++, real.inflateText(...args)),
    inflateTextPieces: (...args: Parameters<typeof real.inflateTextPieces>) => (inflations.n++, real.inflateTextPieces(...args)),
  };
});

async function collect(feed: AsyncGenerator<ClipFields>): Promise<ClipFields[]> {
  const out: ClipFields[] = [];
  for await (const f of feed) out.push(f);
  return out;
}

describe('the search feed (what the search index is given)', () => {
  let transfer: ReturnType<typeof detachingTransfer> | null = null;
  afterEach(() => {
    transfer?.restore();
    transfer = null;
  });

  it('gives every clip with its article text, a content document at a time, and leaves none loaded', async () => {
    const lib = await openLibrary();
    const n = 104; // more than one content document (100 articles each)
    for (let i = 0; i < n; i++) {
      const text = `Article ${i} says ${'word'.repeat(1 + (i % 3))} ${i}.`;
      await lib.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `Clip ${i}`, html: `<p>${text}</p>`, text }));
    }
    await lib.library.settled();
    const deleted = (await lib.library.findByUrl('https://example.com/7'))!;
    await lib.library.setDeleted(deleted.id, true);
    // A start: nothing loaded but the root and the catalogs.
    const again = await lib.reopen();
    expect(again.library.loadedClips).toBe(0);
    const all = await collect(again.library.searchFeed());
    expect(all).toHaveLength(n);
    const byTitle = new Map(all.map((f) => [f.title, f]));
    expect(byTitle.get('Clip 42')).toMatchObject({ text: 'Article 42 says word 42.', deleted: false, words: 5 });
    expect(byTitle.get('Clip 103')?.text).toBe('Article 103 says wordword 103.');
    // A deleted clip is fed as deleted, without its text.
    expect(byTitle.get('Clip 7')).toMatchObject({ text: '', deleted: true });
    expect(again.library.loadedClips).toBe(0);
    // Some clips only; texts cut past what the index reads.
    const some = await collect(again.library.searchFeed([byTitle.get('Clip 1')!.id, byTitle.get('Clip 102')!.id] as never, 8));
    expect(some.map((f) => f.text)).toEqual(['Article 1', 'Article 1']); // 8 and the one the cut looks at
  }, 60_000);

  it("gives each article's length in words, and none for an imported link whose article was not fetched yet", async () => {
    const lib = await openLibrary();
    const placeholder = 'Imported from Pocket. The article was not fetched: open the original.';
    await lib.library.save(page({ pageUrl: 'https://example.com/waiting', canonicalUrl: null, kind: 'link', extractor: 'text', title: 'Waiting', html: `<p>${placeholder}</p>`, text: placeholder }));
    await lib.library.save(page({ pageUrl: 'https://example.com/fetched', canonicalUrl: null, kind: 'link', title: 'Fetched', html: `<p>${'word '.repeat(40)}</p>`, text: 'word '.repeat(40) }));
    await lib.library.settled();
    const fed = new Map((await collect(lib.library.searchFeed())).map((f) => [f.title, f]));
    expect(fed.get('Waiting')?.words).toBe(0);
    expect(fed.get('Fetched')?.words).toBe(40);
    // On a device the article has not reached yet (synced entries only), the entry alone tells.
    const catalogs = (lib.library as unknown as { catalogs: Catalogs }).catalogs;
    const entryOf = (title: string) => [...catalogs.entries()].find((e) => String(e.title) === title)!;
    expect(searchFieldsOf(entryOf('Waiting'), '').words).toBe(0);
    expect(searchFieldsOf(entryOf('Fetched'), '').words).toBe(40);
  });

  it('hands each clip on as soon as its article is read, and a reader that stops early leaves the document released', async () => {
    const lib = await openLibrary();
    for (let i = 0; i < 30; i++) {
      await lib.library.save(page({ pageUrl: `https://example.com/s${i}`, canonicalUrl: null, title: `S ${i}`, html: `<p>Streamed ${i}.</p>`, text: `Streamed ${i}.` }));
    }
    await lib.library.settled();
    const again = await lib.reopen();
    const before = inflations.n;
    const feed = again.library.searchFeed();
    const first = await feed.next();
    expect(first.value?.text).toMatch(/^Streamed \d+\.$/);
    // One article inflated, not the document's 30 (they used to be gathered before the first was handed on).
    expect(inflations.n - before).toBe(1);
    await feed.return(undefined);
    expect(inflations.n - before).toBe(1);
    expect(again.library.loadedClips).toBe(0);
    expect(await collect(again.library.searchFeed())).toHaveLength(30);
  }, 60_000);

  it('reads an article through its handle when the document is loaded (the one being appended to)', async () => {
    const lib = await openLibrary();
    const saved = await lib.library.save(page({ pageUrl: 'https://example.com/fresh', canonicalUrl: null, html: '<p>Fresh words here.</p>', text: 'Fresh words here.' }));
    await lib.library.settled();
    expect(lib.library.loadedClips).toBeGreaterThan(0);
    const [f] = await collect(lib.library.searchFeed([saved.clip.id]));
    expect(f?.text).toBe('Fresh words here.');
  });

  it.each([
    ['in memory', () => new MemoryStorageAdapter()],
    ['in IndexedDB (whose read chunks are freed too)', () => new IndexedDBStorageAdapter(new IDBFactory())],
  ])('frees what it read as it goes, and nothing the library still holds: every article reads whole afterwards (storage %s)', async (_name, storage) => {
    // Only `reopen` is used, which any storage serves (crash and stall need the memory adapter's extras).
    const lib = await openLibrary(storage() as MemoryStorageAdapter);
    const long = (i: number) => `<p>Article ${i}.</p>` + `<p>${'Long paragraph text, with words. '.repeat(40)}</p>`.repeat(60);
    const ids = [];
    for (let i = 0; i < 6; i++) {
      const html = long(i);
      ids.push((await lib.library.save(page({ pageUrl: `https://example.com/long/${i}`, canonicalUrl: null, title: `Long ${i}`, html, text: '' }))).clip.id);
    }
    await lib.library.settled();
    transfer = detachingTransfer();
    // Loaded through its handle (the document being appended to): read, never freed.
    const warm = await collect(lib.library.searchFeed(ids, 4096));
    expect(warm.map((f) => f.text.slice(0, 11))).toEqual(ids.map((_, i) => `Article ${i}.\n`));
    expect((await lib.library.get(ids[3]!)).html).toBe(long(3));
    // After a restart the document is read apart from the Repo, and its bytes are freed once read.
    const again = await lib.reopen();
    const before = transfer.released();
    const cold = await collect(again.library.searchFeed(ids, 4096));
    expect(cold.map((f) => f.text)).toEqual(warm.map((f) => f.text));
    expect(cold[0]!.text.length).toBe(4097);
    expect(transfer.released() - before).toBeGreaterThanOrEqual(ids.length);
    for (let i = 0; i < ids.length; i++) expect((await again.library.get(ids[i]!)).html).toBe(long(i));
    expect(cold.map((f) => f.text)).toEqual((await collect(again.library.searchFeed(ids, 4096))).map((f) => f.text));
  }, 60_000);

  it('leaves out a clip changed after the feed began (a delete during a rebuild): the change is fed on its own, and the older version would undo it', async () => {
    const lib = await openLibrary();
    const ids: ClipId[] = [];
    for (const w of ['alpha', 'bravo', 'charlie', 'delta']) ids.push((await lib.library.save(page({ pageUrl: `https://example.com/${w}`, canonicalUrl: null, title: `About ${w}`, html: `<p>${w} text</p>`, text: `${w} text` }))).clip.id);
    await lib.library.settled();
    const seen: ClipFields[] = [];
    let victim: ClipId | null = null;
    for await (const f of lib.library.searchFeed()) {
      seen.push(f);
      if (victim === null) {
        victim = ids.find((id) => id !== f.id)!;
        await lib.library.setDeleted(victim, true);
        await lib.library.settled();
      }
    }
    expect(seen.map((f) => f.id)).not.toContain(victim);
    expect(seen).toHaveLength(3);
  });

  it('gives a clip another version once it is no longer listed (a duplicate an offline merge made), and feeds it as deleted', async () => {
    const a = await openLibrary();
    await a.library.save(page({ pageUrl: 'https://example.com/first', canonicalUrl: null, title: 'First' }));
    await a.library.settled();
    await a.repo.flush();
    const b = await openLibrary(a.storage.snapshot(), new MemoryClipIndex(), a.url);
    await b.library.reconcileIndex();
    const onA = (await a.library.save(page({ pageUrl: 'https://example.com/both', canonicalUrl: null, title: 'Zebrafish' }))).clip.id;
    await a.library.settled();
    const onB = (await b.library.save(page({ pageUrl: 'https://example.com/both', canonicalUrl: null, title: 'Zebrafish too' }))).clip.id;
    await b.library.settled();
    const before = new Map([...a.library.searchRevs(), ...b.library.searchRevs()]);
    carryCatalogs(a.library, b.library);
    carryCatalogs(b.library, a.library);
    for (const dev of [a, b]) {
      await dev.library.reconcileIndex();
      const revs = dev.library.searchRevs();
      const listed = await Promise.all([onA, onB].map(async (id) => (await dev.index.get(id)) !== undefined));
      expect(listed.filter(Boolean)).toHaveLength(1);
      const loser = listed[0] ? onB : onA;
      const winner = loser === onA ? onB : onA;
      // The loser's entry did not change, but its version did: a stored index fed by version drops it.
      expect(revs.get(loser)).not.toBe(before.get(loser));
      expect(revs.get(winner)).toBe(before.get(winner));
      const [fed] = await collect(dev.library.searchFeed([loser]));
      expect(fed).toMatchObject({ id: loser, deleted: true, rev: revs.get(loser) });
    }
  });
});
