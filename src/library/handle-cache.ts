import type { DocHandle, DocumentId, Repo } from '@automerge/automerge-repo/slim';
import { Semaphore } from '../util/mutex';
import type { DocUrl } from '../schema/ids';

/**
 * Keeps at most `capacity` clip documents loaded, least recently used out first,
 * and at most `concurrency` loads in flight. This is what bounds the background's
 * memory on a 10,000-clip library (docs/schema.md, "Which documents stay in memory"):
 * Automerge documents held in a Repo cost memory and slow every later operation,
 * and thousands of simultaneous `find()`s fail, so nothing loads them all at once.
 */
export class HandleCache {
  private readonly lru = new Map<DocumentId, number>(); // documentId → users in flight
  /** Documents being flushed and unloaded right now (a `use` of one waits, then loads it again). */
  private readonly evicting = new Map<DocumentId, Promise<void>>();
  private readonly loads: Semaphore;
  /**
   * Hears every document just before it is unloaded (synchronously, while its handle still
   * holds what it learnt: sync uses it to record which servers hold it, knowledge a handle
   * loaded again starts without).
   */
  onUnload: ((handle: DocHandle<unknown>) => void) | null = null;

  constructor(
    private readonly repo: Repo,
    private readonly capacity = 16,
    concurrency = 8,
  ) {
    this.loads = new Semaphore(concurrency);
  }

  /**
   * Loads (or reuses) a document and runs `fn` with its handle; the handle may be unloaded
   * afterwards, never while `fn` runs: a document being evicted is waited for, then loaded again.
   */
  async use<D, T>(url: DocUrl, fn: (handle: DocHandle<D>) => Promise<T> | T): Promise<T> {
    let handle: DocHandle<D>;
    for (;;) {
      handle = await this.loads.run(() => findReleasing<D>(this.repo, url));
      // An eviction that chose this document while it was being found: let it finish, then find it again.
      const evicting = this.evicting.get(handle.documentId);
      if (!evicting) break;
      await evicting;
    }
    const id = handle.documentId;
    this.lru.set(id, (this.lru.get(id) ?? 0) + 1);
    this.touch(id);
    try {
      return await fn(handle);
    } finally {
      this.lru.set(id, (this.lru.get(id) ?? 1) - 1);
      await this.evict();
    }
  }

  /** Registers a handle created elsewhere (a new clip) so it is evicted like the rest. */
  async adopt(handle: DocHandle<unknown>): Promise<void> {
    if (!this.lru.has(handle.documentId)) this.lru.set(handle.documentId, 0);
    this.touch(handle.documentId);
    await this.evict();
  }


  private touch(id: DocumentId): void {
    const users = this.lru.get(id) ?? 0;
    this.lru.delete(id);
    this.lru.set(id, users);
  }

  private async evict(): Promise<void> {
    if (this.lru.size <= this.capacity) return;
    for (const [id, users] of this.lru) {
      if (this.lru.size <= this.capacity) break;
      if (users > 0) continue;
      this.lru.delete(id);
      // Chosen synchronously, with no user: from here a `use` of it waits for this eviction.
      const done = (async () => {
        await this.repo.flush([id]);
        const handle = this.repo.handles[id];
        if (handle && this.onUnload) {
          try {
            this.onUnload(handle);
          } catch (e) {
            console.warn('Commonplace: a listener of document unloads failed', e);
          }
        }
        // Unloading emits a change to an empty document, and automerge-repo's save listener would
        // store that and compact the real chunks away (automerge-repo issue #435): a small document
        // came back empty. Its listeners go first; everything it holds is on disk (flushed above).
        this.repo.handles[id]?.removeAllListeners();
        await this.repo.removeFromCache(id);
      })().finally(() => this.evicting.delete(id));
      this.evicting.set(id, done);
      await done;
    }
  }
}

/** One abort reason for every release (so a release allocates nothing). */
const RELEASED = new Error('commonplace: find released after loading');

/**
 * `repo.find`, then its abort signal fired once it has answered. Why: a find without a signal
 * races its load against one module-wide promise that never settles, and each race leaves the
 * loaded document reachable from it for good (automerge-repo 2.5.6; measured on the sync server:
 * 2,000 evicted documents all still on the heap). With its own signal, aborted afterwards, the
 * race settles and lets the document go.
 */
async function findReleasing<D>(repo: Repo, url: DocUrl): Promise<DocHandle<D>> {
  const release = new AbortController();
  try {
    return await repo.find<D>(url, { signal: release.signal });
  } finally {
    setTimeout(() => release.abort(RELEASED), 0);
  }
}
