import { ClipSearch } from '../../src/search/clip-search';
import { DexieSearchIndexStore, SearchDatabase } from '../../src/search/dexie-search-store';
import type { Library } from '../../src/library/library';
import type { ClipSummary } from '../../src/schema/clip-summary';
import type { ClipId } from '../../src/schema/ids';
import { SEARCH_CHANGED_CHANNEL } from '../../src/schema/plain-values';
import type { SearchPage, SearchRequest } from '../../src/schema/search-result';
import { services } from './services';

/**
 * The background's search (src/search/): the index is opened on the first search after a
 * start (so a cold start answers the list without it) and then follows the library — every
 * clip whose index row changed, locally or through sync (`library.onClipsChanged`), is fed
 * again a moment later; a stored index is brought up to date at open by comparing each clip's
 * version (`searchRevs`); a missing, old or damaged one is rebuilt with progress. The index is
 * saved lazily: only once `SAVE_AFTER_CLIPS` distinct clips changed in it since its last save,
 * 2 s after the last change; fewer are left to that catch-up by version (a save is a full
 * re-encode and a ~40 MB rewrite, too much for one edit).
 */

/**
 * How many distinct clips (fed again or removed) the open index may hold beyond its stored
 * snapshot before a save is scheduled; below it nothing saves, not on a timer and not when the
 * index leaves memory (`closeIdle`): the next open catches those clips up by version.
 *
 * Why 25: a save re-encodes the whole index and rewrites its snapshot (274 ms of the background's
 * one thread and ~40 MB of IndexedDB writes at 10,000 clips, src/search/README.md), whatever the
 * number of clips that changed, so saving after every edit spent that per edit. A clip the
 * snapshot lags on costs the next open one article read and its indexing (bench:library's
 * rebuilds in Chromium: 10,000 clips in 21-35 s, 2-3.5 ms a clip with the documents' loads): 24 of
 * them add 50-85 ms to the first search after an open, against the save they spare, and a save
 * now counts for at least 25 changes (≤ 1.6 MB written a clip).
 * The count lives with the open index; a reopened one counts the clips its catch-up feeds again,
 * so the lag never grows past this however often the index is dropped and reopened.
 */
export const SAVE_AFTER_CLIPS = 25;
/** How long after the last change a save, once due (`SAVE_AFTER_CLIPS`), is made. */
const SAVE_AFTER_MS = 2_000;
/**
 * How long the index stays in memory after the last search (or change it took in): then it is
 * saved if it has to be and dropped, and the next search opens it again from its snapshot
 * (~0.3-0.5 s at 10,000 clips). What bounds the background's memory while a page stays open.
 */
export const SEARCH_IDLE_MS = 90_000;

interface Open {
  readonly library: Library;
  readonly search: ClipSearch;
  progress: { done: number; total: number } | null;
  /** The clips changed in the index since its snapshot was last stored (what the next open would catch up). */
  unsaved: Set<string>;
}

let current: Promise<Open> | null = null;
let followed: Library | null = null;
const pending = new Set<ClipId>();
let pendingAll = false;
let feeding: Promise<void> | null = null;
let saveTimer: ReturnType<typeof setTimeout> | null = null;

let idleTimer: ReturnType<typeof setTimeout> | null = null;

/** (Re)starts the idle countdown after which the index leaves memory. */
function touch(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeIdle(), SEARCH_IDLE_MS);
}

/** Drops the index from memory when nothing uses it (saved first if `SAVE_AFTER_CLIPS` changes are not saved yet); else waits again. */
async function closeIdle(): Promise<void> {
  idleTimer = null;
  const was = current;
  const open = was ? await was.catch(() => null) : null;
  if (!open || current !== was) return;
  if (open.search.status === 'rebuilding' || feeding || pendingAll || pending.size > 0) return touch();
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  // Fewer changes are left to the catch-up by version at the next open.
  if (open.unsaved.size >= SAVE_AFTER_CLIPS) await save(open);
  // A search that came meanwhile keeps it.
  if (current === was && !idleTimer) current = null;
}

