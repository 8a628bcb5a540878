import { browser } from 'wxt/browser';
import { Repo } from '@automerge/automerge-repo/slim';
import { DexieClipIndex, IndexDatabase } from '../../src/index-db/dexie-clip-index';
import { Library } from '../../src/library/library';
import { asDocUrl, newDeviceId, type DocUrl } from '../../src/schema/ids';
import { IndexedDBStorageAdapter } from '../../src/storage/indexeddb-storage-adapter';
import { initAutomerge } from './automerge-init';
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

async function start(reuse?: { repo: Repo; storage: IndexedDBStorageAdapter; index: DexieClipIndex }): Promise<Services> {
  const startedAt = Date.now();
  await initAutomerge();
  const storage = reuse?.storage ?? new IndexedDBStorageAdapter(indexedDB);
  // The only peers are the sync servers the user configured: share every document with them.
  const repo = reuse?.repo ?? new Repo({ storage, network: [], sharePolicy: async () => true });
  const index = reuse?.index ?? new DexieClipIndex(new IndexDatabase());
  const kept = await browser.storage.local.get([LIBRARY_URL_KEY, DEVICE_KEY]);
  const stored = kept[LIBRARY_URL_KEY];
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
  // The root is flushed before its URL is recorded; a crash in between leaves only an unused empty document.
  if (created) await browser.storage.local.set({ [LIBRARY_URL_KEY]: url });
  await library.reconcileIndex();
  const sync = new SyncController(repo, library, index);
  await sync.apply();
  return { library, repo, sync, storage, index, startedAt };
}

/**
 * Makes `url` this browser's library (after joining it) and starts again on it, on the same
 * Repo: the documents the join fetched stay loaded, so the new library lists its clips
 * without loading them again. The old library and its sync stop listening first (nothing of
 * theirs writes the index afterwards); the next caller gets services built on the new root.
 */
export async function switchLibrary(url: DocUrl): Promise<Services> {
  const old = await services();
  old.sync.stop();
  old.library.close();
  await browser.storage.local.set({ [LIBRARY_URL_KEY]: url });
  started = start({ repo: old.repo, storage: old.storage, index: old.index }).catch((e) => {
    started = null;
    throw e;
  });
  return started;
}
