/**
 * Hunt: the engine kept one error for all its servers, though up to 5 may be configured at once.
 * A reconnection of server A cleared the error judged for server B (still failing), so B's
 * failure was hidden until B's next pass; the status said "Sync error: 3 document(s) did not
 * reach the server yet" without saying which server; and removing one server cleared the error
 * of another, still failing.
 */
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import { describe, expect, it } from 'vitest';
import { engineStatus, type EngineState } from '../../../src/sync/engine-status';
import type { SyncStatus } from '../../../src/sync/settings';
import { syncLabel } from '../../../extension/ui/sync-label';
import { device, QuietServer, storingMeta, until, useSyncServer } from './helpers';

const quiet = new Map<string, QuietServer>();
/** A server that connects (storing) and never acknowledges anything: each pass fails with it. */
const storing = (url: string) => {
  const name = new URL(url).hostname.split('.')[0]!;
  const s = new QuietServer(name, storingMeta(name));
  quiet.set(url, s);
  return s;
};
const stateOf = (s: SyncStatus, url: string) => s.servers.find((x) => x.url === url)?.state;
const opts = { docTimeoutMs: 300, nudgeMs: 100_000, retryFailedMs: 100_000 };

describe('SyncEngine: each server has its own error', () => {
  const server = useSyncServer('cp-server-errors-');

  it('A reconnecting does not clear the error of B, still failing', async () => {
    const d = await device(null, undefined, undefined, opts);
    d.engine.setServers(['wss://a.example', 'wss://b.example'], storing);
    await until('the pass fails', () => d.engine.status().state === 'error', 25_000);
    // A's line drops and comes back (its pass starts, and waits for its first word: ~2 s).
    const a = quiet.get('wss://a.example')!;
    a.emit('peer-disconnected', { peerId: a.remotePeerId });
    await until('A dropped', () => stateOf(d.engine.status(), 'wss://a.example') !== 'connected');
    a.emit('peer-candidate', { peerId: a.remotePeerId, peerMetadata: storingMeta('a') });
    await until('A connected again', () => stateOf(d.engine.status(), 'wss://a.example') === 'connected');
    const s = d.engine.status();
    d.engine.stop();
    expect(s.state).toBe('error');
    expect(s.message).toMatch(/b\.example/);
    expect(s.message).not.toMatch(/a\.example/);
    expect(s.servers.map((x) => [x.url, x.state])).toEqual([
      ['wss://a.example', 'connected'],
      ['wss://b.example', 'error'],
    ]);
  }, 40_000);

  it('the status names the server in error, not the one in step', async () => {
    const d = await device(null, undefined, undefined, { ...opts, docTimeoutMs: 1_000 });
    const good = server().url;
    d.engine.setServers([good, 'wss://b.example'], (u) => (u === good ? new WebSocketClientAdapter(u, 500) : storing(u)));
    await until('the pass fails', () => d.engine.status().state === 'error', 50_000);
    const s = d.engine.status();
    d.engine.stop();
    expect(s.message).toMatch(/^Sync error: \d+ document\(s\) did not reach b\.example yet; retrying/);
    expect(s.message).not.toContain(new URL(good).host);
    // Said once in the side panel's header (not "Sync error: Sync error: …").
    expect(syncLabel(s)).toBe(s.message);
    expect(s.servers.map((x) => [x.state, x.error])).toEqual([
      ['connected', null],
      ['error', expect.stringMatching(/did not reach this server yet/)],
    ]);
  }, 70_000);

  it('removing the failing server clears its error, and only its', async () => {
    const d = await device(null, undefined, undefined, opts);
    d.engine.setServers(['wss://a.example', 'wss://b.example'], storing);
    await until('the pass fails', () => d.engine.status().state === 'error', 25_000);
    d.engine.setServers(['wss://a.example'], storing);
    const s = d.engine.status();
    d.engine.setServers([], storing);
    const off = d.engine.status();
    d.engine.stop();
    // A still fails (its own pass said so): told, B no longer.
    expect(s.state).toBe('error');
    expect(s.message).toMatch(/a\.example/);
    expect(s.message).not.toMatch(/b\.example/);
    expect(s.servers.map((x) => [x.url, x.state])).toEqual([['wss://a.example', 'error']]);
    expect(off.state).toBe('off');
  }, 40_000);
});

describe('engineStatus: servers in error', () => {
  const connected = (url: string) => ({ url, state: 'connected' as const, error: null });
  const state = (over: Partial<EngineState>): EngineState => ({
    servers: [connected('wss://a.example'), connected('wss://b.example:8443/sync')],
    running: false,
    progress: null,
    lastSyncedAt: 2,
    lastError: null,
    connectedAt: 1,
    owed: false,
    ...over,
  });

  it('names every server in error by its host, and each carries its own reason', () => {
    const s = engineStatus(
      state({
        serverErrors: new Map([
          ['wss://a.example', { kind: 'unconfirmed', count: 2 }],
          ['wss://b.example:8443/sync', { kind: 'unconfirmed', count: 5 }],
        ]),
      }),
    );
    expect(s.state).toBe('error');
    expect(s.message).toBe('Sync error: documents did not reach a.example (2) and b.example:8443/sync (5) yet; retrying.');
    expect(s.servers.map((x) => x.error)).toEqual(['2 document(s) did not reach this server yet; retrying.', '5 document(s) did not reach this server yet; retrying.']);
  });

  it('an internationalised host is named as the user typed it, not in its punycode', () => {
    const s = engineStatus(state({ servers: [connected('wss://bücher.example/sync')], serverErrors: new Map([['wss://bücher.example/sync', { kind: 'unconfirmed', count: 1 }]]) }));
    expect(s.message).toBe('Sync error: 1 document(s) did not reach bücher.example/sync yet; retrying.');
  });

  it('a server not connected is told offline, not by the error of its last pass', () => {
    const servers = [connected('wss://a.example'), { url: 'wss://b.example', state: 'offline' as const, error: 'no answer' }];
    const s = engineStatus(state({ servers, serverErrors: new Map([['wss://b.example', { kind: 'unconfirmed', count: 1 }]]) }));
    expect([s.state, s.servers[1]]).toEqual(['synced', servers[1]]);
  });

  it('servers that store nothing are named, with the way out', () => {
    const s = engineStatus(state({ servers: [connected('ws://relay.example')], serverErrors: new Map([['ws://relay.example', { kind: 'not-stored' }]]) }));
    expect(s.message).toMatch(/^Sync error: relay\.example does not store documents, so it cannot hold your library\. Use a sync server that stores data/);
  });
});
