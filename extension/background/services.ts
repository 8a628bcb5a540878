import { browser } from 'wxt/browser';
import { Repo } from '@automerge/automerge-repo/slim';
import { DexieClipIndex, IndexDatabase } from '../../src/index-db/dexie-clip-index';
import { DocStorage } from '../../src/library/doc-storage';
import { CoverageKeeper, type CoverageStore } from '../../src/library/index-coverage';
import { Library } from '../../src/library/library';
import { asDocUrl, newDeviceId, type DocUrl } from '../../src/schema/ids';
import { VIEWS_CHANGED_CHANNEL } from '../../src/schema/plain-values';
import { IndexedDBStorageAdapter } from '../../src/storage/indexeddb-storage-adapter';
import { initAutomerge } from './automerge-init';
import { announce } from './highlights';
import { announceSyncedImages } from './image-job';
import { SyncController } from './sync';

export interface Services {
  readonly library: Library;
  readonly repo: Repo;
  readonly storage: IndexedDBStorageAdapter;
  readonly index: DexieClipIndex;
  readonly sync: SyncController;
  readonly startedAt: number;
}

/** The `storage.local` key of this browser's library (its root document's URL). */
export const LIBRARY_URL_KEY = 'libraryUrl';

/** Milliseconds from the start of the last join to each of its steps (the test build reports them; see `debugState`). */
export const lastJoinSteps: Record<string, number> = {};
/** Records a step of the join under way. */
export function joinStep(name: string, since: number): void {
  lastJoinSteps[name] = Math.round(performance.now() - since);
}
const DEVICE_KEY = 'deviceId';
/** When, after a start, the library is scanned once for media references a merge hid (src/library/media-scan.ts). */
const MEDIA_SCAN_AFTER_MS = 5_000;
let viewsChannel: BroadcastChannel | null = null;
/** The root changed (saved views among what it holds): open side panels read the views again. */
const announceRootChange = () => (viewsChannel ??= typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(VIEWS_CHANGED_CHANNEL))?.postMessage('changed');
let started: Promise<Services> | null = null;
/** The services once a start has finished (null while none has, and during a switch to another library). */
let open: Services | null = null;
/** Whether a library has been open in this process (from then on, answers come from it: see early.ts). */
let everOpened = false;
/** The `storage.local` key of the index's coverage record (src/library/index-coverage.ts). */
export const COVERAGE_LOCAL_KEY = 'indexCoverage';

/** The coverage record in storage.local: a stopped background reads it in a few ms, where its first IndexedDB open takes 100-250. */
const localCoverageStore: CoverageStore = {
  read: async () => {
    const v = (await browser.storage.local.get(COVERAGE_LOCAL_KEY))[COVERAGE_LOCAL_KEY];
    return typeof v === 'string' ? v : undefined;
  },
  write: (json) => browser.storage.local.set({ [COVERAGE_LOCAL_KEY]: json }),
  remove: () => browser.storage.local.remove(COVERAGE_LOCAL_KEY),
};

interface Stores {
  readonly storage: IndexedDBStorageAdapter;
  readonly index: DexieClipIndex;
  readonly coverage: CoverageKeeper;
}
let shared: Stores | null = null;

/**
 * The documents' storage, the derived index and the keeper of its coverage record, made once
 * per process: the library uses them, and so do the answers given before it is open
 * (early.ts), which read no document.
 */
export function stores(): Stores {
  if (!shared) {
    const storage = new IndexedDBStorageAdapter(indexedDB);
    shared = { storage, index: new DexieClipIndex(new IndexDatabase()), coverage: new CoverageKeeper(storage, localCoverageStore) };
  }
  return shared;
}

/** The services if the library is open now, else null (never waits). */
export function openServices(): Services | null {
  return open;
}

/** Whether a library has been open in this process. */
export function libraryEverOpened(): boolean {
  return everOpened;
}

/**
 * The background's state, rebuilt from storage on every start: Chromium stops the
 * worker after ~30 s idle and Firefox suspends the event page, so nothing here is
 * true only in memory. Every handler awaits this; listeners are registered before it.
 * A failed start is retried by the next caller.
 */
export function services(): Promise<Services> {
  started ??= start().then(opened, (e) => {
    started = null;
    throw e;
  });
  return started;
}

function opened(s: Services): Services {
  open = s;
  everOpened = true;
  return s;
}

/** What a switch to another library hands the next start: the Repo and stores to keep, the library to open, and what must be durable before it counts. */
interface Takeover {
  /** When the join began (performance.now()). */
  readonly since: number;
  readonly repo: Repo;
  readonly storage: IndexedDBStorageAdapter;
  readonly index: DexieClipIndex;
  readonly url: DocUrl;
  readonly commit: () => Promise<void>;
}

