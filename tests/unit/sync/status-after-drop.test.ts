/**
 * Review: after a connected server drops, the engine tells "connecting" and never tells anything
 * else while the server stays unreachable with connection attempts that hang (a host that went
 * away behind a firewall that drops packets): `setServers` arms the one status update at the
 * connection time limit only when a server is added, and `peerChanged` arms none. Pages hear the
 * status only through the broadcast (they poll only while "syncing"), so they show
 * "Connecting to the sync server…" forever, and the badge never says "off".
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { device, until } from '../sync/helpers';
import { cuttableSocketAdapter, useSyncServer } from './helpers';

describe('SyncEngine status after a connected server drops', () => {
  const server = useSyncServer('cp-xsync-drop-');

  it('tells the pages "offline" once the connection time limit has passed with no answer, as it does for a server that never answered', async () => {
    // A line to the server that can go dark: from then on connections are accepted and never answered.
    let dark = false;
    const lines: Socket[] = [];
    const held: Socket[] = [];
    const relay = createServer((client) => {
      client.on('error', () => undefined);
      if (dark) return void held.push(client);
      const upstream = connect(server().port, '127.0.0.1');
      lines.push(client, upstream);
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => undefined).on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const a = await device(); // connection time limit 2 s; the adapter retries every 500 ms
    a.engine.setServers([`ws://127.0.0.1:${(relay.address() as AddressInfo).port}`], cuttableSocketAdapter);
    await until('A synced', () => a.engine.status().state === 'synced');
    dark = true;
    for (const s of lines) s.destroy();
    await until('A sees the line drop', () => a.engine.status().servers[0]?.state !== 'connected');
    await until('A tries again', () => held.length > 0, 5_000);
    // Well past the 2 s limit.
    await new Promise((r) => setTimeout(r, 4_000));
    const live = a.engine.status().state;
    const told = a.statuses.at(-1)?.state;
    a.engine.stop();
    for (const s of held) s.destroy();
    await new Promise((r) => relay.close(r));
    expect({ live, told }).toEqual({ live: 'offline', told: 'offline' });
  }, 30_000);
});