let channel: BroadcastChannel | null = null;
/** Tells open searches that results may have changed. */
function announce(): void {
  try {
    channel ??= new BroadcastChannel(SEARCH_CHANGED_CHANNEL);
    channel.postMessage('changed');
  } catch {
    // No page listens.
  }
}

/** Counts `ids` as changed since the last save; once `SAVE_AFTER_CLIPS` are, (re)schedules the save `SAVE_AFTER_MS` after this change. */
function changed(open: Open, ids: readonly string[]): void {
  for (const id of ids) open.unsaved.add(id);
  if (ids.length === 0 || open.unsaved.size < SAVE_AFTER_CLIPS) return;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = null;
    // A rebuild that ended meanwhile saved them.
    if (open.unsaved.size >= SAVE_AFTER_CLIPS) void save(open);
  }, SAVE_AFTER_MS);
}

/**
 * Stores the index's snapshot (when `ready`: a rebuild saves at its own end). The count starts
 * again from the changes made after the snapshot was taken; a failed save is logged and leaves the
 * clips counted (the stored snapshot still lags on them), so the next change schedules it again.
 */
async function save(open: Open): Promise<void> {
  if (open.search.status !== 'ready') return;
  const saving = open.unsaved;
  open.unsaved = new Set();
  try {
    await open.search.save();
  } catch (e) {
    for (const id of saving) open.unsaved.add(id);
    console.error('Commonplace: the search index could not be saved; it is brought up to date when it opens again.', e);
  }
}

/** Feeds `ids` (or every clip whose version the index does not have) to the index, in batches. */
async function feed(open: Open, ids: ClipId[] | null): Promise<void> {
  const { library, search } = open;
  if (ids === null) {
    const revs = library.searchRevs();
    ids = [...revs].filter(([id, rev]) => search.memory.revOf(id) !== rev).map(([id]) => id);
    const gone = search.memory.ids().filter((id) => !revs.has(id as ClipId));
    if (gone.length > 0) await search.remove(gone);
    changed(open, gone);
  } else {
    const present = new Set<string>(library.rowsOf(ids).map((r) => r.id));
    const gone = ids.filter((id) => !present.has(id));
    if (gone.length > 0) await search.remove(gone);
    changed(open, gone);
    ids = ids.filter((id) => present.has(id));
  }
  if (ids.length > 0) {
    await search.upsertAll(library.searchFeed(ids, search.memory.textChars));
    changed(open, ids);
    announce();
  }
}

/** Runs the pending feeds one after another. */
function drain(open: Open): Promise<void> {
  feeding ??= (async () => {
    try {
      while (pendingAll || pending.size > 0) {
        const ids = pendingAll ? null : [...pending];
        pendingAll = false;
        pending.clear();
        await feed(open, ids);
      }
    } catch (e) {
      console.error('Commonplace: the search index could not follow a change; it catches up at the next start.', e);
    } finally {
      feeding = null;
    }
  })();
  return feeding;
}

async function openSearch(library: Library): Promise<Open> {
  const search = await ClipSearch.open(new DexieSearchIndexStore(new SearchDatabase()));
  const open: Open = { library, search, progress: null, unsaved: new Set() };
  if (search.status === 'rebuilding') void rebuild(open);
  else {
    pendingAll = true;
    await drain(open);
  }
  return open;
}

/**
 * Why the last rebuild failed, in words for the user (null: none failed). Kept after the index is
 * dropped: searches and `searchStatus` answer `failed` with it, without opening the index again
 * (a full disk is not written to again at every keystroke), until `rebuildSearch` (the UI's "Try
 * again") or a new start of the background.
 */
let failure: string | null = null;

async function rebuild(open: Open): Promise<void> {
  open.progress = { done: 0, total: open.library.entryCount() };
  try {
    await open.search.rebuild(open.library.searchFeed(undefined, open.search.memory.textChars), (done) => (open.progress = { done, total: Math.max(done, open.progress?.total ?? 0) }));
    // Saved at its end, with the changes fed meanwhile.
    open.unsaved = new Set();
  } catch (e) {
    console.error('Commonplace: rebuilding the search index failed; it is rebuilt when asked again or at the next start.', e);
    failure = open.search.failure?.message ?? 'Rebuilding the search index failed. Try again; if it keeps failing, restart the browser.';
    await release(open);
    announce();
  } finally {
    open.progress = null;
  }
}

