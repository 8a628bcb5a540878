/**
 * The virtualised reading list's reads (extension/ui/list-window.ts): `scanList` gives every
 * filter the same ids, in the same order (ties included), as the first-page read the side panel
 * starts with (`readLiveRowsWhere`) and as filtering by hand; it keeps only the rows asked for;
 * `readRows` reads rows by id and leaves out deleted ones; nothing is created when the index
 * database does not exist yet. A scan reads a part at a time (`SCAN_CHUNK` rows per request: the
 * browser runs the extension's IndexedDB requests one after another, the background's included),
 * and rows sharing a save time are listed once each across the parts' edges.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBIndex, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { readRows, SCAN_CHUNK, scanList } from '../../../extension/ui/list-window';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { LIST_STATES } from '../../../src/schema/plain-values';
import { readLiveRows, readLiveRowsWhere, rowFilter, type ListFilter } from '../../../src/index-db/list-query';
import type { ClipSummary } from '../../../src/schema/clip-summary';
import { row, utf8 } from '../index-db/clip-index-conformance';

/** Row `i`'s id (ids are 16 characters at least: a preview's rows are checked as a list document's). */
const cid = (i: number) => `c${String(i).padStart(4, '0')}-list-window`;

/** `n` rows with every state, a few tags, some deleted, pairs sharing a save time. */
function library(n: number): ClipSummary[] {
  return Array.from({ length: n }, (_, i) =>
    row(cid(i), 1_000 + Math.floor(i / 2), {
      readAt: i % 5 === 0 ? 5_000 : null,
      archivedAt: i % 4 === 0 ? 6_000 : null,
      favoriteAt: i % 7 === 0 ? 7_000 : null,
      deletedAt: i % 50 === 3 ? 8_000 : null,
      tags: i % 3 === 0 ? ['news'] : i % 10 === 1 ? ['Café'] : [],
    }),
  );
}

/** Whether an IndexedDB range holds one key (an array key compared by value). */
const sameKey = (range: unknown): boolean => range instanceof IDBKeyRange && indexedDB.cmp(range.lower, range.upper) === 0 && !range.lowerOpen && !range.upperOpen;

/** Runs `run`, with what it resolved to each `getAll` it made on an index: its range and its count. */
async function withGetAlls<T>(run: () => Promise<T>): Promise<{ result: T; calls: Array<[unknown, number | undefined]> }> {
  const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
  try {
    const result = await run();
    return { result, calls: getAll.mock.calls as Array<[unknown, number | undefined]> };
  } finally {
    getAll.mockRestore();
  }
}

const FILTERS: ListFilter[] = [...LIST_STATES.map((state) => ({ state, tag: null })), ...LIST_STATES.map((state) => ({ state, tag: 'news' })), { state: 'all', tag: 'cafe' }];

