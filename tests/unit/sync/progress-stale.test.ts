/**
 * Hunt: a pass keeps its count ("3 of 5") when it is cut short (it threw, or a server dropped),
 * and the next pass showed that count as its own until it had counted its documents: "Syncing 3
 * of 5…" while it read the ledger, then "Syncing 0 of 5…" (progress going backwards).
 */
import { describe, expect, it } from 'vitest';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { MemoryClipIndex } from '../../../src/index-db/clip-index';
import type { SyncStatus } from '../../../src/sync/settings';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { page } from '../library/helpers';
import { device, until, useSyncServer } from './helpers';

describe('SyncEngine progress', () => {
  const server = useSyncServer('cp-sync-progress-');

  it('a pass that has not counted yet shows no count of the pass before it, cut short', async () => {
    // The ledger write that records the server holding the root is refused (a full disk): the
    // pass throws after its content documents, its count short of its total.
    const index = new MemoryClipIndex();
    const setMeta = index.setMeta.bind(index);
    let full = true;
    let root = '';
    index.setMeta = async (k, v) => {
      if (full && k.startsWith('sync/server:') && k.endsWith(root)) throw new Error('the disk is full');
      return setMeta(k, v);
    };
    const a = await device(null, undefined, index);
    a.engine.stop();
    for (let i = 0; i < 3; i++) await a.library.save(page({ pageUrl: `https://progress.example/${i}`, canonicalUrl: null }));
    await a.library.settled();
    root = a.url.slice('automerge:'.length);
    // Each pass's status as it begins (before it counts its documents).
    const atStart: SyncStatus[] = [];
    const docs = a.library.syncDocs();
    const ledger = { get: (k: string) => index.getMeta(`sync/${k}`), set: (k: string, v: string) => index.setMeta(`sync/${k}`, v) };
    const engine: SyncEngine = new SyncEngine(a.repo, { ...docs, beforePass: async () => (atStart.push(engine.status()), docs.beforePass?.()) }, ledger, () => undefined, {
      connectTimeoutMs: 2_000,
      retryFailedMs: 300,
    });
    engine.setServers([server().url], (u) => new WebSocketClientAdapter(u, 500));
    await until('the first pass cut short', () => engine.status().state === 'error', 10_000);
    const cut = engine.status().progress;
    full = false;
    await until('the retry synced', () => engine.status().state === 'synced', 10_000);
    engine.stop();
    expect(cut && cut.done < cut.total).toBe(true);
    expect(atStart.length).toBeGreaterThanOrEqual(2);
    expect(atStart.slice(1).map((s) => s.progress)).toEqual(atStart.slice(1).map(() => null));
  }, 30_000);
});
