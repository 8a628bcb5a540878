/**
 * Review: a pass under way keeps waiting on a server the user has removed (sync turned off, or
 * the address changed), so the new server's first pass waits until every remaining document of
 * the old pass has used up its whole time limit (30 s each, four at a time, then 30 s per root or
 * catalog not in step, one after another).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningSyncServer } from '../../../scripts/sync-server/server';
import { page } from '../library/helpers';
import { device, until } from '../sync/helpers';

describe('SyncEngine: changing servers while a pass is under way', () => {
  let first: RunningSyncServer;
  let second: RunningSyncServer;
  const dirs: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'cp-xsync-')));
    first = await start({ host: '127.0.0.1', port: 0, dataDir: dirs[0]!, idleEvictS: 0 });
    second = await start({ host: '127.0.0.1', port: 0, dataDir: dirs[1]!, idleEvictS: 0 });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a server removed mid-pass is no longer waited for: the new server is synced within seconds, not after the old pass times out', async () => {
    // The engine's defaults: 30 s per document, four at a time.
    const a = await device();
    for (let i = 0; i < 20; i++) await a.library.save(page({ pageUrl: `https://switch.example/${i}`, canonicalUrl: null, html: `<p>S ${i}</p>`, text: `S ${i}` }));
    await a.library.settled();
    const pinned = new Set(a.library.syncDocs().pinned().map((h) => h.documentId as string));
    // The first server is slow with content documents: its answers about them do not come (yet).
    a.engine.setServers([first.url], (u) => {
      const adapter = new WebSocketClientAdapter(u, 500);
      const emit = adapter.emit.bind(adapter) as (...args: unknown[]) => boolean;
      (adapter as unknown as { emit: (...args: unknown[]) => boolean }).emit = (event: unknown, msg: unknown, ...rest: unknown[]) => {
        const id = (msg as { documentId?: string } | undefined)?.documentId;
        if (event === 'message' && id && !pinned.has(id)) return true;
        return emit(event, msg, ...rest);
      };
      return adapter;
    });
    await until('the pass is on the content documents', () => a.statuses.some((s) => s.state === 'syncing' && (s.progress?.total ?? 0) > pinned.size));
    await new Promise((r) => setTimeout(r, 500));
    // The user moves to another server (options page: a new address).
    const moved = Date.now();
    a.engine.setServers([second.url], (u) => new WebSocketClientAdapter(u, 500));
    await until('the second server connected', () => a.engine.status().servers[0]?.state === 'connected', 5_000);
    let state = '';
    try {
      await until('synced with the second server', () => ((state = a.engine.status().state), state === 'synced'), 12_000);
    } finally {
      a.engine.stop();
    }
    expect(Date.now() - moved).toBeLessThan(12_000);
    expect(state).toBe('synced');
  }, 60_000);
});
