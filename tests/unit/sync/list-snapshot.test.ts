import { join } from 'node:path';
import * as A from '@automerge/automerge/slim';
import { Repo } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { deflateText, inflateCapped } from '../../../src/library/compress';
import { fetchListText } from '../../../src/library/list-fetch';
import { parseListRows } from '../../../src/schema/list-rows';
import { LIST_POLICY, encodeListRows, inflateListRows, listRefOf, listStale, storedListRef } from '../../../src/library/list-snapshot';
import type { ClipSummary } from '../../../src/schema/clip-summary';
import { newClipId, type DocUrl } from '../../../src/schema/ids';
import type { LibraryDoc } from '../../../src/schema/library-doc';
import { LIST_SCHEMA, type ListDocV1, type ListRef } from '../../../src/schema/list-doc';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import { row as rowOf } from '../index-db/clip-index-conformance';
import { page } from '../library/helpers';
import { device, listed, until, useSyncServer } from './helpers';

type Device = Awaited<ReturnType<typeof device>>;

const row = (over: Partial<ClipSummary> = {}): ClipSummary => rowOf(newClipId(), 1, over);
/** A list document's rows as its readers get them: inflated (bounded), then parsed and checked. */
const decodeListRows = async (bytes: Uint8Array) => parseListRows(await inflateListRows(bytes));
/** Bounded inflating, as text. */
const inflateTextCapped = async (bytes: Uint8Array, maxBytes: number) => new TextDecoder().decode(await inflateCapped(bytes, maxBytes));
const rootOf = async (d: Device) => (await d.repo.find<LibraryDoc>(d.url)).doc();
const idOf = (url: DocUrl) => url.slice('automerge:'.length);

/** Saves clips `from`..`to`-1 on `d`. */
async function saveClips(d: Device, from: number, to: number, host = 'example.com'): Promise<void> {
  for (let i = from; i < to; i++) await d.library.save(page({ pageUrl: `https://${host}/${i}`, canonicalUrl: null, title: `T${i}`, html: `<p>A ${i}</p>`, text: `A ${i}` }));
  await d.library.settled();
}

/** Makes `b`'s Repo hold back every find of the library's catalogs until the returned function is called (or reject them). */
function holdCatalogs(b: Device, root: LibraryDoc, fail = false): () => void {
  const catalogs = new Set<string>(Object.values(root.catalogs));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const find = b.repo.find.bind(b.repo);
  b.repo.find = (async (url: DocUrl, opts?: unknown) => {
    if (catalogs.has(url)) {
      if (fail) throw new Error('unavailable');
      await gate;
    }
    return find(url as never, opts as never);
  }) as typeof b.repo.find;
  return release;
}

