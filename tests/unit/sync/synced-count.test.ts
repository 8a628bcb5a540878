/**
 * Hunt: "Synced with N of M servers" counted servers that store nothing (ephemeral relays, or no
 * storage id) among the servers the library is synced with: connected to a storing server and a
 * relay, with a third storing server offline, it said "Synced with 2 of 3 servers", though only
 * one holds the library, and with every storing server connected it said "Synced." without
 * telling that the relay keeps no copy.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { NetworkAdapter, type PeerId } from '@automerge/automerge-repo/slim';
import { describe, expect, it } from 'vitest';
import { engineStatus } from '../../../src/sync/engine-status';
import { device, until, useSyncServer } from './helpers';

/** A relay that connects and stores nothing (ephemeral), or a server that never answers (`answers`: false). */
class Relay extends NetworkAdapter {
  readonly remotePeerId: PeerId;
  constructor(name: string, private readonly answers = true) {
    super();
    this.remotePeerId = name as PeerId;
  }
  isReady() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  connect(peerId: PeerId) {
    this.peerId = peerId;
    if (this.answers) setTimeout(() => this.emit('peer-candidate', { peerId: this.remotePeerId, peerMetadata: { isEphemeral: true } }), 0);
  }
  send() {}
  disconnect() {}
}

describe('SyncEngine: "Synced with N of M" counts the servers that store documents', () => {
  const server = useSyncServer('cp-synced-count-');

  it('a relay that stores nothing is not counted, and the status says it keeps no copy', async () => {
    const d = await device(null, undefined, undefined, { connectTimeoutMs: 500 });
    const urls = [server().url, 'wss://relay.example', 'wss://down.example'];
    d.engine.setServers(urls, (u) => (u === server().url ? new WebSocketClientAdapter(u, 500) : new Relay(u, u.includes('relay'))));
    await until('synced', () => d.engine.status().state === 'synced' && d.engine.status().servers[2]?.state === 'offline');
    const withOneDown = d.engine.status().message;
    d.engine.setServers(urls.slice(0, 2), () => new Relay('never'));
    await until('synced again', () => d.engine.status().state === 'synced');
    const allStoringUp = d.engine.status().message;
    d.engine.stop();
    expect(withOneDown).toMatch(/^Synced with 1 of 2 servers\. /);
    expect(withOneDown).toMatch(/1 other server stores nothing/);
    expect(allStoringUp).toMatch(/^Synced\. /);
    expect(allStoringUp).toMatch(/1 other server stores nothing/);
  }, 40_000);

  it('engineStatus: servers that store nothing (`relays`) are left out of the count', () => {
    const connected = { state: 'connected' as const, error: null };
    const servers = [{ url: 'wss://a', ...connected }, { url: 'wss://b', ...connected }, { url: 'wss://c', state: 'offline' as const, error: 'no answer' }];
    const base = { servers, running: false, progress: null, lastSyncedAt: 2, lastError: null, connectedAt: 1, owed: false };
    expect(engineStatus({ ...base, relays: 0 }).message).toBe('Synced with 2 of 3 servers.');
    expect(engineStatus({ ...base, relays: 1 }).message).toBe('Synced with 1 of 2 servers. 1 other server stores nothing, so it keeps no copy of your library.');
    expect(engineStatus({ ...base, servers: servers.slice(0, 2), relays: 1 }).message).toBe('Synced. 1 other server stores nothing, so it keeps no copy of your library.');
  });
});
