/**
 * Disk storage for the server Repo: automerge-repo's NodeFSStorageAdapter, with its write cache
 * kept to the writes in flight.
 *
 * NodeFSStorageAdapter 2.5.6 puts every chunk it saves into an in-memory `cache` object and
 * never drops it (only `remove` does), so a long-running server would hold every document's
 * bytes and every sync state it ever wrote, evicted or not, and each `loadRange` scans all of
 * those keys. The cache exists so that a load racing a write sees the new bytes; once the
 * write has finished the file has them, so we drop the entry then.
 */
import { join } from 'node:path';
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs';
import type { StorageKey } from '@automerge/automerge-repo/slim';

/** The private field this relies on (checked in the constructor, so an upgrade that renames it fails loudly). */
type WithCache = { cache: Record<string, Uint8Array> };

/** A NodeFSStorageAdapter whose memory does not grow with the number of documents written. */
export class BoundedNodeFSStorageAdapter extends NodeFSStorageAdapter {
  /** @param dataDir - folder holding the documents (created on first write). */
  constructor(dataDir: string) {
    super(dataDir);
    if (typeof (this as unknown as Partial<WithCache>).cache !== 'object') {
      throw new Error('NodeFSStorageAdapter has no `cache` field any more: check scripts/sync-server/storage.ts against the installed version');
    }
  }

  /** Writes and removals under way, by first key part (the document id for documents). */
  readonly #inFlight = new Map<string, number>();

  /** Writes `binary`, then forgets it unless a later write of the same key is still in flight. */
  override async save(keyArray: StorageKey, binary: Uint8Array): Promise<void> {
    await this.#track(keyArray, async () => {
      try {
        await super.save(keyArray, binary);
      } finally {
        const cache = (this as unknown as WithCache).cache;
        // Same key derivation as the adapter's own (path.join of the key parts).
        const key = join(...keyArray);
        if (cache[key] === binary) delete cache[key];
      }
    });
  }

  /** Removes a key, counted as a write in flight while it runs. */
  override async remove(keyArray: StorageKey): Promise<void> {
    await this.#track(keyArray, () => super.remove(keyArray));
  }

  /** Whether a write or removal for this document is under way (eviction waits for it). */
  busy(documentId: string): boolean {
    return this.#inFlight.has(documentId);
  }

  async #track(keyArray: StorageKey, work: () => Promise<void>): Promise<void> {
    const id = keyArray[0] ?? '';
    this.#inFlight.set(id, (this.#inFlight.get(id) ?? 0) + 1);
    try {
      await work();
    } finally {
      const left = (this.#inFlight.get(id) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(id, left);
      else this.#inFlight.delete(id);
    }
  }

  /** How many entries the write cache holds now (for tests and health checks). */
  cachedEntries(): number {
    return Object.keys((this as unknown as WithCache).cache).length;
  }
}
