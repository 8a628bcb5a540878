/**
 * The virtualised reading list's reads (extension/ui/list-window.ts): `scanList` gives every
 * filter the same ids, in the same order (ties included), as the first-page read the side panel
 * starts with (`readLiveRowsWhere`) and as filtering by hand; it keeps only the rows asked for;
 * `readRows` reads rows by id and leaves out deleted ones; nothing is created when the index
 * database does not exist yet.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { readRows, scanList } from '../../../extension/ui/list-window';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { LIST_STATES, readLiveRowsWhere, rowFilter, type ListFilter } from '../../../src/index-db/list-query';
import type { ClipSummary } from '../../../src/schema/clip-summary';
import { row } from '../index-db/clip-index-conformance';

/** `n` rows with every state, a few tags, some deleted, pairs sharing a save time. */
function library(n: number): ClipSummary[] {
  return Array.from({ length: n }, (_, i) =>
    row(`c${String(i).padStart(4, '0')}`, 1_000 + Math.floor(i / 2), {
      readAt: i % 5 === 0 ? 5_000 : null,
      archivedAt: i % 4 === 0 ? 6_000 : null,
      favoriteAt: i % 7 === 0 ? 7_000 : null,
      deletedAt: i % 50 === 3 ? 8_000 : null,
      tags: i % 3 === 0 ? ['news'] : i % 10 === 1 ? ['Café'] : [],
    }),
  );
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

  it('read rows by id, leaving out deleted and unknown ones', async () => {
    const factory = new IDBFactory();
    const rows = library(60);
    await new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange })).putMany(rows);
    const got = await readRows(factory, ['c0001', 'c0003', 'c0010', 'nope']);
    expect([...got.keys()].sort()).toEqual(['c0001', 'c0010']);
    expect(got.get('c0010')).toEqual(rows[10]);
  });
});
