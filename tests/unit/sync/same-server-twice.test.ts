/**
 * Hunt: one server listed under two addresses (its IP and its name, or two paths: the server
 * accepts any), then one of them removed, as when moving to a new address of the same server
 * ("add the new one, wait for Synced, remove the old one"). automerge-repo keeps one connection
 * per peer: the removed address's disconnection took the peer away from the Repo, though the
 * other address was still connected to it. Sync with that server stopped, and the address left
 * was shown offline ("no answer from …") until its socket happened to drop.
 */
import { describe, expect, it } from 'vitest';
import { page } from '../library/helpers';
import { cuttableSocketAdapter, device, until, useSyncServer } from './helpers';

describe('SyncEngine: one server under two addresses', () => {
  const server = useSyncServer('cp-same-twice-');

  for (const removed of ['the first', 'the second'] as const) {
    it(`both addresses connect and sync; removing ${removed} keeps syncing through the other`, async () => {
      const d = await device(null, undefined, undefined, { connectTimeoutMs: 1_000 });
      const [a, b] = [server().url, `${server().url}/again`];
      d.engine.setServers([a, b], (u) => cuttableSocketAdapter(u));
      // Before, the two connections pushed each other off the server: "Connecting…" for ever.
      await until('synced with both', () => d.engine.status().state === 'synced' && d.engine.status().servers.every((s) => s.state === 'connected'));
      d.engine.setServers(removed === 'the first' ? [b] : [a], (u) => cuttableSocketAdapter(u));
      await new Promise((r) => setTimeout(r, 1_500));
      const left = d.engine.status().servers[0]?.state;
      await d.library.save(page({ pageUrl: 'https://twice.example/after', canonicalUrl: null, html: '<p>After</p>', text: 'After' }));
      let synced = true;
      await until('synced after the removal', () => d.engine.status().state === 'synced', 8_000).catch(() => void (synced = false));
      d.engine.stop();
      expect({ left, synced }).toEqual({ left: 'connected', synced: true });
    }, 40_000);
  }
});
