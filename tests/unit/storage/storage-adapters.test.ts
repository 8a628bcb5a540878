import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js';
import { describe, expect, it } from 'vitest';
import { IndexedDBStorageAdapter } from '../../../src/storage/indexeddb-storage-adapter';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';
import type { BatchingStorage } from '../../../src/storage/write-batch';
import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim';
import { detachingTransfer } from '../util/detaching-transfer';

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

/**
 * Write batches (src/storage/write-batch.ts): one suite, every batching adapter. `fail`
 * makes the next commit fail the way that adapter fails (an aborted transaction, a full disk).
 */
function runWriteBatchTests(name: string, setup: () => { adapter: StorageAdapterInterface & BatchingStorage; fail(): void }): void {
  describe(`${name} write batches`, () => {
    const bytes = (n: number) => new Uint8Array([n]);

    it('buffers writes until commit, shows them to reads meanwhile, then writes them all', async () => {
      const { adapter } = setup();
      await adapter.save(['d1', 'snapshot', 'old'], bytes(1));
      const batch = adapter.beginBatch();
      let saved = false;
      const save = adapter.save(['d1', 'snapshot', 'new'], bytes(2)).then(() => (saved = true));
      await adapter.remove(['d1', 'snapshot', 'old']);
      await batch.queued('d1', new Promise(() => undefined));
      expect(await adapter.load(['d1', 'snapshot', 'new'])).toEqual(bytes(2));
      expect(await adapter.load(['d1', 'snapshot', 'old'])).toBeUndefined();
      expect((await adapter.loadRange(['d1'])).map((c) => c.key)).toEqual([['d1', 'snapshot', 'new']]);
      await Promise.resolve();
      expect(saved).toBe(false);
      await batch.commit();
      await save;
      expect(saved).toBe(true);
      expect((await adapter.loadRange(['d1'])).map((c) => c.key)).toEqual([['d1', 'snapshot', 'new']]);
      // After the batch, writes go straight through again.
      await adapter.save(['d2', 'snapshot', 'x'], bytes(3));
      expect(await adapter.load(['d2', 'snapshot', 'x'])).toEqual(bytes(3));
    });

    it('writes nothing when the commit fails, and rejects every buffered save', async () => {
      const { adapter, fail } = setup();
      await adapter.save(['keep', 'snapshot', 'k'], bytes(9));
      const batch = adapter.beginBatch();
      const a = adapter.save(['clip', 'snapshot', 'a'], bytes(1));
      const b = adapter.save(['root', 'incremental', 'b'], bytes(2));
      const range = adapter.removeRange(['keep']);
      fail();
      await expect(batch.commit()).rejects.toBeTruthy();
      await expect(a).rejects.toBeTruthy();
      await expect(b).rejects.toBeTruthy();
      await expect(range).rejects.toBeTruthy();
      expect(await adapter.load(['clip', 'snapshot', 'a'])).toBeUndefined();
      expect(await adapter.load(['root', 'incremental', 'b'])).toBeUndefined();
      expect(await adapter.load(['keep', 'snapshot', 'k'])).toEqual(bytes(9));
    });

    it('queued() waits for a write of that document, or for the flush to end without one', async () => {
      const { adapter } = setup();
      const batch = adapter.beginBatch();
      let seen = false;
      const waiting = batch.queued('doc', new Promise(() => undefined)).then(() => (seen = true));
      await Promise.resolve();
      expect(seen).toBe(false);
      void adapter.save(['doc', 'snapshot', 'h'], bytes(1));
      await waiting;
      await batch.queued('other', Promise.resolve());
      await expect(batch.queued('broken', Promise.reject(new Error('flush failed')))).rejects.toThrow('flush failed');
      await batch.commit();
      await batch.commit(); // idempotent
      expect(() => adapter.beginBatch().commit()).not.toThrow();
    });

    it('keeps journal records apart from documents, in key order, as stored', async () => {
      const { adapter } = setup();
      await adapter.save(['d1', 'snapshot', 'a'], bytes(1));
      await adapter.appendJournal('002', { page: { title: 'Two', html: '<p>2</p>' } });
      await adapter.appendJournal('001', { page: { title: 'One', html: '<p>1</p>' }, at: 1 });
      expect(await adapter.journalEntries()).toEqual([
        { key: '001', record: { page: { title: 'One', html: '<p>1</p>' }, at: 1 } },
        { key: '002', record: { page: { title: 'Two', html: '<p>2</p>' } } },
      ]);
      expect((await adapter.loadRange(['d1'])).map((c) => c.key)).toEqual([['d1', 'snapshot', 'a']]);
      // A range read over the journal's keys answers (with no chunks) rather than failing on a record.
      expect(await adapter.loadRange(['commonplace', 'journal'])).toEqual([]);
    });

    it('discards a journal record and removes a document only when their batch lands', async () => {
      const { adapter, fail } = setup();
      await adapter.appendJournal('k1', { n: 1 });
      await adapter.save(['orphan', 'snapshot', 'x'], bytes(4));
      const failed = adapter.beginBatch();
      const write = adapter.save(['clip', 'snapshot', 'c'], bytes(5));
      failed.discardJournal('k1');
      failed.removeDocument('orphan');
      fail();
      await expect(failed.commit()).rejects.toBeTruthy();
      await expect(write).rejects.toBeTruthy();
      expect((await adapter.journalEntries()).map((e) => e.key)).toEqual(['k1']);
      expect((await adapter.loadRange(['orphan'])).length).toBe(1);
      const landed = adapter.beginBatch();
      const again = adapter.save(['clip', 'snapshot', 'c'], bytes(5));
      landed.discardJournal('k1');
      landed.removeDocument('orphan');
      await landed.commit();
      await again;
      expect(await adapter.journalEntries()).toEqual([]);
      expect(await adapter.loadRange(['orphan'])).toEqual([]);
      expect(await adapter.load(['clip', 'snapshot', 'c'])).toEqual(bytes(5));
    });

    it('lists the keys under each prefix, committed ones only, journal records included under theirs', async () => {
      const { adapter } = setup();
      await adapter.save(['doc1', 'snapshot', 'a'], new Uint8Array([1]));
      await adapter.save(['doc1', 'incremental', 'b'], new Uint8Array([2]));
      await adapter.save(['doc10', 'snapshot', 'c'], new Uint8Array([3]));
      await adapter.appendJournal('k1', { any: 'record' });
      const batch = adapter.beginBatch();
      void adapter.save(['doc1', 'incremental', 'pending'], new Uint8Array([4]));
      const [doc1, doc10, none, journal] = await adapter.listKeys([['doc1'], ['doc10'], ['nothing'], ['commonplace', 'journal']]);
      expect(doc1).toEqual([
        ['doc1', 'incremental', 'b'],
        ['doc1', 'snapshot', 'a'],
      ]);
      expect(doc10).toEqual([['doc10', 'snapshot', 'c']]);
      expect(none).toEqual([]);
      expect(journal).toEqual([['commonplace', 'journal', 'k1']]);
      await batch.commit();
      expect((await adapter.listKeys([['doc1']]))[0]).toHaveLength(3);
    });

    it('allows one open batch at a time', async () => {
      const { adapter } = setup();
      const batch = adapter.beginBatch();
      expect(() => adapter.beginBatch()).toThrow(/already open/);
      await batch.commit();
    });
  });
}

