import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import { journalStorageKey } from './journal';
import { beginBatchIn, startsWith, type BatchingStorage, type BatchSlot, type WriteBatch } from './write-batch';

/** In-memory storage for unit tests; passes the same conformance suites as the IndexedDB adapter. */
export class MemoryStorageAdapter implements StorageAdapterInterface, BatchingStorage {
  private readonly data = new Map<string, { key: StorageKey; data: Uint8Array }>();
  private readonly slot: BatchSlot = { batch: null };
  /** Journal records by the JSON of their storage key, each a structured clone (as IndexedDB stores it). */
  private readonly journal = new Map<string, { key: string; record: unknown }>();
  /** Batches committed so far (tests check one per user action). */
  commits = 0;
  /** When set, the next batch commit fails with this error (tests of a full disk). */
  failNextCommit: Error | null = null;
  /** When set, the next journal append fails with this error (tests of a full disk). */
  failNextJournal: Error | null = null;
  /** While set, every batch commit fails with this error (a disk that stays full, or a background about to be killed). */
  failCommits: Error | null = null;

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
      const failure = this.failNextCommit ?? this.failCommits;
      this.failNextCommit = null;
      if (failure) throw failure;
      for (const op of ops) {
        if (op.kind === 'put') this.data.set(JSON.stringify(op.key), { key: op.key, data: op.data });
        else if (op.kind === 'delete') {
          this.data.delete(JSON.stringify(op.key));
          this.journal.delete(JSON.stringify(op.key));
        }
        else for (const [k, c] of this.data) if (startsWith(c.key, op.prefix)) this.data.delete(k);
      }
      this.commits++;
    });
  }

  async appendJournal(key: string, record: unknown): Promise<void> {
    await Promise.resolve();
    const failure = this.failNextJournal;
    this.failNextJournal = null;
    if (failure) throw failure;
    this.journal.set(JSON.stringify(journalStorageKey(key)), { key, record: structuredClone(record) });
  }

  async listKeys(prefixes: readonly StorageKey[]): Promise<StorageKey[][]> {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const journalKeys = [...this.journal.keys()].map((k) => JSON.parse(k) as StorageKey);
    const all = [...[...this.data.values()].map((c) => c.key), ...journalKeys];
    return prefixes.map((p) => all.filter((k) => startsWith(k, p)).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b))));
  }

  async journalEntries(): Promise<Array<{ key: string; record: unknown }>> {
    return [...this.journal.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => ({ key: e.key, record: structuredClone(e.record) }));
  }

  /**
   * A new adapter holding a copy of what is stored now (open batches excluded): the
   * storage a process killed at this instant leaves behind (tests of crash recovery).
   */
  snapshot(): MemoryStorageAdapter {
    const copy = new MemoryStorageAdapter();
    for (const [k, c] of this.data) copy.data.set(k, { key: [...c.key], data: new Uint8Array(c.data) });
    for (const [k, e] of this.journal) copy.journal.set(k, { key: e.key, record: structuredClone(e.record) });
    return copy;
  }

  /** Total stored bytes, for storage-efficiency tests. */
  get bytes(): number {
    let n = 0;
    for (const c of this.data.values()) n += c.data.byteLength;
    return n;
  }
}
