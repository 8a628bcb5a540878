import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';

/** In-memory storage for unit tests; passes the same conformance suite as the IndexedDB adapter. */
export class MemoryStorageAdapter implements StorageAdapterInterface {
  private readonly data = new Map<string, { key: StorageKey; data: Uint8Array }>();

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.data.get(JSON.stringify(key))?.data;
  }
  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.data.set(JSON.stringify(key), { key, data: new Uint8Array(data) });
  }
  async remove(key: StorageKey): Promise<void> {
    this.data.delete(JSON.stringify(key));
  }
  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    return [...this.data.values()].filter((c) => prefix.every((p, i) => c.key[i] === p)).map((c) => ({ key: c.key, data: c.data }));
  }
  async removeRange(prefix: StorageKey): Promise<void> {
    for (const [k, c] of this.data) if (prefix.every((p, i) => c.key[i] === p)) this.data.delete(k);
  }
  /** Total stored bytes, for storage-efficiency tests. */
  get bytes(): number {
    let n = 0;
    for (const c of this.data.values()) n += c.data.byteLength;
    return n;
  }
}