describe('list documents: rows, bounds and when one is made', () => {
  it('encodes rows and reads them back; malformed rows and repeated ids are left out', async () => {
    const a = row({ title: 'Ünïcode 東京' });
    const b = row();
    const bytes = await deflateText(JSON.stringify([a, { ...b, extra: 1 }, { id: 'nope' }, 'text', null, a, b]));
    expect(await decodeListRows(bytes)).toEqual([a, b]);
    expect(await decodeListRows(await encodeListRows([a, b]))).toEqual([a, b]);
    await expect(decodeListRows(await deflateText('{"not":"a list"}'))).rejects.toThrow();
    await expect(decodeListRows(new Uint8Array([1, 2, 3, 4, 5]))).rejects.toThrow();
  });

  it('refuses data that inflates past its bound (a small value cannot fill the memory)', async () => {
    const bomb = await deflateText('x'.repeat(1_000_000));
    expect(bomb.byteLength).toBeLessThan(5_000);
    await expect(inflateTextCapped(bomb, 100_000)).rejects.toThrow(/inflates past/);
    expect(await inflateTextCapped(bomb, 1_000_000)).toHaveLength(1_000_000);
    // Damaged (cut short) data throws; text whose compressed form spans many slices comes back whole.
    await expect(inflateTextCapped(bomb.subarray(0, bomb.length - 8), 2_000_000)).rejects.toThrow();
    const varied = Array.from({ length: 20_000 }, (_, i) => `${i * 7919}:${(i * 104_729) % 9973} Ünï 東京`).join(' ');
    const packed = await deflateText(varied);
    expect(packed.byteLength).toBeGreaterThan(40_000);
    expect(await inflateTextCapped(packed, 10_000_000)).toBe(varied);
  });

  it('is made for a first clip, then only when the count moved by max(25, 20%) or after a week with changes', () => {
    const ref: ListRef = { doc: 'automerge:x' as DocUrl, device: 'd', count: 100, at: 0, heads: 'h' };
    expect(listStale(null, 0, 'h', 0)).toBe(false);
    expect(listStale(null, 1, 'h', 0)).toBe(true);
    expect(listStale(ref, 124, 'h2', 1)).toBe(false);
    expect(listStale(ref, 125, 'h2', 1)).toBe(true);
    expect(listStale(ref, 75, 'h2', 1)).toBe(true);
    expect(listStale({ ...ref, count: 1000 }, 1249, 'h2', 1)).toBe(false);
    expect(listStale({ ...ref, count: 1000 }, 1250, 'h2', 1)).toBe(true);
    expect(listStale(ref, 100, 'h2', LIST_POLICY.maxAgeMs)).toBe(true);
    expect(listStale(ref, 100, 'h', LIST_POLICY.maxAgeMs * 2)).toBe(false);
    // Only the device whose own writes moved the library makes the next one.
    expect(listStale(ref, 125, 'h2', 1, false)).toBe(false);
    expect(listStale(null, 1, 'h', 0, false)).toBe(true);
  });

  it('ignores a list document of another schema or a newer version, and one that never arrives', async () => {
    const repo = new Repo({ storage: new MemoryStorageAdapter(), network: [] });
    const make = (fields: Partial<ListDocV1>) => {
      const h = repo.create<ListDocV1>();
      h.change((d) => Object.assign(d, { schema: LIST_SCHEMA, schemaVersion: 1, createdAt: 1, count: 1, rows: new Uint8Array(0) }, fields));
      return { doc: h.url as DocUrl, device: 'd', count: 1, at: 1, heads: 'h' };
    };
    const rows = await encodeListRows([row()]);
    expect(parseListRows((await fetchListText(repo, make({ rows }), 1_000))!)).toHaveLength(1);
    // Damaged (does not inflate) or not a list: nothing to list early.
    expect(await fetchListText(repo, make({ rows: new Uint8Array([1, 2, 3, 4, 5]) }), 1_000)).toBeNull();
    expect(await fetchListText(repo, make({ rows: await deflateText('{"not":"a list"}') }), 1_000)).toBeNull();
    expect(await fetchListText(repo, make({ rows, schemaVersion: 2 }), 1_000)).toBeNull();
    expect(await fetchListText(repo, make({ rows, schema: 'commonplace/catalog' as never }), 1_000)).toBeNull();
    expect(await fetchListText(repo, null, 1_000)).toBeNull();
    const elsewhere = new Repo({ storage: new MemoryStorageAdapter(), network: [] }).create().url as DocUrl;
    expect(await fetchListText(repo, { doc: elsewhere, device: 'd', count: 1, at: 1, heads: 'h' }, 500)).toBeNull();
    expect(listRefOf({ list: { doc: 'not a url', device: 'd', count: 1, at: 1, heads: 'h' } })).toBeNull();
  });

  it("the root's pointer is written as ImmutableStrings (a few ops, not one per character) and read in both forms", async () => {
    const scratch = new Repo({ storage: new MemoryStorageAdapter(), network: [] });
    const plain = { doc: scratch.create().url as DocUrl, device: 'dev', count: 3, at: 9, heads: 'h1', catalogs: scratch.create().url as DocUrl };
    expect(listRefOf({ list: plain })).toEqual(plain);
    expect(listRefOf({ list: storedListRef(plain) })).toEqual(plain);
    expect(listRefOf({ list: { ...storedListRef(plain), device: 3 } })).toBeNull();
    const a = await device();
    const opsOf = async () => A.stats((await a.repo.find<LibraryDoc>(a.url)).doc() as A.Doc<unknown>).numOps;
    await saveClips(a, 0, 30);
    const before = await opsOf();
    expect(await a.library.lists.refresh()).toBe(true);
    // count, at, and four ImmutableStrings (and the map): plain strings made it ~110 more.
    expect((await opsOf()) - before).toBeLessThan(12);
    const stored = (await a.repo.find<LibraryDoc>(a.url)).doc().list as unknown as Record<string, unknown>;
    expect(stored.doc).toBeInstanceOf(A.ImmutableString);
    expect(listRefOf(await rootOf(a))!.count).toBe(30);
  });

  it('a device makes a new one when the library grew enough, and removes its previous one', async () => {
    const a = await device();
    await saveClips(a, 0, 30);
    expect(await a.library.lists.refresh()).toBe(true);
    const first = listRefOf(await rootOf(a))!;
    expect(first.count).toBe(30);
    expect(a.library.lists.own()).toEqual([first.doc, first.catalogs]);
    expect(await a.library.lists.refresh()).toBe(false);
    await saveClips(a, 30, 54);
    expect(await a.library.lists.refresh()).toBe(false);
    await saveClips(a, 54, 55);
    expect(await a.library.lists.refresh()).toBe(true);
    const second = listRefOf(await rootOf(a))!;
    expect(second.count).toBe(55);
    expect(second.doc).not.toBe(first.doc);
    for (const url of [first.doc, first.catalogs!]) {
      expect(a.repo.handles[idOf(url) as never]).toBeUndefined();
      expect(await a.storage.loadRange([idOf(url)])).toHaveLength(0);
    }
    expect(await decodeListRows((await a.repo.find<ListDocV1>(second.doc)).doc().rows)).toHaveLength(55);
  });
});

