import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { NetworkAdapter, Repo, type PeerId, type PeerMetadata, type StorageId } from '@automerge/automerge-repo/slim';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { start, type RunningSyncServer } from '../../../scripts/sync-server/server';
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

/** A new browser that joins the library at `url` through `server` (as the options page does), then opens it connected, as the background does after a join (with `opts`). */
export async function joiningDevice(server: string, url: DocUrl, opts: SyncEngineOptions = {}) {
  const base = await device();
  base.connect(server);
  await until('the joining browser connected', () => base.engine.status().servers[0]?.state === 'connected');
  await (await base.library.join(url)).persist();
  base.engine.stop();
  const joined = await device(url, base.storage, new MemoryClipIndex(), opts);
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

/**
 * The project's sync server on loopback for the tests of the enclosing describe block (or file),
 * on a data folder of its own (`prefix`) removed after them. Call the result for the server.
 * It evicts idle documents at once unless `idleEvictS` says otherwise (the default server keeps
 * them 60 s, and with them its sync state for each device).
 */
export function useSyncServer(prefix: string, idleEvictS = 0): () => RunningSyncServer {
  let server: RunningSyncServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    server = await start({ host: '127.0.0.1', port: 0, dataDir: dir, idleEvictS });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => server;
}

/**
 * The project's sync server on a data folder of its own that an operator backs up and later
 * restores from that backup, at the same address (port): what a restored server looks like to
 * the browsers (the same storage id, everything written after the backup gone).
 */
export async function restorableServer() {
  const [data, saved] = [mkdtempSync(join(tmpdir(), 'cp-restore-')), mkdtempSync(join(tmpdir(), 'cp-backup-'))];
  let running = await start({ host: '127.0.0.1', port: 0, dataDir: data, idleEvictS: 0 });
  const { port } = running;
  const startAgain = async () => void (running = await start({ host: '127.0.0.1', port, dataDir: data, idleEvictS: 0 }));
  return {
    get url() {
      return running.url;
    },
    /** Stops it, copies its data folder aside, and starts it again. */
    async backup() {
      await running.close();
      cpSync(data, saved, { recursive: true });
      await startAgain();
    },
    /** Stops it, puts the backup in place of its data folder, and starts it again. */
    async restore() {
      await running.close();
      rmSync(data, { recursive: true, force: true });
      cpSync(saved, data, { recursive: true });
      await startAgain();
    },
    /** Stops it for good and removes both folders. */
    async close() {
      await running.close();
      for (const d of [data, saved]) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A server made by `restorableServer`. */
export type RestorableServer = Awaited<ReturnType<typeof restorableServer>>;

/**
 * `restorableServer` for a file's tests: each call starts one, and every one started in a test
 * is closed (its folders removed) after that test, passed or failed.
 */
export function useRestorableServers(): () => Promise<RestorableServer> {
  const made: RestorableServer[] = [];
  afterEach(async () => {
    for (const s of made.splice(0)) await s.close();
  });
  return async () => {
    const s = await restorableServer();
    made.push(s);
    return s;
  };
}

/**
 * A fake server connection that connects as peer `name` with `meta` (ephemeral, or with a
 * storage id) and never acknowledges anything; with `meta` null it never answers at all (a
 * server that cannot be reached). One for every sync test that needs a server gone quiet.
 */
export class QuietServer extends NetworkAdapter {
  readonly remotePeerId: PeerId;
  constructor(name: string, private readonly meta: PeerMetadata | null) {
    super();
    this.remotePeerId = name as PeerId;
  }
  isReady() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  connect(peerId: PeerId) {
    this.peerId = peerId;
    const meta = this.meta;
    if (meta) setTimeout(() => this.emit('peer-candidate', { peerId: this.remotePeerId, peerMetadata: meta }), 0);
  }
  send() {}
  disconnect() {}
}

/** The metadata of a server that stores documents, under its own storage id. */
export const storingMeta = (name: string): PeerMetadata => ({ isEphemeral: false, storageId: `store-${name}` as StorageId });

/**
 * A WebSocket connection to `url` whose sockets' errors are listened to: Node's ws throws an
 * error no one listens to when a socket the adapter left behind is cut (a browser's does not).
 * For tests that cut the line under a connection.
 */
export function cuttableSocketAdapter(url: string): WebSocketClientAdapter {
  const adapter = new WebSocketClientAdapter(url, 500);
  const connectTo = adapter.connect.bind(adapter);
  adapter.connect = (...args) => {
    connectTo(...args);
    (adapter.socket as unknown as { on?: (e: string, f: () => void) => void } | undefined)?.on?.('error', () => undefined);
  };
  return adapter;
}
