import { IDBFactory, IDBIndex as FakeIDBIndex, IDBKeyRange } from 'fake-indexeddb';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { DexieClipIndex, IndexDatabase } from '../../../src/index-db/dexie-clip-index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_CHANGED_CHANNEL, readLiveRows } from '../../../src/index-db/list-query';
import { row, runClipIndexTests } from './clip-index-conformance';

runClipIndexTests('MemoryClipIndex', async () => new MemoryClipIndex());
runClipIndexTests('DexieClipIndex', async () => new DexieClipIndex(new IndexDatabase({ indexedDB: new IDBFactory(), IDBKeyRange })));

describe.each(['getAllRecords', 'cursor'])('readLiveRows (the side panel reads the Dexie index directly), %s', (path) => {
  const proto = FakeIDBIndex.prototype as unknown as { getAllRecords?: unknown };
  const real = proto.getAllRecords;
  beforeAll(() => {
    // Firefox has no getAllRecords yet: the cursor path must give the same pages.
    if (path === 'cursor') delete proto.getAllRecords;
    else expect(typeof real).toBe('function');
  });
  afterAll(() => void (proto.getAllRecords = real));

  it('returns the same page as DexieClipIndex.list, and [] without creating a missing database', async () => {
    const factory = new IDBFactory();
    expect(await readLiveRows(factory, 0, 10, IDBKeyRange)).toEqual([]);
    expect((await factory.databases()).length).toBe(0);
    const index = new DexieClipIndex(new IndexDatabase({ indexedDB: factory, IDBKeyRange }));
    await index.putMany([row('a', 1), row('b', 3), row('c', 2), row('d', 4, { deletedAt: 5 }), row('e', 3)]);
    for (const [offset, limit] of [[0, 10], [1, 2], [3, 5]] as const) {
      expect(await readLiveRows(factory, offset, limit, IDBKeyRange)).toEqual(await index.list({ offset, limit }));
    }
    expect((await readLiveRows(factory, 0, 10, IDBKeyRange)).map((r) => r.id)).toEqual(['e', 'b', 'c', 'a']);
  });

  it('announces index writes on the broadcast channel', async () => {
    const index = new DexieClipIndex(new IndexDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }));
    const channel = new BroadcastChannel(INDEX_CHANGED_CHANNEL);
    const heard = new Promise((resolve) => (channel.onmessage = (e) => resolve(e.data)));
    await index.put(row('a', 1));
    expect(await heard).toBe('changed');
    channel.close();
  });
});
