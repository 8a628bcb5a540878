/**
 * Hunt: automerge-repo's WebSocket client (2.5.6) retried a server every interval by making a new
 * socket and leaving the one before open, unlistened: a server whose handshake took longer than
 * the interval got a new connection every interval, forever, each one staying open even after
 * sync was turned off. And it never backed off from a server that is down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Repo } from '@automerge/automerge-repo/slim';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { dropAdapter } from '../../../src/sync/drop-adapter';
import { ServerAdapter } from '../../../extension/background/server-adapter';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A WebSocket server that completes each handshake `delayMs` after it began; `sockets` are the connections it accepted. */
async function slowServer(delayMs: number) {
  const wss = new WebSocketServer({ noServer: true });
  const sockets: WebSocket[] = [];
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    setTimeout(() => wss.handleUpgrade(req, socket, head, (ws) => void sockets.push(ws)), delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  cleanups.push(async () => {
    for (const s of sockets) s.terminate();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `ws://127.0.0.1:${port}`, sockets };
}

/** The adapter on a Repo of its own (as the engine adds it), its socket errors listened to (Node's ws throws them otherwise). */
function connected(adapter: ServerAdapter): Repo {
  const repo = new Repo({ network: [], sharePolicy: async () => false });
  const connect = adapter.connect.bind(adapter);
  adapter.connect = (...args) => {
    connect(...args);
    (adapter.socket as unknown as { on?: (e: string, f: () => void) => void } | undefined)?.on?.('error', () => undefined);
  };
  repo.networkSubsystem.addNetworkAdapter(adapter);
  cleanups.push(() => repo.shutdown().catch(() => undefined));
  return repo;
}

describe('ServerAdapter', () => {
  it('a handshake slower than the retry interval opens one connection, and none is left open once the server is dropped', async () => {
    const server = await slowServer(700);
    const adapter = new ServerAdapter(server.url, 200);
    const repo = connected(adapter);
    await sleep(2_500);
    const accepted = server.sockets.length;
    dropAdapter(repo, adapter);
    await sleep(1_000);
    const open = server.sockets.filter((s) => s.readyState === s.OPEN).length;
    expect({ accepted, open }).toEqual({ accepted: 1, open: 0 });
  }, 20_000);

  it('a handshake that never completes is closed and tried again after the longest wait, one socket at a time', async () => {
    const hung: import('node:net').Socket[] = [];
    const server = http.createServer();
    server.on('upgrade', (_req, socket) => void (socket.on('error', () => undefined), hung.push(socket as import('node:net').Socket)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    cleanups.push(async () => {
      server.closeAllConnections();
      for (const s of hung) s.destroy();
      await new Promise((r) => server.close(r));
    });
    const adapter = new ServerAdapter(`ws://127.0.0.1:${port}`, 100);
    const repo = connected(adapter);
    await sleep(2_000);
    const [asked, open] = [hung.length, hung.filter((s) => !s.destroyed && !s.readableEnded).length];
    dropAdapter(repo, adapter);
    // Every 600 ms (6 intervals) in 2 s: 0, 600, 1200, 1800; each one before closed.
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(asked).toBeLessThanOrEqual(5);
    expect(open).toBe(1);
  }, 20_000);

  it('a server that refuses is tried less and less often', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const adapter = new ServerAdapter(`ws://127.0.0.1:${port}`, 100);
    const sockets = new Set<unknown>();
    const repo = connected(adapter);
    const end = Date.now() + 3_000;
    while (Date.now() < end) {
      sockets.add(adapter.socket);
      await sleep(10);
    }
    dropAdapter(repo, adapter);
    // Every 100 ms for 3 s was 30 attempts; one more interval each time (at most 6): 0, 100, 300, 600, 1000, 1500, 2100, 2700.
    expect(sockets.size).toBeLessThanOrEqual(10);
    expect(sockets.size).toBeGreaterThanOrEqual(5);
  }, 20_000);
});
