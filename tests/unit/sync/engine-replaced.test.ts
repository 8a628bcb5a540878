/**
 * The background replaces its sync engine on the same Repo when the user joins a library
 * (extension/background/services.ts `switchLibrary`): the old engine stops, the new one connects
 * to the same server. The new engine must reach "synced": it waited for the server to speak
 * about each document on its connection, and heard nothing the Repo had already been told.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../src/sync/sync-engine';
import type { SyncStatus } from '../../../src/sync/settings';
import { page } from '../library/helpers';
import { device, until, useSyncServer } from './helpers';

describe('SyncEngine: a new engine on the same Repo', () => {
  const server = useSyncServer('cp-replaced-');

  it('reaches synced within seconds, as the one it replaced did', async () => {
    const a = await device();
    for (let i = 0; i < 3; i++) await a.library.save(page({ pageUrl: `https://replaced.example/${i}`, canonicalUrl: null }));
    await a.library.settled();
    a.connect(server().url);
    await until('A synced', () => a.engine.status().state === 'synced' && !!a.engine.status().lastSyncedAt);
    a.engine.stop();
    const statuses: SyncStatus[] = [];
    const ledger = { get: (k: string) => a.index.getMeta(`sync/${k}`), set: (k: string, v: string) => a.index.setMeta(`sync/${k}`, v) };
    const next = new SyncEngine(a.repo, a.library.syncDocs(), ledger, (s) => statuses.push(s), { connectTimeoutMs: 2_000 });
    const since = Date.now();
    next.setServers([server().url], (u) => new WebSocketClientAdapter(u, 500));
    try {
      await until('the new engine synced', () => next.status().state === 'synced' && (next.status().lastSyncedAt ?? 0) > since, 10_000);
    } finally {
      next.stop();
    }
    expect(Date.now() - since).toBeLessThan(10_000);
  }, 40_000);
});
