/**
 * The background replaces its sync engine on the same Repo when the user joins a library
 * (extension/background/services.ts `switchLibrary`): the old engine stops, the new one connects
 * to the same server. The new engine must reach "synced": it waited for the server to speak
 * about each document on its connection, and heard nothing the Repo had already been told.
 *
 * The server of the second test keeps documents in memory (the default 60 s), and with them its
 * sync state for this device, across the device's reconnection: of a document in step it says
 * nothing on the new connection, however often the exchange is restarted. A joining browser's
 * new engine waited for that word on every document the join had fetched, and never said
 * "Synced" (the end-to-end sync tests that join a library timed out).
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/library/library';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import { SyncEngine } from '../../../src/sync/sync-engine';
import type { SyncStatus } from '../../../src/sync/settings';
import { page } from '../library/helpers';
import { device, until, useSyncServer } from './helpers';

/** A sync engine over `library` on `repo`, as the background makes one, connected to `url`. */
function engineOn(b: Awaited<ReturnType<typeof device>>, library: Library, index: MemoryClipIndex, url: string): SyncEngine {
  const statuses: SyncStatus[] = [];
  const ledger = { get: (k: string) => index.getMeta(`sync/${k}`), set: (k: string, v: string) => index.setMeta(`sync/${k}`, v) };
  const engine = new SyncEngine(b.repo, library.syncDocs(), ledger, (s) => statuses.push(s), { connectTimeoutMs: 2_000 });
  engine.setServers([url], (u) => new WebSocketClientAdapter(u, 500));
  return engine;
}

/** A device with three clips (on `host`.example), synced to the server at `url`. */
async function syncedWithClips(url: string, host: string) {
  const a = await device();
  for (let i = 0; i < 3; i++) await a.library.save(page({ pageUrl: `https://${host}.example/${i}`, canonicalUrl: null }));
  await a.library.settled();
  a.connect(url);
  await until('A synced', () => a.engine.status().state === 'synced' && !!a.engine.status().lastSyncedAt);
  return a;
}

const syncedAfter = (engine: SyncEngine, since: number) => () => engine.status().state === 'synced' && (engine.status().lastSyncedAt ?? 0) > since;

describe('SyncEngine: a new engine on the same Repo', () => {
  const server = useSyncServer('cp-replaced-');

  it('reaches synced within seconds, as the one it replaced did', async () => {
    const a = await syncedWithClips(server().url, 'replaced');
    a.engine.stop();
    const since = Date.now();
    const next = engineOn(a, a.library, a.index, server().url);
    try {
      await until('the new engine synced', syncedAfter(next, since), 10_000);
    } finally {
      next.stop();
    }
    expect(Date.now() - since).toBeLessThan(10_000);
  }, 40_000);
});

describe('SyncEngine: a joining browser’s new engine, with a server that keeps documents in memory', () => {
  const server = useSyncServer('cp-replaced-kept-', 60);

  it('reaches synced: the same server process still holds what it said before the reconnection', async () => {
    const a = await syncedWithClips(server().url, 'joined');

    // B joins A's library through the server, then starts again on it on the same Repo (switchLibrary).
    const b = await device();
    b.connect(server().url);
    await until('B connected', () => b.engine.status().servers[0]?.state === 'connected');
    await (await b.library.join(a.url)).persist();
    b.engine.stop();
    b.library.close();
    const index = new MemoryClipIndex();
    const { library } = await Library.open({ repo: b.repo, index, storage: b.storage, device: 'device-b' }, a.url);
    const since = Date.now();
    const next = engineOn(b, library, index, server().url);
    try {
      await until('the joined library synced', syncedAfter(next, since), 20_000);
    } finally {
      next.stop();
      a.engine.stop();
    }
  }, 60_000);
});
