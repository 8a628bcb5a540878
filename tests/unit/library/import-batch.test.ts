import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { textOfHtml } from '../../../src/capture/text';
import type { ImportCapture } from '../../../src/library/import-entry';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary, page } from './helpers';

/** An imported item: a link with a short placeholder article, or an article with its text. */
function item(i: number, extra: Partial<Omit<ImportCapture, 'filing'>> = {}): Omit<ImportCapture, 'filing'> {
  const html = `<p>Imported article ${i}. It says something memorable about item ${i}.</p>`;
  return {
    page: page({ kind: 'page', pageUrl: `https://import.example/${i}`, canonicalUrl: null, title: `Imported ${i}`, html, text: textOfHtml(html), extractor: 'text' }),
    savedAt: 1_600_000_000_000 + i,
    tags: [`batch-${i % 3}`],
    readAt: i % 2 ? 1_700_000_000_000 : null,
    archivedAt: i % 5 === 0 ? 1_700_000_000_000 : null,
    highlights: [],
    ...extra,
  };
}

describe('importing clips in batches', () => {
  it('writes a batch at once: entries with tags, states and highlights, listed; duplicates skipped; bad URLs reported', async () => {
    const lib = await openLibrary();
    await lib.library.save(page({ pageUrl: 'https://import.example/3', canonicalUrl: null }));
    const items = [
      ...Array.from({ length: 120 }, (_, i) => item(i)),
      item(7), // the same page twice in one file
      item(999, { page: { ...item(999).page, pageUrl: 'not a url' } }),
      item(500, { highlights: [{ quote: 'something memorable', createdAt: 5, note: 'from Pocket', color: 'yellow' }, { quote: 'a passage the article lost', createdAt: 6, note: '', color: 'blue' }] }),
    ];
    const outcomes = await lib.library.importBatch(items);
    expect(outcomes.filter((o) => o.kind === 'imported')).toHaveLength(120); // 0..119 but 3 is a duplicate, plus 500
    expect(outcomes[3]).toMatchObject({ kind: 'duplicate' });
    expect(outcomes[120]).toMatchObject({ kind: 'duplicate' });
    expect(outcomes[121]?.kind).toBe('failed');
    expect(lib.library.counts().live).toBe(121);
    expect(await lib.index.count()).toBe(121);
    const id = (await lib.library.findByUrl('https://import.example/500'))!.id;
    const view = await lib.library.get(id);
    expect(view).toMatchObject({ title: 'Imported 500', tags: ['batch-2'], readAt: null, archivedAt: 1_700_000_000_000, savedAt: 1_600_000_000_500 });
    const hs = await lib.library.highlights.list(id);
    expect(hs.map((h) => [h.target?.quote.exact, h.found, h.note])).toEqual([
      ['something memorable', true, 'from Pocket'],
      ['a passage the article lost', false, ''],
    ]);
    // Everything is durable: a background killed now finds it all.
    const after = await lib.crash();
    expect(after.library.counts().live).toBe(121);
  });

  it('a batch whose commit fails leaves the library as it was', async () => {
    const lib = await openLibrary();
    await lib.library.save(page({ pageUrl: 'https://import.example/kept', canonicalUrl: null }));
    await lib.library.settled();
    const before = lib.storage.snapshot();
    lib.stall();
    await expect(lib.library.importBatch(Array.from({ length: 30 }, (_, i) => item(i)))).rejects.toThrow();
    const reopened = await (await import('./helpers')).openLibrary(before, lib.index.snapshot(), lib.url);
    expect(reopened.library.counts().live).toBe(1);
  });

  it('imports 2,000 clips in batches of 200 quickly (figure printed)', async () => {
    const lib = await openLibrary();
    const t0 = performance.now();
    for (let b = 0; b < 10; b++) await lib.library.importBatch(Array.from({ length: 200 }, (_, i) => item(b * 200 + i)));
    const ms = performance.now() - t0;
    console.log(`imported 2000 clips in ${Math.round(ms)} ms`);
    expect(lib.library.counts().live).toBe(2000);
    // A figure, not a timed test: 10 s alone on a slow hour, over the default 20 s with four test files at once.
  }, 60_000);
});

describe('importing never stores a root that names a missing document', () => {
  it('at every write, each content document the stored root names is stored too', async () => {
    const storage = new MemoryStorageAdapter();
    const lib = await openLibrary(storage);
    const rootId = lib.url.slice('automerge:'.length);
    const snapshots: MemoryStorageAdapter[] = [];
    // Every state the storage passes through (a kill could land on any of them).
    const save = storage.save.bind(storage);
    storage.save = async (key, data) => {
      await save(key, data);
      snapshots.push(storage.snapshot());
    };
    const begin = storage.beginBatch.bind(storage);
    storage.beginBatch = () => {
      const batch = begin();
      const commit = batch.commit.bind(batch);
      return { ...batch, commit: async () => (await commit(), void snapshots.push(storage.snapshot())) };
    };
    // Slow enough that a batch outlasts automerge-repo's 100 ms save throttle.
    const content = (lib.library as unknown as { content: { compress(h: string): Promise<Uint8Array> } }).content;
    const compress = content.compress.bind(content);
    content.compress = async (h) => (await new Promise((r) => setTimeout(r, 2)), compress(h));
    for (let b = 0; b < 3; b++) await lib.library.importBatch(Array.from({ length: 150 }, (_, i) => item(b * 150 + i)));
    await lib.repo.flush();
    const missing: string[] = [];
    for (const snap of snapshots) {
      const chunks = await snap.loadRange([rootId]);
      if (chunks.length === 0) continue;
      const bytes = new Uint8Array(chunks.reduce((n: number, c) => n + c.data!.byteLength, 0));
      let at = 0;
      for (const c of chunks) (bytes.set(c.data!, at), (at += c.data!.byteLength));
      const root = A.load<{ contents?: Record<string, { doc: string }> }>(bytes);
      for (const e of Object.values(root.contents ?? {})) {
        if ((await snap.loadRange([e.doc.slice('automerge:'.length)])).length === 0) missing.push(e.doc);
      }
    }
    expect(snapshots.length).toBeGreaterThan(3);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("a new clip takes the id the importer gives it (a row's own), and the same row again is a duplicate of that id; a taken id is not reused", async () => {
    const lib = await openLibrary();
    const own = 'row-id-of-job-a-row-0001' as ClipId;
    const [first] = await lib.library.importBatch([item(1, { id: own })]);
    expect(first).toEqual({ kind: 'imported', clip: own });
    expect((await lib.library.findByUrl('https://import.example/1'))!.id).toBe(own);
    const after = await lib.crash();
    expect(await after.library.importBatch([item(1, { id: own })])).toEqual([{ kind: 'duplicate', clip: own }]);
    // Another page given an id the library already holds gets a fresh one.
    const [other] = await after.library.importBatch([item(2, { id: own })]);
    expect(other!.kind).toBe('imported');
    expect(other!.kind === 'imported' && other!.clip).not.toBe(own);
  });
});
