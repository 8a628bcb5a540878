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

async function start(): Promise<Services> {
  const startedAt = Date.now();
  await initAutomerge();
  const storage = new IndexedDBStorageAdapter(indexedDB);
  // The only peers are the sync servers the user configured: share every document with them.
  const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
  const index = new DexieClipIndex(new IndexDatabase());
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
  return { library, repo, sync, startedAt };
}

/**
 * Makes `url` this browser's library (after joining it) and starts again on it: the old
 * Repo is disconnected and flushed, and the next caller gets services built on the new root.
 */
export async function switchLibrary(url: DocUrl): Promise<Services> {
  const old = await services();
  old.sync.stop();
  await old.repo.shutdown();
  await browser.storage.local.set({ [LIBRARY_URL_KEY]: url });
  started = null;
  return services();
}