describe('joining through a server: the list before the catalogs', () => {
  const server = useSyncServer('cp-list-');

  const uploaded = async (n: number) => {
    const a = await device();
    await saveClips(a, 0, n);
    a.connect(server().url);
    await until('A synced', () => a.engine.status().state === 'synced' && !!a.engine.status().lastSyncedAt);
    return a;
  };
  const joiner = async () => {
    const b = await device();
    b.connect(server().url);
    await until('B connected', () => b.engine.status().servers[0]?.state === 'connected');
    return b;
  };

  it('a save made while the join runs is refused with a way out, never reported saved into the library the join replaces', { timeout: 60_000 }, async () => {
    const a = await uploaded(3);
    const b = await joiner();
    const release = holdCatalogs(b, await rootOf(a));
    const joining = b.library.join(a.url);
    await new Promise((r) => setTimeout(r, 300));
    const saving = b.library.save(page({ pageUrl: 'https://b.example/during-join', canonicalUrl: null, title: 'Saved during the join' }));
    release();
    const joined = await joining;
    await expect(saving).rejects.toMatchObject({ code: 'interrupted', message: expect.stringMatching(/joined another library.*Do it again/) });
    await joined.persist();
    a.engine.stop();
    b.engine.stop();
  });

  it('a joining device lists every clip while the catalogs are held back, loads the catalogs from their saved copies, syncs what changed since, and keeps neither copy', { timeout: 60_000 }, async () => {
    const a = await uploaded(60);
    const ref = listRefOf(await rootOf(a))!;
    expect(ref.count).toBe(60);
    expect(ref.catalogs).toBeTruthy();
    // Three more after the list document (too few for a new one): they come through sync, on top of the saved copies.
    const since = Date.now();
    await saveClips(a, 60, 63);
    await until('A synced the three', () => a.engine.status().state === 'synced' && (a.engine.status().lastSyncedAt ?? 0) > since);
    expect(listRefOf(await rootOf(a))!.doc).toBe(ref.doc);
    const b = await joiner();
    const release = holdCatalogs(b, await rootOf(a));
    const steps: string[] = [];
    const joining = b.library.join(a.url, (s) => steps.push(s));
    await until('B lists the 60 clips with no catalog yet', async () => (await listed(b.index)).length === 60);
    expect((await listed(b.index)).map((r) => r.title).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `T${i}`).sort());
    // As a preview (a few records), not as rows written one by one: the catalogs' reconcile writes those.
    expect(await b.index.count()).toBe(0);
    release();
    await (await joining).persist();
    expect(steps).toEqual(['root', 'list', 'previewed', 'adopted', 'catalogs']);
    for (const url of [ref.doc, ref.catalogs!]) await until('B keeps no copy of the list documents', async () => (await b.storage.loadRange([idOf(url)])).length === 0, 5_000);
    // Nor in memory: the server's last answer of each exchange (after B dropped the document) is refused, not
    // taken as an offer (B then fetched both again, whole, kept them and went on syncing them).
    await new Promise((r) => setTimeout(r, 300));
    for (const url of [ref.doc, ref.catalogs!]) expect(b.repo.handles[idOf(url) as never]).toBeUndefined();
    // The joined library opens (as after the switch) and syncs on: every row from its catalogs, the three included.
    a.engine.stop();
    b.engine.stop();
    const joined = await device(a.url, b.storage, b.index);
    joined.connect(server().url);
    await until('the joined catalogs hold all 63', async () => (await joined.library.reconcileIndex(), (await b.index.count()) === 63));
    expect(await b.index.hasPreview()).toBe(false);
    expect(await listed(b.index)).toHaveLength(63);
    joined.engine.stop();
  });

  it('when another device makes the newer list document, the one this device made is removed from it', { timeout: 60_000 }, async () => {
    const a = await uploaded(30);
    const first = listRefOf(await rootOf(a))!;
    expect(await a.storage.loadRange([idOf(first.doc)])).not.toHaveLength(0);
    const b0 = await joiner();
    await (await b0.library.join(a.url)).persist();
    b0.engine.stop();
    const b = await device(a.url, b0.storage, b0.index);
    b.connect(server().url);
    await saveClips(b, 0, 25, 'b.example');
    await until('B made the newer list document', async () => listRefOf(await rootOf(b))?.count === 55, 20_000);
    const newer = listRefOf(await rootOf(b))!;
    expect(newer.doc).not.toBe(first.doc);
    // At its next pass (one holding the document at that moment leaves it to the pass after).
    await until('A removed its own', async () => {
      if (listRefOf(await rootOf(a))?.doc === newer.doc && (await a.storage.loadRange([idOf(first.doc)])).length === 0) return true;
      void a.engine.kick();
      return false;
    }, 20_000);
    expect(a.library.lists.own()).toEqual([]);
    expect(await a.storage.loadRange([idOf(first.catalogs!)])).toHaveLength(0);
    a.engine.stop();
    b.engine.stop();
  });

  it('a library with no list document (its devices run an older version) is joined through its catalogs alone', async () => {
    const a = await device();
    a.library.lists.refresh = async () => false;
    await saveClips(a, 0, 5);
    a.connect(server().url);
    await until('A synced', () => a.engine.status().state === 'synced' && !!a.engine.status().lastSyncedAt);
    expect(listRefOf(await rootOf(a))).toBeNull();
    a.engine.stop();
    const b = await joiner();
    const steps: string[] = [];
    await (await b.library.join(a.url, (st) => steps.push(st))).persist();
    expect(steps).toEqual(['root', 'list', 'not-adopted', 'catalogs']);
    b.engine.stop();
    const joined = await device(a.url, b.storage, b.index);
    await joined.library.reconcileIndex();
    expect(await b.index.count()).toBe(5);
  });

  it('a join that fails takes the early rows back, and the joining device keeps its own', async () => {
    const a = await uploaded(30);
    const b = await joiner();
    await saveClips(b, 0, 3, 'b.example');
    holdCatalogs(b, await rootOf(a), true);
    await expect(b.library.join(a.url)).rejects.toThrow();
    expect(await b.index.count()).toBe(3);
    expect(await b.index.hasPreview()).toBe(false);
    expect((await listed(b.index)).map((r) => r.url.replace(/\/\d+$/, ''))).toEqual(['https://b.example', 'https://b.example', 'https://b.example']);
    a.engine.stop();
    b.engine.stop();
  });

  it('rows a forged or stale list document names and no catalog holds leave once the catalogs are in', async () => {
    const a = await uploaded(20);
    // A list document (carried by A's passes, as its own) that lists A's rows, a clip no catalog has, and junk.
    const maker = listRefOf(await rootOf(a))!.device;
    const forged = a.repo.create<ListDocV1>();
    const ghost = row({ title: 'Ghost' });
    const rows = [...(await a.index.list({ limit: 100 })), ghost];
    forged.change((d) => Object.assign(d, { schema: LIST_SCHEMA, schemaVersion: 1, createdAt: 1, count: rows.length + 1, rows: new Uint8Array(0) }));
    const bytes = await deflateText(JSON.stringify([...rows, { id: 'junk' }]));
    forged.change((d) => void (d.rows = bytes));
    const rootHandle = await a.repo.find<LibraryDoc>(a.url);
    rootHandle.change((d) => void (d.list = { doc: forged.url as DocUrl, device: maker, count: 21, at: Date.now(), heads: 'x' }));
    const since = Date.now();
    await a.engine.kick();
    await until('A synced the forged list', () => (a.engine.status().lastSyncedAt ?? 0) >= since && a.engine.status().state === 'synced');
    const b = await joiner();
    const release = holdCatalogs(b, await rootOf(a));
    const joining = b.library.join(a.url);
    await until('B lists 21 rows early', async () => (await listed(b.index)).length === 21, 10_000);
    release();
    await (await joining).persist();
    a.engine.stop();
    b.engine.stop();
    const joined = await device(a.url, b.storage, b.index);
    await joined.library.reconcileIndex();
    expect(await b.index.count()).toBe(20);
    expect(await b.index.get(ghost.id)).toBeUndefined();
    expect((await listed(b.index)).map((r) => r.id)).not.toContain(ghost.id);
    expect(await listed(b.index)).toHaveLength(20);
  });
});
