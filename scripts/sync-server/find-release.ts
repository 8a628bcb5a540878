/**
 * Works around a memory leak in automerge-repo 2.5.6's `Repo.find`, which would otherwise keep
 * every document the server ever loaded from disk, evicted or not.
 *
 * A find that has to load (the handle is not cached and ready) runs
 * `Promise.race([storageLoad, abortPromise])` and two more races, where `abortPromise` is, with
 * no AbortSignal, one module-wide promise that never settles (`helpers/foreverPromise.js`). Each
 * race leaves a reaction on that promise for good, and the reaction holds the race's promise,
 * which holds its result: the loaded Automerge document. Measured: after 2,000 documents had
 * been evicted and fetched again, a heap snapshot of the server (no handles left in its Repo)
 * still held 2,000 `Automerge` documents, all retained through that chain.
 *
 * With a signal, `abortPromise` is a per-find promise instead; aborting it once the load has
 * finished settles it, which drops its reactions and the document with them. What stays per
 * load is a few small objects hanging off the module-wide promise (the signal, the settled
 * promise, its AbortError, created here without a stack trace so that it holds nothing else).
 *
 * And every sync message for a document still being fetched (`requesting`, as during an upload)
 * made the synchronizer's `find` start another whole load (a storage read and three more races)
 * just to return the same handle; a handle already cached in a state the caller accepts is
 * returned as it is.
 */
import type { DocHandle, DocumentId, Repo } from '@automerge/automerge-repo/slim';

type Find = Repo['find'];

/** States after which the Repo's loading of a handle has finished. */
const SETTLED = ['ready', 'unavailable', 'deleted', 'unloaded'] as const;
/** One abort reason for all, so each release allocates no error of its own. */
const RELEASED = new Error('commonplace sync server: find released after loading');

/** Aborts `controller` on the next turn, with automerge-repo's AbortError made stackless. */
function releaseSoon(controller: AbortController): void {
  setTimeout(() => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      controller.abort(RELEASED);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }, 0);
}

/** Makes every `repo.find` without a signal (the synchronizer's) release its document afterwards. */
export function releaseFindsAfterLoading(repo: Repo): void {
  const find: Find = repo.find.bind(repo);
  const wrapped = async <T>(id: Parameters<Find>[0], options: Parameters<Find>[1] = {}): Promise<DocHandle<T>> => {
    if (options.signal) return find<T>(id, options);
    const cached = repo.handles[id as DocumentId] as DocHandle<T> | undefined;
    if (cached && options.allowableStates?.includes(cached.state)) return cached;
    const release = new AbortController();
    const done = () => releaseSoon(release);
    try {
      const handle = await find<T>(id, { ...options, signal: release.signal });
      // The synchronizer accepts a `requesting` handle; loading goes on until ready/unavailable.
      handle.whenReady([...SETTLED]).then(done, done);
      return handle;
    } catch (err) {
      done();
      throw err;
    }
  };
  repo.find = wrapped as Find;
}
