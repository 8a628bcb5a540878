import { browser } from 'wxt/browser';
import { Repo } from '@automerge/automerge-repo/slim';
import { DexieClipIndex, IndexDatabase } from '../../src/index-db/dexie-clip-index';
import { Library } from '../../src/library/library';
import { asDocUrl, newDeviceId, type DocUrl } from '../../src/schema/ids';
import { IndexedDBStorageAdapter } from '../../src/storage/indexeddb-storage-adapter';
import { initAutomerge } from './automerge-init';
import { announce } from './highlights';
import { SyncController } from './sync';

export interface Services {
  readonly library: Library;
  readonly repo: Repo;
  readonly storage: IndexedDBStorageAdapter;
  readonly index: DexieClipIndex;
  readonly sync: SyncController;
  readonly startedAt: number;
}

const LIBRARY_URL_KEY = 'libraryUrl';

/** Milliseconds from the start of the last join to each of its steps (the test build reports them; see `debugState`). */
export const lastJoinSteps: Record<string, number> = {};
/** Records a step of the join under way. */
export function joinStep(name: string, since: number): void {
  lastJoinSteps[name] = Math.round(performance.now() - since);
}
const DEVICE_KEY = 'deviceId';
let started: Promise<Services> | null = null;

/**
 * The background's state, rebuilt from storage on every start: Chromium stops the
 * worker after ~30 s idle and Firefox suspends the event page, so nothing here is
 * true only in memory. Every handler awaits this; listeners are registered before it.
 * A failed start is retried by the next caller.
 */
export function services(): Promise<Services> {
  started ??= start().catch((e) => {
    started = null;
    throw e;
  });
  return started;
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

async function start(reuse?: Takeover): Promise<Services> {
  const startedAt = Date.now();
  await initAutomerge();
  const storage = reuse?.storage ?? new IndexedDBStorageAdapter(indexedDB);
  // The only peers are the sync servers the user configured: share every document with them.
  const repo = reuse?.repo ?? new Repo({ storage, network: [], sharePolicy: async () => true });
  const index = reuse?.index ?? new DexieClipIndex(new IndexDatabase());
  const kept = await browser.storage.local.get([LIBRARY_URL_KEY, DEVICE_KEY]);
  const stored = reuse ? reuse.url : kept[LIBRARY_URL_KEY];
  // This device's id names the content documents it appends articles to (never shared with another device).
  let device = typeof kept[DEVICE_KEY] === 'string' ? (kept[DEVICE_KEY] as string) : null;
  if (!device) {
    device = newDeviceId();
    await browser.storage.local.set({ [DEVICE_KEY]: device });
  }
  const { library, url, created } = await Library.open(
    { repo, index, storage, device },
    typeof stored === 'string' ? asDocUrl(stored) : null,
  );
  if (reuse) joinStep('opened', reuse.since);
  // The root is flushed before its URL is recorded; a crash in between leaves only an unused empty document.
  if (created) await browser.storage.local.set({ [LIBRARY_URL_KEY]: url });
  await library.reconcileIndex();
  if (reuse) {
    joinStep('listed', reuse.since);
    // Listed already (the index is derived: a crash from here on is undone by the next start's
    // reconcile); this library becomes this browser's once its documents are durable.
    await reuse.commit();
    await browser.storage.local.set({ [LIBRARY_URL_KEY]: reuse.url });
    joinStep('committed', reuse.since);
  }
  // Highlights changed on another device show at once on open pages and in the reader.
  library.onSyncedChange = (clips) => void announce(clips);
  const sync = new SyncController(repo, library, index);
  await sync.apply();
  return { library, repo, sync, storage, index, startedAt };
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
  started = start({ since, repo: old.repo, storage: old.storage, index: old.index, url, commit }).catch((e) => {
    // Not switched (the joined library is not durable): the next caller starts again on the stored library.
    started = null;
    throw e;
  });
  return started;
}
