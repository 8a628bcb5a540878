import { save } from '@automerge/automerge/slim';
import { parseAutomergeUrl, type AutomergeUrl, type DocHandle, type DocumentId, type Repo } from '@automerge/automerge-repo/slim';
import { AppFailure } from '../util/result';
import { librarySource, type DocumentLoader } from './library-reader';
import type { LibrarySource } from './types';

/** How long one document may take to arrive (a 2 MB content document over a slow link), by default. */
export const DEFAULT_DOC_TIMEOUT_MS = 60_000;

/** Runs `fn` with a loaded document handle (the extension passes its library's handle cache). */
export type UseHandle = <T>(url: AutomergeUrl, fn: (handle: DocHandle<unknown>) => T | Promise<T>) => Promise<T>;

export interface RepoSourceOptions {
  /** Longest wait for one document; past it the read fails (the server is gone). Default 60 s. */
  readonly timeoutMs?: number;
  /**
   * How content documents are loaded. Default: `repo.find`, then unloaded again unless the
   * Repo already had it loaded, so one content document at a time is held.
   */
  readonly use?: UseHandle;
}

/** One abort reason for every release, as in the library's handle cache. */
const RELEASED = new Error('commonplace export: find released after loading');

/**
 * `repo.find` with a time limit. "Unavailable" (no peer has it) is null; a timeout throws
 * (a peer that stops answering would otherwise make every later document wait as long).
 */
async function findWithin(repo: Repo, url: AutomergeUrl, timeoutMs: number): Promise<DocHandle<unknown> | null> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timed out'));
  }, timeoutMs);
  try {
    return await repo.find<unknown>(url, { signal: controller.signal });
  } catch (e) {
    if (timedOut) {
      throw new AppFailure('fetch-failed', `Document ${url} did not arrive within ${Math.round(timeoutMs / 1000)} s. Check that the sync server is running and reachable, then try again.`);
    }
    if (e instanceof Error && /unavailable/i.test(e.message)) return null;
    throw e;
  } finally {
    clearTimeout(timer);
    // Settles automerge-repo's internal race so the loaded document is not kept for good (see handle-cache.ts).
    setTimeout(() => controller.abort(RELEASED), 0);
  }
}

/**
 * How long a document this source loaded must have seen no sync message, in or out, before it
 * is unloaded. Work goes on after `find` answers: the sync exchange takes several messages and
 * the synchronizer sends 100 ms later (a throttle). Unloaded sooner, a late message makes the
 * Repo fetch the whole document again (and keep it), and the throttled send waits 60-120 s on
 * the unloaded handle, keeping its document (automerge-repo 2.5.6; the sync server's
 * eviction.ts measured the same and uses a second too).
 */
const QUIET_MS = 1_000;

/** The default `use`: find, run, and unload once quiet what this source loaded. */
function findAndRelease(repo: Repo, timeoutMs: number) {
  const pending = new Map<DocumentId, ReturnType<typeof setTimeout>>();
  const touched = new Map<DocumentId, number>();
  const touch = (m: { documentId?: DocumentId }) => {
    if (m.documentId && (pending.has(m.documentId) || touched.has(m.documentId))) touched.set(m.documentId, Date.now());
  };
  repo.networkSubsystem.on('message', touch as never);
  repo.synchronizer.on('message', touch as never);
  const unloadWhenQuiet = (id: DocumentId) => {
    const quietFor = Date.now() - (touched.get(id) ?? 0);
    const timer = setTimeout(() => void unload(id).catch(() => undefined), Math.max(0, QUIET_MS - quietFor));
    timer.unref?.();
    pending.set(id, timer);
  };
  const unload = async (id: DocumentId) => {
    if (Date.now() - (touched.get(id) ?? 0) < QUIET_MS) return unloadWhenQuiet(id);
    pending.delete(id);
    touched.delete(id);
    const handle = repo.handles[id];
    if (!handle?.isReady()) return;
    // Unloading emits a change to an empty document that a storage listener would save
    // (automerge-repo issue #435): the listeners go first.
    handle.removeAllListeners();
    await repo.removeFromCache(id);
  };
  return async <T>(url: AutomergeUrl, fn: (handle: DocHandle<unknown> | null) => T | Promise<T>): Promise<T> => {
    const id = parseAutomergeUrl(url).documentId;
    const timer = pending.get(id);
    if (timer) clearTimeout(timer);
    const mine = timer !== undefined || repo.handles[id] === undefined;
    if (mine) touched.set(id, Date.now());
    const handle = await findWithin(repo, url, timeoutMs);
    try {
      return await fn(handle);
    } finally {
      if (handle && mine) unloadWhenQuiet(id);
      else touched.delete(id);
    }
  };
}

/**
 * A library read from an automerge-repo `Repo`: local storage (the extension) or a sync server
 * (the command line). The root and catalogs are found and kept; content documents are loaded
 * one at a time, through `options.use` when given. Binaries are `Automerge.save` of each
 * document as it was when read, so the Markdown and the binaries describe the same state.
 */
export function repoSource(repo: Repo, rootUrl: AutomergeUrl, options: RepoSourceOptions = {}): LibrarySource {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DOC_TIMEOUT_MS;
  const given = options.use;
  const release = given ? null : findAndRelease(repo, timeoutMs);
  const loader: DocumentLoader = {
    use: async (url, fn) => {
      const docUrl = url as AutomergeUrl;
      const run = (h: DocHandle<unknown> | null) => {
        const doc = h?.doc();
        return fn(doc === undefined ? null : { doc, save: () => save(doc as never) });
      };
      if (!given) return release!(docUrl, run);
      try {
        return await given(docUrl, run);
      } catch (e) {
        if (e instanceof Error && /unavailable/i.test(e.message)) return fn(null);
        throw e;
      }
    },
  };
  return librarySource(loader, rootUrl);
}
