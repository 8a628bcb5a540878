import { browser } from 'wxt/browser';
import { coveredState, verifyCoverage, type IndexCoverage } from '../../src/library/index-coverage';
import { liveRowForUrl } from '../../src/library/index-rows';
import type { ClipSummary } from '../../src/schema/clip-summary';
import { indexedDbWarm } from './prewarm';
import { COVERAGE_LOCAL_KEY, LIBRARY_URL_KEY, libraryEverOpened, openServices, services, stores, type Services } from './services';

/**
 * Answers given before the library is open (docs/architecture.md, "Cold start"). Opening it
 * loads the root and the 16 catalogs (~2 s of CPU at 10,000 clips); the side panel's first
 * calls (counts, sync state) and the popup's (is this page saved?) need no document when the
 * derived index is known to be current with what is stored (`coverage`). So they are answered
 * from the index and storage.local at once, and the library opens meanwhile (`warm`), for the
 * calls that need it. When the index is not known current, they wait for the library, as
 * every other call does: an early answer is never a guess.
 */

/** How long after a start with sync on the library opens, when nothing asked for it before. */
const SYNC_START_AFTER_MS = 500;

let checked: Promise<IndexCoverage | null> | null = null;

/**
 * The index's coverage record for this browser's library, read once per process from
 * storage.local (src/library/index-coverage.ts: it is removed before anything is written and
 * written again once writes settle, so while it is there the index and the documents are as it
 * says); null when there is none, or once a library has been open in this process (from then
 * on answers come from the library). It is also checked against the stored documents' keys in
 * the background (`verifyCoverage`): should that fail (an OS crash lost the removal of the
 * record while a later write to IndexedDB survived), the record is dropped, nothing more is
 * answered from it, and the library opens, reconciles the index and announces it, so pages ask again.
 */
export function coverage(): Promise<IndexCoverage | null> {
  if (libraryEverOpened()) return Promise.resolve(null);
  checked ??= (async () => {
    const kept = await browser.storage.local.get([LIBRARY_URL_KEY, COVERAGE_LOCAL_KEY]);
    const url = kept[LIBRARY_URL_KEY];
    const cov = await coveredState({ read: async () => kept[COVERAGE_LOCAL_KEY] as string | undefined }, typeof url === 'string' ? url : null);
    if (cov) void verify(cov);
    return cov;
  })().catch(() => null);
  return checked.then((c) => (libraryEverOpened() ? null : c));
}

async function verify(cov: IndexCoverage): Promise<void> {
  await indexedDbWarm;
  if (await verifyCoverage(cov, stores().storage).catch(() => false)) return;
  checked = Promise.resolve(null);
  await browser.storage.local.remove(COVERAGE_LOCAL_KEY).catch(() => undefined);
  void services().catch(() => undefined);
}

/**
 * Answers from the library when it is open; before that, from `fromStores` when it can (it
 * returns null when it cannot), else once the library is open. `warm`: after an answer from
 * the stores, open the library in the background (a page the user is looking at will need
 * it); a content script's question about an unsaved page does not.
 */
export async function early<T>(fromLibrary: (s: Services) => T | Promise<T>, fromStores: () => Promise<T | null>, warm = true): Promise<T> {
  const open = openServices();
  if (open) return fromLibrary(open);
  const answer = await fromStores().catch(() => null);
  if (answer === null) return fromLibrary(await services());
  if (warm) setTimeout(() => void services().catch(() => undefined), 0);
  return answer;
}

/** The live clip saved for a page URL, from the index when it is known current (null: not known; `{ clip: null }`: not saved). */
export async function clipFromIndex(url: string): Promise<{ clip: ClipSummary | null } | null> {
  if (!(await coverage())) return null;
  return { clip: await liveRowForUrl(stores().index, url) };
}

/**
 * What a start does besides registering listeners: the library opens at once only when
 * something needs it — the index is not known current (a journaled capture to write, an
 * index to reconcile), or sync is on (it connects). Otherwise it opens on the first call
 * that needs a document. `tasks`: work a stopped background left (an import, a fetch of
 * links, a backup due), each opening the library only if it has something to do.
 */
export async function startUp(syncOn: () => Promise<boolean>, tasks: ReadonlyArray<() => Promise<void>>): Promise<void> {
  const [known, sync] = await Promise.all([coverage(), syncOn().catch(() => false)]);
  // Sync connects a moment later, so that the call that woke the background is answered first.
  if (!known) void services().catch(() => undefined);
  else if (sync) setTimeout(() => void services().catch(() => undefined), SYNC_START_AFTER_MS);
  await Promise.all(tasks.map((t) => t().catch(() => undefined)));
}
