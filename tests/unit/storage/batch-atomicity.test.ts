/**
 * A write batch must "store all of its operations atomically and durably, or reject having stored
 * none" (src/storage/write-batch.ts `beginBatchIn`). IndexedDBStorageAdapter builds the batch's
 * transaction inside a Promise executor (`tx()`): when one of its requests throws synchronously
 * (IDBObjectStore.put refuses a value at call time: DataCloneError for bytes it cannot clone, and
 * Chromium also refuses an oversized value this way), the executor's throw rejects the promise,
 * but the transaction is neither aborted nor watched: the requests made before the throw commit.
 * `commit()` then reports failure while part of the batch (here: the journal record's discard,
 * which persist.ts always queues first) has landed.
 */
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexedDBStorageAdapter } from '../../../src/storage/indexeddb-storage-adapter';
import { openThumbs, readThumbs, writeThumbs } from '../../../src/index-db/thumbs';

/** Bytes to be detached (`detach`) after they are handed over: IndexedDB then refuses them at put() time (DataCloneError). */
function unstorable(): Uint8Array {
  const bytes = new Uint8Array([7, 7, 7]);
  return bytes;
}
const detach = (bytes: Uint8Array) => void structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('IndexedDBStorageAdapter write batch, a request refused mid-batch', () => {
  it('stores none of the batch (journal record kept, no chunk written) when its commit rejects', async () => {
    const adapter = new IndexedDBStorageAdapter(new IDBFactory());
    // A capture made durable by its journal record (phase one of a save).
    await adapter.appendJournal('capture-1', { page: { title: 'Saved' } });
    // Phase two, as persist.ts builds it: the record's discard first, then the documents' chunks.
    const batch = adapter.beginBatch();
    batch.discardJournal('capture-1');
    const content = adapter.save(['content', 'incremental', 'h1'], new Uint8Array([1]));
    const bad = unstorable();
    const catalog = adapter.save(['catalog', 'incremental', 'h2'], bad);
    detach(bad);
    content.catch(() => undefined);
    catalog.catch(() => undefined);

    await expect(batch.commit()).rejects.toBeTruthy();
    await expect(content).rejects.toBeTruthy();
    await settle();

    // The commit said "nothing stored", so nothing may be: the journal record must still be there
    // (a restart replays it), and no chunk of the half-batch may have landed.
    expect((await adapter.journalEntries()).map((e) => e.key)).toEqual(['capture-1']);
    expect(await adapter.load(['content', 'incremental', 'h1'])).toBeUndefined();
    await adapter.close();
  });
});

describe('writeThumbs, a record refused mid-transaction', () => {
  it('stores none of the records ("all or none") when it rejects', async () => {
    const idb = new IDBFactory();
    const db = (await openThumbs(idb, true))!;
    const bad = unstorable();
    detach(bad);
    await expect(
      writeThumbs(db, [
        { id: 'a', key: 'k1', type: 'image/webp', data: new Uint8Array([1, 2]) },
        { id: 'b', key: 'k2', type: 'image/webp', data: bad },
      ]),
    ).rejects.toBeTruthy();
    await settle();
    expect([...(await readThumbs(db, ['a', 'b'])).keys()]).toEqual([]);
    db.close();
  });
});
