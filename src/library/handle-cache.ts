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
   * `timeoutMs`: a document not found by then (a sync server that does not answer) rejects.
   */
  async use<D, T>(url: DocUrl, fn: (handle: DocHandle<D>) => Promise<T> | T, timeoutMs = 0): Promise<T> {
    let handle: DocHandle<D>;
    for (;;) {
      handle = await this.loads.run(() => findReleasing<D>(this.repo, url, timeoutMs));
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


  /**
   * Unloads a document for good and runs `remove` (which deletes it from storage) with no `use`
   * of it running: a `use` that starts meanwhile waits, then finds what is left. False, doing
   * nothing, when a `use` holds it now (try again later).
   */
  async discard(url: DocUrl, remove: (id: DocumentId) => Promise<void>): Promise<boolean> {
    const id = url.slice('automerge:'.length) as DocumentId;
    await this.evicting.get(id);
    if ((this.lru.get(id) ?? 0) > 0 || this.evicting.has(id)) return false;
    this.lru.delete(id);
    const done = (async () => {
      const handle = this.repo.handles[id];
      if (handle) {
        // Saves under way land now, before the removal, not after it.
        if (handle.isReady()) await this.repo.flush([id]).catch(() => undefined);
        // As in `evict`: no listener may store the empty document unloading emits.
        handle.removeAllListeners();
        // One not ready (being fetched, or unavailable) is deleted: unloading it would wait for it.
        if (handle.isReady()) await this.repo.removeFromCache(id);
        else this.repo.delete(id);
      }
      await remove(id);
    })().finally(() => this.evicting.delete(id));
    this.evicting.set(id, done);
    await done;
    return true;
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
async function findReleasing<D>(repo: Repo, url: DocUrl, timeoutMs = 0): Promise<DocHandle<D>> {
  const release = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => release.abort(new Error(`Document ${url} did not arrive within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs) : null;
  try {
    return await repo.find<D>(url, { signal: release.signal });
  } finally {
    if (timer) clearTimeout(timer);
    setTimeout(() => release.abort(RELEASED), 0);
  }
}
