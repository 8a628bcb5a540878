import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js';
import { describe, expect, it } from 'vitest';
import { IndexedDBStorageAdapter } from '../../../src/storage/indexeddb-storage-adapter';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

// One conformance suite (automerge-repo's own), every implementation.
runStorageAdapterTests(async () => {
  const adapter = new IndexedDBStorageAdapter(new IDBFactory());
  return { adapter, teardown: () => adapter.close() };
}, 'IndexedDBStorageAdapter');

runStorageAdapterTests(async () => ({ adapter: new MemoryStorageAdapter() }), 'MemoryStorageAdapter');

describe('IndexedDBStorageAdapter failure handling', () => {
  it('rejects, rather than hangs, when a write transaction aborts (e.g. quota exceeded)', async () => {
    const factory = new IDBFactory();
    const adapter = new IndexedDBStorageAdapter(factory);
    await adapter.save(['ok'], new Uint8Array([1]));
    const db = await (adapter as unknown as { db: Promise<IDBDatabase> }).db;
    const realTransaction = db.transaction.bind(db);
    db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
      const t = realTransaction(...args);
      queueMicrotask(() => t.abort());
      return t;
    }) as IDBDatabase['transaction'];
    await expect(adapter.save(['doc', 'snapshot', 'x'], new Uint8Array([2]))).rejects.toBeTruthy();
    db.transaction = realTransaction;
    expect(await adapter.load(['doc', 'snapshot', 'x'])).toBeUndefined();
    expect(await adapter.load(['ok'])).toEqual(new Uint8Array([1]));
  });

  it('does not confuse a key prefix with a longer key that merely starts with the same text', async () => {
    const adapter = new IndexedDBStorageAdapter(new IDBFactory());
    await adapter.save(['abc', 'snapshot', '1'], new Uint8Array([1]));
    await adapter.save(['abcd', 'snapshot', '1'], new Uint8Array([2]));
    expect((await adapter.loadRange(['abc'])).length).toBe(1);
    await adapter.removeRange(['abc']);
    expect((await adapter.loadRange(['abcd'])).length).toBe(1);
  });
});

describe('IndexedDBStorageAdapter.commit', () => {
  it('writes its marker outside any document range, so automerge-repo never sees it', async () => {
    const adapter = new IndexedDBStorageAdapter(new IDBFactory());
    await adapter.save(['doc1', 'snapshot', 'a'], new Uint8Array([1]));
    await adapter.commit();
    expect((await adapter.loadRange(['doc1'])).length).toBe(1);
    expect(await adapter.load(['commonplace', 'commit'])).toEqual(new Uint8Array([1]));
  });
});
