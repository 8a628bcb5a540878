/**
 * A Repo connected to one automerge-repo sync server, for reading only: no storage (nothing
 * is kept on this machine) and no change made. The server is probed first with a plain
 * WebSocket, so "nothing listens there" is a clear error at once rather than a wait for
 * every document.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initializeWasm, isWasmInitialized } from '@automerge/automerge/slim';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { Repo } from '@automerge/automerge-repo/slim';
import WebSocket from 'ws';
import { AppFailure } from '../../src/util/result';

/** Loads Automerge's WebAssembly (src/ uses the slim build, as the extension does). */
export async function initAutomerge(): Promise<void> {
  if (isWasmInitialized()) return;
  const require = createRequire(import.meta.url);
  await initializeWasm(readFileSync(require.resolve('@automerge/automerge/automerge.wasm')));
}

/** Checks the URL and that a WebSocket server answers there within `timeoutMs`. */
export async function probe(url: string, timeoutMs: number): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppFailure('bad-request', `"${url}" is not a URL. Give the sync server as ws://host:port or wss://host.`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new AppFailure('bad-request', `"${url}" is not a WebSocket URL. Give the sync server as ws://host:port or wss://host.`);
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(url);
    const fail = (why: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(new AppFailure('fetch-failed', `Could not reach the sync server at ${url} (${why}). Is it running? (npm run sync-server)`));
    };
    const timer = setTimeout(() => fail(`no answer within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
  });
}

/** A connected reading Repo, and how to close it. */
export interface ServerRepo {
  readonly repo: Repo;
  close(): Promise<void>;
}

/** Connects to `url` and resolves once the server has said who it is (so a `find` asks it). */
export async function connectRepo(url: string, timeoutMs: number): Promise<ServerRepo> {
  await initAutomerge();
  await probe(url, timeoutMs);
  const adapter = new WebSocketClientAdapter(url, 1_000);
  // Share with the server: automerge-repo 2.5.6 asks a peer for a document only if it would
  // announce it to that peer (with `announce: false` every find ends "unavailable"). This Repo
  // makes no change, so sharing sends the server nothing it does not have.
  const repo = new Repo({ network: [adapter], sharePolicy: async () => true });
  const until = Date.now() + timeoutMs;
  while (repo.peers.length === 0) {
    if (Date.now() > until) {
      adapter.disconnect();
      throw new AppFailure('fetch-failed', `The server at ${url} accepted the connection but did not answer as an automerge-repo sync server.`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    repo,
    close: async () => {
      await repo.shutdown();
    },
  };
}
