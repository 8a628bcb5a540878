import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import { beginBatchIn, startsWith, type BatchingStorage, type BatchSlot, type WriteBatch } from './write-batch';

/** In-memory storage for unit tests; passes the same conformance suites as the IndexedDB adapter. */
export class MemoryStorageAdapter implements StorageAdapterInterface, BatchingStorage {
  private readonly data = new Map<string, { key: StorageKey; data: Uint8Array }>();
  private readonly slot: BatchSlot = { batch: null };
  /** Batches committed so far (tests check one per user action). */
  commits = 0;
  /** When set, the next batch commit fails with this error (tests of a full disk). */
  failNextCommit: Error | null = null;

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const buffered = this.slot.batch?.read(key);
    if (buffered !== undefined) return buffered ?? undefined;
    return this.data.get(JSON.stringify(key))?.data;
  }
  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (this.slot.batch) return this.slot.batch.add({ kind: 'put', key, data: new Uint8Array(data) }, true);
    this.data.set(JSON.stringify(key), { key, data: new Uint8Array(data) });
  }
  async remove(key: StorageKey): Promise<void> {
    if (this.slot.batch) return this.slot.batch.add({ kind: 'delete', key }, false);
    this.data.delete(JSON.stringify(key));
  }
  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const stored = [...this.data.values()].filter((c) => startsWith(c.key, prefix)).map((c) => ({ key: c.key, data: c.data }));
    return this.slot.batch ? this.slot.batch.overlay(prefix, stored) : stored;
  }
  async removeRange(prefix: StorageKey): Promise<void> {
    if (this.slot.batch) return this.slot.batch.add({ kind: 'deleteRange', prefix }, true);
    for (const [k, c] of this.data) if (startsWith(c.key, prefix)) this.data.delete(k);
  }

  beginBatch(): WriteBatch {
    return beginBatchIn(this.slot, async (ops) => {
      await Promise.resolve();
      const failure = this.failNextCommit;
      this.failNextCommit = null;
      if (failure) throw failure;
      for (const op of ops) {
        if (op.kind === 'put') this.data.set(JSON.stringify(op.key), { key: op.key, data: op.data });
        else if (op.kind === 'delete') this.data.delete(JSON.stringify(op.key));
        else for (const [k, c] of this.data) if (startsWith(c.key, op.prefix)) this.data.delete(k);
      }
      this.commits++;
    });
  }

  /** Total stored bytes, for storage-efficiency tests. */
  get bytes(): number {
    let n = 0;
    for (const c of this.data.values()) n += c.data.byteLength;
    return n;
  }
}