/** The Repo over `storage`, loading and saving documents through `DocStorage` (src/library/doc-storage.ts). */
function newRepo(storage: IndexedDBStorageAdapter): Repo {
  // The only peers are the sync servers the user configured: share every document with them.
  const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
  DocStorage.install(repo, storage, stores().coverage);
  return repo;
}

async function start(reuse?: Takeover): Promise<Services> {
  const startedAt = Date.now();
  // Marks of the start's steps, for scripts/bench/cold-probe.ts (five per start).
  performance.mark('cp-bg-start');
  await initAutomerge();
  performance.mark('cp-bg-wasm');
  const storage = reuse?.storage ?? stores().storage;
  const repo = reuse?.repo ?? newRepo(storage);
  const index = reuse?.index ?? stores().index;
  const kept = await browser.storage.local.get([LIBRARY_URL_KEY, DEVICE_KEY]);
  const stored = reuse ? reuse.url : kept[LIBRARY_URL_KEY];
  // This device's id names the content documents it appends articles to (never shared with another device).
  let device = typeof kept[DEVICE_KEY] === 'string' ? (kept[DEVICE_KEY] as string) : null;
  if (!device) {
    device = newDeviceId();
    await browser.storage.local.set({ [DEVICE_KEY]: device });
  }
  const { library, url, created } = await Library.open(
    { repo, index, storage, device, coverage: stores().coverage },
    typeof stored === 'string' ? asDocUrl(stored) : null,
  );
  performance.mark('cp-bg-opened');
  if (reuse) joinStep('opened', reuse.since);
  let sync: SyncController;
  try {
    sync = await ready(library, url, created, repo, index, reuse);
  } catch (e) {
    // The next caller starts again on a new Repo over the same storage: nothing of this one may
    // go on listening, syncing or saving beside it (its sync stopped itself).
    library.close();
    await repo.shutdown().catch(() => undefined);
    throw e;
  }
  performance.mark('cp-bg-ready');
  // Once per library, after the start's first answers: clips' media references hidden by merges made before they were healed on arrival.
  setTimeout(() => void library.healHiddenMedia().catch((e) => console.error("Commonplace: clips' media references from two devices could not be merged yet; they are read merged meanwhile, and tried again at the next start.", e)), MEDIA_SCAN_AFTER_MS);
  return { library, repo, sync, storage, index, startedAt };
}

/** A start's steps once its library is open: its URL recorded, its index reconciled, a join committed, its sync applied. */
async function ready(library: Library, url: DocUrl, created: boolean, repo: Repo, index: DexieClipIndex, reuse: Takeover | undefined): Promise<SyncController> {
  // The root is flushed before its URL is recorded; a crash in between leaves only an unused empty document.
  if (created) await browser.storage.local.set({ [LIBRARY_URL_KEY]: url });
  await library.reconcileIndex();
  performance.mark('cp-bg-reconciled');
  if (reuse) {
    joinStep('listed', reuse.since);
    // Listed already (the index is derived: a crash from here on is undone by the next start's
    // reconcile); this library becomes this browser's once its documents are durable.
    await reuse.commit();
    await browser.storage.local.set({ [LIBRARY_URL_KEY]: reuse.url });
    joinStep('committed', reuse.since);
  }
  // Highlights and images changed on another device show at once on open pages and in the reader.
  library.onSyncedChange = (clips) => (void announce(clips), announceSyncedImages(clips));
  // Saved views made here or on another device show at once in every open side panel.
  library.onRootChange = announceRootChange;
  const sync = new SyncController(repo, library, index);
  await sync.apply().catch((e: unknown) => {
    sync.stop();
    throw e;
  });
  return sync;
}

/**
 * Makes `url` this browser's library (after joining it) and starts again on it, on the same
 * Repo: the documents the join fetched stay loaded, so the new library is opened and listed
 * without loading them again, then `commit` makes them durable, and only then is `url`
 * recorded as this browser's library. The old library and its sync stop listening first
 * (nothing of theirs writes the index afterwards); the next caller gets the new services.
 */
export async function switchLibrary(url: DocUrl, commit: () => Promise<void>, since = performance.now()): Promise<Services> {
  const old = await services();
  old.sync.stop();
  old.library.close();
  open = null;
  started = start({ since, repo: old.repo, storage: old.storage, index: old.index, url, commit }).then(opened, (e) => {
    // Not switched (the joined library is not durable): the next caller starts again on the stored library.
    started = null;
    throw e;
  });
  return started;
}