describe('scanList and readRows', () => {
  it('read nothing, and create nothing, when the index database does not exist', async () => {
    const factory = new IDBFactory();
    expect(await scanList(factory, { state: 'all', tag: null }, () => true)).toEqual({ ids: [], rows: new Map() });
    expect(await readRows(factory, ['x'])).toEqual(new Map());
    expect((await factory.databases()).length).toBe(0);
  });

  it('list every filter in the order of the first-page read and of filtering by hand, keeping only the rows asked for', async () => {
    const factory = new IDBFactory();
    const rows = library(600);
    await new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange })).putMany(rows);
    for (const filter of FILTERS) {
      const keep = rowFilter(filter);
      const byHand = rows
        .filter((r) => r.deletedAt === null && keep(r))
        .sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1))
        .map((r) => r.id);
      const scan = await scanList(factory, filter, (i) => i >= 10 && i < 15);
      expect(scan.ids, JSON.stringify(filter)).toEqual(byHand);
      expect(scan.ids.slice(0, 50)).toEqual((await readLiveRowsWhere(factory, filter, 0, 50, IDBKeyRange)).map((r) => r.id));
      expect([...scan.rows.keys()]).toEqual(byHand.slice(10, 15));
      // Kept rows are list rows (no live flag), as the first-page read returns them.
      for (const id of scan.rows.keys()) expect(scan.rows.get(id)).toEqual(rows.find((r) => r.id === id));
    }
  });

  it('read the list a part at a time: no request asks for more than SCAN_CHUNK rows', async () => {
    const factory = new IDBFactory();
    const rows = library(700);
    expect(SCAN_CHUNK).toBeGreaterThanOrEqual(100);
    expect(SCAN_CHUNK).toBeLessThanOrEqual(300);
    await new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange })).putMany(rows);
    const { result: scan, calls } = await withGetAlls(() => scanList(factory, { state: 'all', tag: null }, () => false));
    expect(scan.ids.length).toBe(rows.filter((r) => r.deletedAt === null && r.archivedAt === null).length);
    // Each request asks for SCAN_CHUNK rows at most, the reads of one save time's rows included.
    expect(calls.filter(([range]) => !sameKey(range)).length).toBeGreaterThanOrEqual(3);
    for (const [, count] of calls) expect(count).toBeLessThanOrEqual(SCAN_CHUNK);
  });

  it('list rows sharing a save time once each across the parts, however many share it', async () => {
    const factory = new IDBFactory();
    // Runs of 1, 2, 7, 8 and 40 rows with one save time, read 7 rows per request.
    const runs = [1, 2, 7, 8, 40, 1, 3, 7, 1];
    const rows = runs.flatMap((n, k) => Array.from({ length: n }, (_, j) => row(cid(100 * k + j), 1_000 + k, { archivedAt: j % 5 === 4 ? 6_000 : null, tags: j % 2 ? ['news'] : [] })));
    await new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange })).putMany(rows);
    for (const filter of FILTERS) {
      const keep = rowFilter(filter);
      const byHand = rows.filter(keep).sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1)).map((r) => r.id);
      for (const chunk of [1, 2, 7, 8, 1_000]) expect((await scanList(factory, filter, () => false, chunk)).ids, `${JSON.stringify(filter)} by ${chunk}`).toEqual(byHand);
    }
  });

  it('read more rows sharing one save time than a part holds a part at a time too (an import with no dates)', async () => {
    const factory = new IDBFactory();
    const rows = [...Array.from({ length: 3 * SCAN_CHUNK }, (_, i) => row(cid(i), 5_000)), row(cid(9_000), 4_000), row(cid(9_001), 6_000)];
    await new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange })).putMany(rows);
    const { result: scan, calls } = await withGetAlls(() => scanList(factory, { state: 'all', tag: null }, () => false));
    expect(scan.ids).toEqual(rows.sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1)).map((r) => r.id));
    for (const [, count] of calls) expect(count).toBeLessThanOrEqual(SCAN_CHUNK);
  });

  it('read rows by id, leaving out deleted and unknown ones', async () => {
    const factory = new IDBFactory();
    const rows = library(60);
    await new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange })).putMany(rows);
    const got = await readRows(factory, [cid(1), cid(3), cid(10), 'nope']);
    expect([...got.keys()].sort()).toEqual([cid(1), cid(10)]);
    expect(got.get(cid(10))).toEqual(rows[10]);
  });

  it("list a joining browser's previewed rows among the index's, each once, in every filter and on every read path", async () => {
    const factory = new IDBFactory();
    const index = new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange }));
    const rows = library(600);
    // The index holds some rows; the preview holds the rest, two of the index's (shown once, from the index) and one the index has deleted.
    const own = rows.filter((_, i) => i % 3 === 0);
    const previewed = [...rows.filter((_, i) => i % 3 !== 0), { ...rows[0]!, title: 'stale' }, { ...rows[3]!, deletedAt: null, title: 'undeleted?' }];
    await index.putMany(own);
    await index.putPreview(utf8(JSON.stringify(previewed)));
    const listed = rows.filter((r) => r.deletedAt === null);
    for (const filter of FILTERS) {
      const keep = rowFilter(filter);
      const byHand = listed.filter(keep).sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1));
      const scan = await scanList(factory, filter, (i) => i < 5);
      expect(scan.ids, JSON.stringify(filter)).toEqual(byHand.map((r) => r.id));
      for (const [offset, limit] of [[0, 50], [7, 20], [byHand.length - 3, 10]] as const) {
        expect((await readLiveRowsWhere(factory, filter, offset, limit, IDBKeyRange)).map((r) => r.id)).toEqual(byHand.slice(offset, offset + limit).map((r) => r.id));
      }
      expect([...scan.rows.values()]).toEqual(byHand.slice(0, 5));
    }
    expect(await readLiveRows(factory, 3, 40, IDBKeyRange)).toEqual(listed.sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1)).slice(3, 43));
    const got = await readRows(factory, [cid(0), cid(1), cid(3), 'nope']);
    expect([...got.keys()].sort()).toEqual([cid(0), cid(1)]);
    expect(got.get(cid(0))!.title).toBe(rows[0]!.title);
    expect(got.get(cid(1))).toEqual(rows[1]);
    // A new preview is read again (not the one kept from the last read); once dropped, only the index's rows are listed.
    await index.putPreview(utf8(JSON.stringify([row('zz'.padEnd(16, 'z'), 99_999)])));
    expect((await readLiveRows(factory, 0, 1, IDBKeyRange))[0]!.id).toBe('zz'.padEnd(16, 'z'));
    // A preview an earlier version wrote (row objects, not text) is still listed until it is replaced or dropped.
    await index.putPreview(utf8('[]'));
    await index.db.preview.put({ part: 0, rows: [row('earlier-version-row', 99_998)] });
    expect((await readLiveRows(factory, 0, 1, IDBKeyRange))[0]!.id).toBe('earlier-version-row');
    await index.clearPreview();
    expect((await scanList(factory, { state: 'all', tag: null }, () => false)).ids).toEqual(own.filter((r) => r.deletedAt === null && r.archivedAt === null).sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? 1 : -1)).map((r) => r.id));
  });
});
