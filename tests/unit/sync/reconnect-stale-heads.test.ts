/**
 * A content document that stays loaded while the connection to its server drops and comes back
 * keeps, on its handle, the heads that server reported on the old connection. A pass after the
 * reconnection read "what the server holds" from those heads: a server restored from a backup
 * meanwhile (same storage id, the document's last change gone) counted as holding it before it
 * said a word about it, the ledger recorded it in the server's new epoch, and the device said
 * "Synced". automerge-repo happens to offer the document again by itself; here its messages to
 * the server are held back a while, so only what the server said on the new connection can tell.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { Message } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { holdsRefs } from '../../../src/library/sync-docs';
import { page } from '../library/helpers';
import { device, until, useRestorableServers } from './helpers';

describe('SyncEngine: a loaded document across a reconnection', () => {
  const newServer = useRestorableServers();

  it('counts as held by the server only from what the server said on the new connection', async () => {
    const server = await newServer();
    const a = await device(null, undefined, undefined, { docTimeoutMs: 20_000, retryFailedMs: 1_000 });
    // The messages of the documents in `held` wait here while `holding` (a slow line to the server, for them).
    const held = new Set<string>();
    let holding = false;
    const queued: Array<() => void> = [];
    a.engine.setServers([server.url], (u) => {
      const adapter = new WebSocketClientAdapter(u, 500);
      const send = adapter.send.bind(adapter);
      adapter.send = (m: Message) => void (holding && 'documentId' in m && held.has(String(m.documentId)) ? queued.push(() => send(m)) : send(m));
      return adapter;
    });
    const synced = (after: number) => () => a.engine.status().state === 'synced' && (a.engine.status().lastSyncedAt ?? 0) > after;
    const save = (i: number) => a.library.save(page({ pageUrl: `https://reconnect.example/${i}`, canonicalUrl: null, html: `<p>Kept ${i}</p>`, text: `Kept ${i}` }));
    for (let i = 0; i < 3; i++) await save(i);
    await a.library.settled();
    await until('A synced', synced(0));

    // The operator backs the server up; the device saves one more article, which the server confirms.
    await server.backup();
    await save(3);
    await a.library.settled();
    let since = Date.now();
    await until('A synced after the new clip', synced(since), 30_000);
    const [content] = a.library.syncDocs().contents();
    const id = content!.slice('automerge:'.length);
    expect(a.repo.handles[id as never]?.isReady()).toBe(true); // still loaded

    // The server is restored from the backup while the device runs: its connection drops and comes back.
    held.add(id);
    holding = true;
    since = Date.now();
    await server.restore();
    await until('A connected again', () => a.engine.status().servers[0]?.state === 'connected', 10_000);
    // The server has not heard of the document on this connection: nothing may say it holds it.
    const end = Date.now() + 4_000;
    let saidSynced = false;
    while (Date.now() < end) {
      saidSynced ||= synced(since)();
      await new Promise((r) => setTimeout(r, 50));
    }
    holding = false;
    for (const send of queued.splice(0)) send();
    await until('A synced with the restored server', synced(since), 30_000);
    a.engine.stop();

    // And synced means the server holds it.
    const probe = await device();
    probe.connect(server.url);
    const h = await probe.repo.find(content!);
    await until('the server holds the article saved after the backup', () => holdsRefs(h.doc(), a.library.syncDocs().expected().get(content!) ?? []), 10_000);
    probe.engine.stop();
    expect(saidSynced).toBe(false);
  }, 120_000);
});
