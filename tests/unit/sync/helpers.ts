import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { Repo } from '@automerge/automerge-repo/slim';
import { MemoryClipIndex, type ClipIndex } from '../../../src/index-db/clip-index';
import { mergeNewestFirst, newestFirst } from '../../../src/index-db/list-preview';
import type { ClipSummary } from '../../../src/schema/clip-summary';
import { DocStorage } from '../../../src/library/doc-storage';
import { Library } from '../../../src/library/library';
import type { DocUrl } from '../../../src/schema/ids';
import type { SyncStatus } from '../../../src/sync/settings';
import { SyncEngine, type SyncEngineOptions } from '../../../src/sync/sync-engine';
import { MemoryStorageAdapter } from '../../../src/storage/memory-storage-adapter';

/** One browser: a library on its own storage, and the sync engine over it. */
export async function device(url: DocUrl | null = null, storage = new MemoryStorageAdapter(), index = new MemoryClipIndex(), opts: SyncEngineOptions = {}, maxLoadedDocs?: number) {
  const repo = new Repo({ storage, network: [], sharePolicy: async () => true });
  // Loading and saving as the extension does (a joining device stores the catalogs' saved copies through it).
  DocStorage.install(repo, storage);
  const { library, url: rootUrl } = await Library.open({ repo, index, storage, device: `device-${Math.random()}`, maxLoadedDocs }, url);
  const statuses: SyncStatus[] = [];
  const ledger = { get: (k: string) => index.getMeta(`sync/${k}`), set: (k: string, v: string) => index.setMeta(`sync/${k}`, v) };
  const engine: SyncEngine = new SyncEngine(repo, library.syncDocs(), ledger, (s) => statuses.push(s), { connectTimeoutMs: 2_000, ...opts });
  library.onLocalChange((h) => void engine.localChange(h));
  return { repo, library, engine, storage, index, url: rootUrl, statuses, connect: (server: string) => engine.setServers([server], (u) => new WebSocketClientAdapter(u, 500)) };
}

/** A new browser that joins the library at `url` through `server` (as the options page does), then opens it connected, as the background does after a join. */
export async function joiningDevice(server: string, url: DocUrl) {
  const base = await device();
  base.connect(server);
  await until('the joining browser connected', () => base.engine.status().servers[0]?.state === 'connected');
  await (await base.library.join(url)).persist();
  base.engine.stop();
  const joined = await device(url, base.storage, new MemoryClipIndex());
  joined.connect(server);
  return joined;
}

export const until = async (what: string, fn: () => boolean | Promise<boolean>, timeout = 20_000) => {
  const end = Date.now() + timeout;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** What the side panel lists from an index (as list-preview.ts reads it): its live rows, and the preview's live rows it does not hold, newest first. */
export async function listed(index: ClipIndex): Promise<ClipSummary[]> {
  const ids = await index.ids();
  const preview = (await index.previewRows()).filter((r) => r.deletedAt === null && !ids.has(r.id)).sort(newestFirst);
  return mergeNewestFirst(await index.list({ limit: 1_000_000 }), preview);
}