runWriteBatchTests('IndexedDBStorageAdapter', () => {
  const adapter = new IndexedDBStorageAdapter(new IDBFactory());
  return {
    adapter,
    fail: () => {
      // The next transaction created aborts, as a full disk does.
      void (adapter as unknown as { db: Promise<IDBDatabase> }).db.then((db) => {
        const real = db.transaction.bind(db);
        db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
          db.transaction = real;
          const t = real(...args);
          queueMicrotask(() => t.abort());
          return t;
        }) as IDBDatabase['transaction'];
      });
    },
  };
});

runWriteBatchTests('MemoryStorageAdapter', () => {
  const adapter = new MemoryStorageAdapter();
  return { adapter, fail: () => void (adapter.failNextCommit = new Error('disk full')) };
});

describe('a failed batch commit', () => {
  it('is marked as given to the committer, so a write buffered in it may drop it (no unhandled rejection from a background save)', async () => {
    const { reportedToCommitter } = await import('../../../src/storage/write-batch');
    const storage = new MemoryStorageAdapter();
    const full = new Error('QuotaExceededError');
    storage.failCommits = full;
    const batch = storage.beginBatch();
    const buffered = storage.save(['doc', 'incremental', 'x'], new Uint8Array([1]));
    await expect(batch.commit()).rejects.toBe(full);
    await expect(buffered).rejects.toBe(full);
    expect(reportedToCommitter(full)).toBe(true);
    expect(reportedToCommitter(new Error('QuotaExceededError'))).toBe(false);
    expect(reportedToCommitter('a string')).toBe(false);
  });
});

describe('IndexedDBStorageAdapter.releaseChunk', () => {
  it('frees the bytes of chunks it read from the database, never those of a pending batch, and reads stay whole', async () => {
    const transfer = detachingTransfer();
    try {
      const adapter = new IndexedDBStorageAdapter(new IDBFactory());
      await adapter.save(['d', 'snapshot', 'stored'], new Uint8Array([1, 2, 3]));
      const batch = adapter.beginBatch();
      const pending = new Uint8Array([4, 5]);
      const saving = adapter.save(['d', 'incremental', 'pending'], pending);
      const chunks = await adapter.loadRange(['d']);
      expect(Object.fromEntries(chunks.map((c) => [c.key[2], [...c.data!]]))).toEqual({ stored: [1, 2, 3], pending: [4, 5] });
      const stored = chunks.find((c) => c.key[2] === 'stored')!.data!;
      const fromBatch = chunks.find((c) => c.key[2] === 'pending')!.data!;
      expect(adapter.releaseChunk(fromBatch)).toBe(false);
      expect(adapter.releaseChunk(new Uint8Array([9]))).toBe(false);
      expect(adapter.releaseChunk(stored)).toBe(true);
      expect(stored.byteLength).toBe(0);
      expect(adapter.releaseChunk(stored)).toBe(false);
      // The pending chunk is written whole, and the stored one reads back whole.
      expect([...pending]).toEqual([4, 5]);
      await batch.commit();
      await saving;
      const again = await adapter.loadRange(['d']);
      expect(Object.fromEntries(again.map((c) => [c.key[2], [...c.data!]]))).toEqual({ stored: [1, 2, 3], pending: [4, 5] });
      expect(transfer.released()).toBe(1);
      adapter.close();
    } finally {
      transfer.restore();
    }
  });
});
