/**
 * Hunt: "Synced with N of M servers" counted servers that store nothing (ephemeral relays, or no
 * storage id) among the servers the library is synced with: connected to a storing server and a
 * relay, with a third storing server offline, it said "Synced with 2 of 3 servers", though only
 * one holds the library, and with every storing server connected it said "Synced." without
 * telling that the relay keeps no copy.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { describe, expect, it } from 'vitest';
import { engineStatus } from '../../../src/sync/engine-status';
import { device, QuietServer, until, useSyncServer } from './helpers';


describe('SyncEngine: "Synced with N of M" counts the servers that store documents', () => {
  const server = useSyncServer('cp-synced-count-');

  it('a relay that stores nothing is not counted, and the status says it keeps no copy', async () => {
    const d = await device(null, undefined, undefined, { connectTimeoutMs: 500 });
    const urls = [server().url, 'wss://relay.example', 'wss://down.example'];
    d.engine.setServers(urls, (u) => (u === server().url ? new WebSocketClientAdapter(u, 500) : new QuietServer(u, u.includes('relay') ? { isEphemeral: true } : null)));
    await until('synced', () => d.engine.status().state === 'synced' && d.engine.status().servers[2]?.state === 'offline');
    const withOneDown = d.engine.status().message;
    d.engine.setServers(urls.slice(0, 2), () => new QuietServer('never', { isEphemeral: true }));
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
