/**
 * IndexedDBStorageAdapter's reads that open their own transaction (`loadRange`, `listKeys`,
 * `journalEntries`) reject from `t.onerror` with `t.error`. When a request fails, its error event
 * reaches the transaction's `onerror` before the transaction aborts, while `t.error` is still null
 * (and it stays null for an aborted transaction), so the read rejects with `null`: the failure's
 * DOMException (its name and message) is lost, and the `onabort` fallback written for exactly this
 * case never runs (the promise is already settled). `tx()` gets it right (`t.error ?? req.error`).
 * The failure is simulated as tests/unit/storage does for a full disk: the next transaction aborts.
 */
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexedDBStorageAdapter } from '../../../src/storage/indexeddb-storage-adapter';

async function failingAdapter(): Promise<IndexedDBStorageAdapter> {
  const adapter = new IndexedDBStorageAdapter(new IDBFactory());
  await adapter.save(['doc', 'snapshot', 'x'], new Uint8Array([1]));
  await adapter.appendJournal('k1', { n: 1 });
  const db = await (adapter as unknown as { db: Promise<IDBDatabase> }).db;
  const real = db.transaction.bind(db);
  db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
    db.transaction = real;
    const t = real(...args);
    queueMicrotask(() => t.abort());
    return t;
  }) as IDBDatabase['transaction'];
  return adapter;
}

async function reasonOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'resolved',
    (e: unknown) => e,
  );
}

describe('IndexedDBStorageAdapter reads that fail', () => {
  it.each([
    ['loadRange', (a: IndexedDBStorageAdapter) => a.loadRange(['doc'])],
    ['listKeys', (a: IndexedDBStorageAdapter) => a.listKeys([['doc']])],
    ['journalEntries', (a: IndexedDBStorageAdapter) => a.journalEntries()],
  ] as const)('%s rejects with the failure (an error with a name), not with null', async (_name, read) => {
    const adapter = await failingAdapter();
    const reason = await reasonOf(read(adapter));
    expect(reason).not.toBe('resolved');
    expect(reason).not.toBeNull();
    expect(typeof (reason as { name?: unknown } | null)?.name).toBe('string');
    await adapter.close();
  });
});
