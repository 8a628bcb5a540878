import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { readLiveRows, readLiveRowsWhere } from '../../../src/index-db/list-query';
import { PREVIEW_STAMP } from '../../../src/index-db/list-preview';
import { row } from '../index-db/clip-index-conformance';

const TIMEOUT = Symbol('timeout');
const within = <T,>(p: Promise<T>, ms = 2_000): Promise<T | typeof TIMEOUT> => Promise.race([p, new Promise<typeof TIMEOUT>((r) => setTimeout(() => r(TIMEOUT), ms))]);

describe('ClipIndex.putMany', () => {
  // "Writes rows, and with them (atomically) any `meta` entries given." MemoryClipIndex does (it writes the meta with no rows);
  // DexieClipIndex returns early on an empty row list (dexie-clip-index.ts: `if (rows.length === 0) return;`)
  // and silently drops the meta entries (a reconcile marker written with "no rows changed" is lost).
  it.each([
    ['DexieClipIndex', () => new DexieClipIndex(new IndexDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }))],
  ] as const)('%s writes the meta entries given even when there are no rows', async (_name, make) => {
    const index = make();
    await index.putMany([], { 'catalog:3': 'heads-after' });
    expect(await index.getMeta('catalog:3')).toBe('heads-after');
  });
});

describe('the side panel list reads, with a damaged preview record', () => {
  // An earlier version's preview part (`rows`, list-preview.ts `PreviewPart`) is returned by
  // `partRows` unchecked; one damaged element makes readPreview's `.filter((r) => r.deletedAt === null)`
  // throw inside an IndexedDB success callback: the transaction aborts, readPreview's promise never
  // settles, and the list read hangs for ever (its connection never closed, so it also blocks the
  // background's next schema upgrade). The thumbnails store skips damaged records ("a damaged one
  // must not break the list"); the list should too.
  async function damaged(): Promise<IDBFactory> {
    const idb = new IDBFactory();
    const db = new IndexDatabase({ indexedDB: idb, IDBKeyRange });
    const index = new DexieClipIndex(db);
    await index.put(row('own-row-0000000a', 5));
    await db.preview.put({ part: 0, rows: [null as never, row('preview-row-000b', 4)] });
    await db.meta.put({ k: PREVIEW_STAMP, v: 'damaged-stamp' });
    db.close();
    return idb;
  }

  it('readLiveRowsWhere settles (with the index\'s own rows) instead of hanging', async () => {
    const idb = await damaged();
    const got = await within(readLiveRowsWhere(idb, { state: 'all', tag: null }, 0, 10, IDBKeyRange).catch((e: unknown) => e));
    expect(got).not.toBe(TIMEOUT);
    expect(Array.isArray(got) ? got.map((r) => r.id) : got).toContain('own-row-0000000a');
  });

  it('readLiveRows settles (with the index\'s own rows) instead of hanging', async () => {
    const idb = await damaged();
    const got = await within(readLiveRows(idb, 0, 10, IDBKeyRange).catch((e: unknown) => e));
    expect(got).not.toBe(TIMEOUT);
    expect(Array.isArray(got) ? got.map((r) => r.id) : got).toContain('own-row-0000000a');
  });
});