/** Drops a failed index from memory (the next open starts from the store, cleared by the failed rebuild). */
async function release(open: Open): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const was = current;
  if (was && (await was.catch(() => null)) === open && current === was) {
    current = null;
    pending.clear();
    pendingAll = false;
  }
}

/** The open search for the current library (opened on first use; a new library reopens it). */
async function opened(): Promise<Open> {
  const { library } = await services();
  const got = current ? await current.catch(() => null) : null;
  if (got && got.library === library) return got;
  current = openSearch(library);
  if (followed !== library) {
    followed = library;
    library.onClipsChanged = (ids) => {
      // Closed (idle): it catches up by version when it opens again.
      if (!current) return;
      if (ids === null) pendingAll = true;
      else for (const id of ids) pending.add(id);
      void current?.then((open) => (open.library === library ? drain(open) : undefined));
    };
  }
  return current;
}

/** A page of results for the side panel (the index opened first if needed): the typed query inside the panel's filters. */
export async function searchClips({ query, offset, limit, sort, filters, snippets }: SearchRequest): Promise<SearchPage> {
  if (failure !== null) return { status: 'failed', progress: null, failure, total: 0, totalExact: true, problems: [], hits: [] };
  touch();
  const t0 = performance.now();
  const open = await opened();
  // Each hit's row, read once: its title for the snippet and the marks, then the answer.
  const rows = new Map<string, ClipSummary | null>();
  const rowOf = (id: string): ClipSummary | null => {
    if (!rows.has(id)) rows.set(id, open.library.rowsOf([id])[0] ?? null);
    return rows.get(id) ?? null;
  };
  const page = await open.search.search(query, { offset, limit, sort, filters, snippetsFor: snippets, titleOf: (id) => rowOf(id)?.title });
  if (import.meta.env.MODE === 'test') timed(performance.now() - t0);
  return {
    status: page.status,
    progress: open.progress,
    failure: open.search.failure?.message ?? null,
    total: page.total,
    totalExact: page.totalExact,
    snippetsLeft: page.snippetsLeft,
    problems: page.query.problems.map((p) => p.message),
    hits: page.hits.flatMap((h) => {
      const clip = rowOf(h.id);
      return clip ? [{ clip, snippet: h.snippet ? { ...h.snippet, marks: [...h.snippet.marks] } : null, titleMarks: h.titleMarks.map((m) => ({ ...m })) }] : [];
    }),
  };
}

/**
 * Test builds: the background's own time for each search (from the call to the page of results,
 * before it crosses the message), the last 1,000, on `globalThis.__cpSearchMs` for bench:library.
 */
function timed(ms: number): void {
  const g = globalThis as { __cpSearchMs?: number[] };
  const list = (g.__cpSearchMs ??= []);
  list.push(Math.round(ms * 10) / 10);
  if (list.length > 1_000) list.shift();
}

/**
 * Drops the index and rebuilds it from the documents (already rebuilding: says so). After a
 * failed rebuild this is the way out: the failure is forgotten and the index opened again from
 * its store (cleared by the failure, so it is rebuilt).
 */
export async function rebuildSearch(): Promise<{ started: boolean }> {
  touch();
  const retry = failure !== null;
  failure = null;
  const open = await opened();
  if (open.search.status === 'rebuilding') return { started: retry };
  void rebuild(open);
  return { started: true };
}

/** Ready, rebuilding (with progress) or failed (with why); 'closed' before the first search since the background started. */
export async function searchStatus(): Promise<{ status: 'ready' | 'rebuilding' | 'failed' | 'closed'; progress: { done: number; total: number } | null; failure: string | null; clips: number }> {
  if (failure !== null) return { status: 'failed', progress: null, failure, clips: 0 };
  const open = current ? await current.catch(() => null) : null;
  if (!open) return { status: 'closed', progress: null, failure: null, clips: 0 };
  return { status: open.search.status, progress: open.progress, failure: open.search.failure?.message ?? null, clips: open.search.memory.size };
}
