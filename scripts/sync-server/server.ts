/**
 * Commonplace's sync server, programmatically: an HTTP server (health check) whose upgrades go to
 * automerge-repo's WebSocket server adapter, a Repo storing documents on disk, and an evictor
 * that keeps the Repo's memory bounded. `scripts/sync-server.ts` is the command-line wrapper.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
// The full entry point: it loads Automerge's WebAssembly for Node.
import { Repo, type DocumentId, type PeerId } from '@automerge/automerge-repo';
import { NodeWSServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { WebSocketServer } from 'ws';
import { withDefaults, type SyncServerOptions } from './config';
import { policyFor, startEviction, type Evictor } from './eviction';
import { releaseFindsAfterLoading } from './find-release';
import { healthHandler, type Health } from './health';
import { BoundedNodeFSStorageAdapter } from './storage';

/** How long `close()` waits for peers to acknowledge the close before cutting them off. */
const CLOSE_GRACE_MS = 1000;
/** The Repo's sync-state save throttle (automerge-repo's default `saveDebounceRate`), plus a margin. */
const SYNC_STATE_SAVE_WAIT_MS = 150;

/** A running server (same shape as published.ts's, plus what the tests look into). */
export interface RunningSyncServer {
  /** `ws://host:port`, what clients connect to. */
  readonly url: string;
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly repo: Repo;
  readonly storage: BoundedNodeFSStorageAdapter;
  readonly evictor: Evictor;
  health(): Health;
  /** Stops accepting, closes every socket, writes every document to disk; nothing writes into `dataDir` once it resolved. Idempotent. */
  close(): Promise<void>;
}

/** Starts the server and resolves once it listens. */
export async function start(options: SyncServerOptions): Promise<RunningSyncServer> {
  const config = withDefaults(options);
  mkdirSync(config.dataDir, { recursive: true });
  const startedAt = Date.now();

  const wss = new WebSocketServer({ noServer: true });
  const storage = new BoundedNodeFSStorageAdapter(config.dataDir);
  const repo = new Repo({
    // The stock adapter pings every 5 s and drops a peer whose pong has not come back by the next
    // ping. A large sync message (a 2 MB document, or hundreds queued after a reconnect) keeps
    // this single thread busy, or the socket backlog full, long enough to miss that, and the peer
    // is dropped mid-transfer (automerge-repo issue #339). 30 s still finds dead peers.
    // (The cast: the same `ws` class at runtime, typed through isomorphic-ws's view of @types/ws.)
    network: [new NodeWSServerAdapter(wss as unknown as ConstructorParameters<typeof NodeWSServerAdapter>[0], config.keepAliveS * 1000)],
    storage,
    // Unique per running server: automerge-repo routes by peer id, so two servers with one id
    // (two on one machine) would leave one of them receiving nothing.
    peerId: `commonplace-sync-${hostname()}-${Math.random().toString(36).slice(2, 10)}` as PeerId,
    // Like the stock server: serve documents to peers that ask for them by id, never announce.
    sharePolicy: async () => false,
  });
  releaseFindsAfterLoading(repo);
  const evictor = startEviction(repo, policyFor(config.idleEvictS, config.maxDocsInMemory), (id) => storage.busy(id));

  const health = (): Health => ({
    ok: true,
    peers: repo.peers.length,
    documentsInMemory: Object.keys(repo.handles).length,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    rssBytes: process.memoryUsage.rss(),
  });

  // The Repo connects its network adapter (which starts listening for `connection` events) only
  // once its storage id has been read from disk. A WebSocket accepted before that is never
  // handed to the adapter, and its client waits for the server's `peer` message forever. So
  // listen only afterwards (the adapter's `connect` runs in an earlier callback on this promise,
  // a field automerge-repo's types mark private).
  await (repo.networkSubsystem as unknown as { peerMetadata: Promise<unknown> }).peerMetadata;

  const server = http.createServer(healthHandler(health));
  // automerge-repo clients connect to the bare URL; accept an upgrade on any path.
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= shutdown(server, wss, repo, evictor, storage));

  return { url: `ws://${urlHost(config.host)}:${port}`, port, host: config.host, dataDir: config.dataDir, repo, storage, evictor, health, close };
}

async function shutdown(server: http.Server, wss: WebSocketServer, repo: Repo, evictor: Evictor, storage: BoundedNodeFSStorageAdapter): Promise<void> {
  const evictionStopped = evictor.stop();
  // Stop accepting: new TCP connections, and upgrades on connections already open (ws answers 503).
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  const wssClosed = new Promise<void>((resolve) => wss.close(() => resolve()));
  server.closeIdleConnections();
  for (const ws of wss.clients) ws.close(1001, 'server shutting down');
  const cutOff = setTimeout(() => {
    for (const ws of wss.clients) ws.terminate();
  }, CLOSE_GRACE_MS);
  await wssClosed;
  clearTimeout(cutOff);
  server.closeAllConnections();
  await serverClosed;
  // An eviction pass that was writing finishes first; then everything still in memory goes to
  // disk. Only ready handles: `flush()` throws on a handle with no document (an id nobody had).
  await evictionStopped;
  const ready = (Object.keys(repo.handles) as DocumentId[]).filter((id) => repo.handles[id]?.isReady());
  await repo.flush(ready);
  // The last messages' sync states are saved on a throttle timer: let those fire and finish,
  // then refuse anything later, so that nothing writes into the folder once `close()` resolved.
  await new Promise((resolve) => setTimeout(resolve, SYNC_STATE_SAVE_WAIT_MS));
  await storage.settle();
  storage.close();
}

/** `host` as it goes in a URL (IPv6 literals in brackets). */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
