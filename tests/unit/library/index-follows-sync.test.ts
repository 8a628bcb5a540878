import * as A from '@automerge/automerge/slim';
import { describe, expect, it } from 'vitest';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import type { Library } from '../../../src/library/library';
import { CATALOG_SLOTS } from '../../../src/schema/catalog-doc';
import type { ClipId } from '../../../src/schema/ids';
import { openLibrary, page, carryCatalogs } from './helpers';

/** Two devices of one library: B opened on a copy of A's storage, then changes carried by hand as sync would. */
async function twoDevices(n: number) {
  const a = await openLibrary();
  const ids: ClipId[] = [];
  for (let i = 0; i < n; i++) ids.push((await a.library.save(page({ pageUrl: `https://example.com/${i}`, canonicalUrl: null, title: `T${i}` }))).clip.id);
  await a.library.settled();
  await a.repo.flush();
  const b = await openLibrary(a.storage.snapshot(), new MemoryClipIndex(), a.url);
  await b.library.reconcileIndex();
  return { a, b, ids };
}

const carry = carryCatalogs;

describe('the index follows synced catalog changes', () => {
  it('rewrites only the row of the entry another device changed', async () => {
    const { a, b, ids } = await twoDevices(120);
    await a.library.markRead(ids[7]!, true);
    carry(a.library, b.library);
    const res = await b.library.reconcileIndex();
    expect(res).toEqual({ updated: 1, removed: 0, changed: [ids[7]] });
    expect((await b.index.get(ids[7]!))?.readAt).not.toBeNull();
    expect(await b.index.count()).toBe(120);
    // Nothing changed since: nothing to do.
    expect(await b.library.reconcileIndex()).toEqual({ updated: 0, removed: 0, changed: [] });
  });

  it('a page saved on both devices offline: the older entry stays listed on both, the other leaves the list', async () => {
    const { a, b } = await twoDevices(20);
    // Both save the same new page; A's is older, so A's entry wins everywhere.
    const onA = (await a.library.save(page({ pageUrl: 'https://example.com/both', canonicalUrl: null, title: 'Both' }))).clip.id;
    await a.library.settled();
    const onB = (await b.library.save(page({ pageUrl: 'https://example.com/both', canonicalUrl: null, title: 'Both, later' }))).clip.id;
    await b.library.settled();
    expect(onA).not.toBe(onB);
    // B's clock runs behind A's in these helpers, so make A's save the older one explicitly.
    const aEntry = (a.library as unknown as { catalogs: { entry(id: ClipId): { savedAt: number } } }).catalogs.entry(onA)!;
    const bEntry = (b.library as unknown as { catalogs: { entry(id: ClipId): { savedAt: number } } }).catalogs.entry(onB)!;
    const winner = aEntry.savedAt < bEntry.savedAt || (aEntry.savedAt === bEntry.savedAt && onA < onB) ? onA : onB;
    const loser = winner === onA ? onB : onA;
    carry(a.library, b.library);
    carry(b.library, a.library);
    for (const dev of [a, b]) {
      await dev.library.reconcileIndex();
      expect(await dev.index.get(winner)).toBeDefined();
      expect(await dev.index.get(loser)).toBeUndefined();
      expect(await dev.index.count()).toBe(21);
      expect(dev.library.counts().live).toBe(21);
      // Both entries are kept in the catalogs.
      expect(dev.library.entryCount()).toBe(22);
    }
  });

  it('agrees with a full rebuild after a series of synced edits', async () => {
    const { a, b, ids } = await twoDevices(60);
    for (let k = 0; k < 10; k++) {
      await a.library.markRead(ids[(k * 7) % 60]!, k % 2 === 0);
      if (k % 3 === 0) await a.library.setDeleted(ids[(k * 11) % 60]!, true);
      carry(a.library, b.library);
      await b.library.reconcileIndex();
    }
    const incremental = (await b.index.list({ limit: 1000 })).map((r) => JSON.stringify(r)).sort();
    await b.library.rebuildIndex();
    const rebuilt = (await b.index.list({ limit: 1000 })).map((r) => JSON.stringify(r)).sort();
    expect(incremental).toEqual(rebuilt);
  });

  it("a preview (a joining browser's early rows) stays until every catalog's rows are written, then goes, also after a crash in between", async () => {
    const { a, b } = await twoDevices(40);
    const rows = (await a.index.list({ limit: 100 })).map((r) => ({ ...r, title: `early ${r.title}` }));
    const index = b.index as MemoryClipIndex;
    const rowsOf = (b.library as unknown as { rows: { preview(json: Uint8Array): Promise<void> } }).rows;
    await rowsOf.preview(new TextEncoder().encode(JSON.stringify([...rows, { ...rows[0]!, id: 'ghost' as ClipId }])));
    expect(await index.hasPreview()).toBe(true);
    // Killed while reconciling: one catalog's rows and marker written, the rest not; the preview stays.
    const crashed = index.snapshot();
    const marker = (await index.getMeta('catalog:0'))!;
    expect(marker).toBe('preview');
    await crashed.setMeta('catalog:0', 'some heads');
    const restarted = await openLibrary(b.storage.snapshot(), crashed, a.url);
    expect(await crashed.hasPreview()).toBe(true);
    await restarted.library.reconcileIndex();
    expect(await crashed.hasPreview()).toBe(false);
    expect(await crashed.count()).toBe(40);
    expect(await crashed.get('ghost')).toBeUndefined();
    // And in the running library: a reconcile that fails part way (a full disk) keeps the preview; the next writes every catalog's rows, then drops it.
    const real = index.putMany.bind(index);
    let calls = 0;
    index.putMany = async (r, m) => {
      if (++calls === 3) throw new Error('disk full');
      return real(r, m);
    };
    await expect(b.library.reconcileIndex()).rejects.toThrow('disk full');
    expect(await index.hasPreview()).toBe(true);
    index.putMany = real;
    await b.library.reconcileIndex();
    expect(await index.hasPreview()).toBe(false);
    expect((await index.list({ limit: 100 })).every((r) => !r.title.startsWith('early'))).toBe(true);
  });

  it("a tag renamed or deleted across the library gives no row to the hidden duplicate of a page saved on both devices", async () => {
    const { a, b } = await twoDevices(1);
    const onA = (await a.library.save(page({ pageUrl: 'https://example.com/both', canonicalUrl: null, title: 'Both' }))).clip.id;
    await a.library.settled();
    await a.library.organise.setTags(onA, ['work']);
    const onB = (await b.library.save(page({ pageUrl: 'https://example.com/both', canonicalUrl: null, title: 'Both, later' }))).clip.id;
    await b.library.settled();
    await b.library.organise.setTags(onB, ['work']);
    carry(a.library, b.library);
    await b.library.reconcileIndex();
    expect(await b.index.count()).toBe(2);
    await b.library.organise.renameTag('work', 'job');
    await b.library.reconcileIndex();
    expect(await b.index.count()).toBe(2);
    await b.library.organise.deleteTag('job');
    await b.library.reconcileIndex();
    expect(await b.index.count()).toBe(2);
    expect(b.library.counts().live).toBe(2);
  });
});
