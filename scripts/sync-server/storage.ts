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
  /** Every write or removal under way (what `settle` waits for). */
  readonly #pending = new Set<Promise<void>>();
  /** Set by `close`: later writes are dropped (the Repo's throttled sync-state saves can fire after shutdown). */
  #closed = false;
  /** Writes dropped because they came after `close` (for tests and the shutdown log). */
  droppedAfterClose = 0;

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

  /** Resolves once no write or removal is under way (including those started while waiting). */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /**
   * After this, saves and removals resolve without touching the disk. The server calls it last
   * in its shutdown, once every document is flushed: what can still arrive then is only a sync
   * state (a cache of what a peer has, rebuilt on the next connection), and writing it into a
   * folder the caller may already be deleting would fail with ENOENT after `close()` resolved.
   */
  close(): void {
    this.#closed = true;
  }

  async #track(keyArray: StorageKey, work: () => Promise<void>): Promise<void> {
    if (this.#closed) {
      this.droppedAfterClose++;
      return;
    }
    const id = keyArray[0] ?? '';
    this.#inFlight.set(id, (this.#inFlight.get(id) ?? 0) + 1);
    const running = work();
    this.#pending.add(running);
    try {
      await running;
    } finally {
      this.#pending.delete(running);
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
