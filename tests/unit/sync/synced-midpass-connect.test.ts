/**
 * Hunt: a server that connected while a pass was running (a second server coming back online
 * during an upload to the first) was told "Synced." as soon as that pass ended: the pass had
 * begun without it and checked nothing with it, but it ended after the connection, and the
 * status compared the end of the last clean pass with the connection time. Until the next pass
 * counted (at least its 2 s wait for the new server's first word), the status said "Synced."
 * with a server that held nothing of the library.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import type { PeerMetadata } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { page } from '../library/helpers';
import { device, QuietServer, storingMeta, until, useSyncServer } from './helpers';

/** A storing server that connects only when told to (`arrive`), and never answers. */
class LateServer extends QuietServer {
  constructor(name: string, private readonly later: PeerMetadata) {
    super(name, null);
  }
  arrive() {
    this.emit('peer-candidate', { peerId: this.remotePeerId, peerMetadata: this.later });
  }
}

describe('SyncEngine: a server that connected during a pass is not told synced by it', () => {
  const server = useSyncServer('cp-midpass-');

  it('the status is not "synced" while no pass that began with the new server has finished', async () => {
    const d = await device(null, undefined, undefined, { connectTimeoutMs: 500, docTimeoutMs: 20_000 });
    for (let i = 0; i < 3; i++) await d.library.save(page({ pageUrl: `https://midpass.example/${i}`, canonicalUrl: null, html: `<p>M ${i}</p>`, text: `M ${i}` }));
    const late = new LateServer('wss://late.example', storingMeta('late'));
    d.engine.setServers([server().url, 'wss://late.example'], (u) => (u === server().url ? new WebSocketClientAdapter(u, 500) : late));
    // The late server connects once the first pass is under way (it has counted its documents).
    await until('the first pass counted', () => d.engine.status().state === 'syncing' && d.engine.status().progress !== null);
    late.arrive();
    await until('the late server connected', () => d.engine.status().servers[1]?.state !== 'connecting' && d.engine.status().servers[1]?.state !== 'offline');
    const seen: string[] = [];
    const end = Date.now() + 1_500;
    while (Date.now() < end) {
      seen.push(d.engine.status().state);
      await new Promise((r) => setTimeout(r, 20));
    }
    d.engine.stop();
    expect(seen).not.toContain('synced');
  }, 40_000);
});
