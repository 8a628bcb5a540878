/**
 * Hunt: an error judged while a server's connection went dark (its documents did not reach it)
 * was still told after the server reconnected: "Sync error: 5 document(s) did not reach the
 * server yet" with the "!" badge, for as long as the reconnection's pass took to count (the
 * server's first word, up to 2 s, and the ledger), and on until a pass completed, however many a
 * flapping connection cut short (a pass cut short judges nothing, so none cleared it).
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { page } from '../library/helpers';
import type { ServerErrors } from '../../../src/sync/server-errors';
import { cuttableSocketAdapter, device, until, useSyncServer } from './helpers';

describe('SyncEngine: the error of a dropped connection', () => {
  const server = useSyncServer('cp-error-reconnect-');

  it('is not told once the server is connected again, and the pass with it ends synced', async () => {
    // A line to the server that can go dark: bytes are dropped both ways, the sockets stay open.
    let dark = false;
    const lines: Socket[] = [];
    const relay = createServer((client) => {
      client.on('error', () => undefined);
      const upstream = connect(server().port, '127.0.0.1');
      upstream.on('error', () => undefined).on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
      client.on('data', (b) => void (dark || upstream.write(b)));
      upstream.on('data', (b) => void (dark || client.write(b)));
      lines.push(client, upstream);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const a = await device(null, undefined, undefined, { docTimeoutMs: 2_000, nudgeMs: 500, retryFailedMs: 1_000 });
    a.engine.setServers([`ws://127.0.0.1:${(relay.address() as AddressInfo).port}`], cuttableSocketAdapter);
    await until('synced', () => a.engine.status().state === 'synced', 40_000);
    dark = true;
    await a.library.save(page());
    // Read from the engine: the error is shown only between passes (each retry shows its count).
    const error = () => (a.engine as unknown as { errors: ServerErrors }).errors.all().values().next().value?.kind ?? null;
    await until('the pass fails', () => error() === 'unconfirmed', 30_000);
    const failed = error();
    // The drop is noticed, and the server answers again.
    dark = false;
    for (const s of lines.splice(0)) s.destroy();
    await until('reconnected', () => a.engine.status().servers[0]?.state !== 'connected');
    const from = a.statuses.length;
    await until('connected again', () => a.engine.status().servers[0]?.state === 'connected', 10_000);
    const settled = await until('synced again', () => a.engine.status().state === 'synced', 30_000).then(() => null, (e: Error) => e.message);
    const s = a.engine.status();
    // Told as the server connected again (before its pass has judged anything): not the old connection's error.
    const reconnected = a.statuses.slice(from).find((x) => x.servers[0]?.state === 'connected');
    a.engine.stop();
    await new Promise((r) => relay.close(r));
    expect(failed).toBe('unconfirmed');
    expect([reconnected?.state, reconnected?.message]).toEqual(['syncing', 'Checking what the server holds…']);
    expect({ settled, state: s.state, message: s.message }).toEqual({ settled: null, state: 'synced', message: 'Synced.' });
  }, 120_000);
});
