/**
 * Hunt: an error of an old connection outlived it. Turning sync off and on (or removing a server)
 * kept the last pass's "N document(s) did not reach the server yet", so the status said "Sync
 * error" with a "!" badge until a whole new pass finished; and a pass cut short by removing a
 * server counted the documents it stopped on as failures. And a server that stores nothing
 * (ephemeral, or no storage id) left the status at "Checking what the server holds…" forever.
 */
import { describe, expect, it } from 'vitest';
import { page } from '../library/helpers';
import type { ServerErrors } from '../../../src/sync/server-errors';
import { device, QuietServer, storingMeta, until } from './helpers';


const storing = (name: string) => () => new QuietServer(name, storingMeta(name));

describe('SyncEngine: an error belongs to its connection', () => {
  it('turning sync off and on again does not show the old connection\'s "did not reach the server" error', async () => {
    const d = await device(null, undefined, undefined, { docTimeoutMs: 300, nudgeMs: 100_000, retryFailedMs: 100_000 });
    d.engine.setServers(['wss://a.example'], storing('a'));
    await until('the pass fails', () => d.engine.status().state === 'error', 25_000);
    d.engine.setServers([], storing('never'));
    d.engine.setServers(['wss://a.example'], storing('a'));
    await until('connected again', () => d.engine.status().servers[0]?.state === 'connected');
    const s = d.engine.status();
    d.engine.stop();
    expect([s.state, s.message]).toEqual(['syncing', 'Checking what the server holds…']);
  }, 40_000);

  it('removing a server clears the error its pass left', async () => {
    const d = await device(null, undefined, undefined, { docTimeoutMs: 300, nudgeMs: 100_000, retryFailedMs: 100_000 });
    d.engine.setServers(['wss://a.example', 'wss://b.example'], (u) => storing(u.includes('a.') ? 'a' : 'b')());
    await until('the pass fails', () => d.engine.status().state === 'error', 25_000);
    d.engine.setServers(['wss://a.example'], storing('never'));
    const s = d.engine.status();
    d.engine.stop();
    // A's own error stays (each server has its own: server-errors.test.ts); B's is gone.
    expect(s.state).toBe('error');
    expect(s.message).toMatch(/^Sync error: \d+ document\(s\) did not reach a\.example yet; retrying\.$/);
  }, 40_000);

  it('a pass cut short by removing a server does not count the documents it stopped on as failures', async () => {
    const d = await device(null, undefined, undefined, { docTimeoutMs: 10_000, nudgeMs: 600, retryFailedMs: 100_000 });
    await d.library.save(page());
    await d.library.settled();
    d.engine.setServers(['wss://a.example', 'wss://b.example'], (u) => storing(u.includes('a.') ? 'a' : 'b')());
    // The pass is waiting on its documents (neither server acknowledges anything).
    await until('the pass counted', () => (d.engine.status().progress?.total ?? 0) > 0, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    const from = d.statuses.length;
    d.engine.setServers(['wss://a.example'], storing('never'));
    // The cut pass stops waiting at once (its check every 200 ms); the next one (with a alone) counts again from 0.
    await until('the next pass counted', () => d.statuses.slice(from).some((x, i, all) => x.progress?.done === 0 && i > 0 && (all[i - 1]!.progress?.done ?? 0) > 0), 10_000);
    // What the cut pass left (the next pass's count hides it from the status until that pass ends).
    const left = (d.engine as unknown as { errors: ServerErrors }).errors.all();
    d.engine.stop();
    expect([...left]).toEqual([]);
  }, 20_000);

  it('a server that stores nothing says so, with the way out, instead of "Checking what the server holds…" forever', async () => {
    const d = await device();
    d.engine.setServers(['wss://relay.example'], () => new QuietServer('relay', { isEphemeral: true }));
    await until('connected', () => d.engine.status().servers[0]?.state !== 'connecting');
    await new Promise((r) => setTimeout(r, 300));
    const s = d.engine.status();
    const told = d.statuses.at(-1);
    d.engine.stop();
    expect(s.state).toBe('error');
    expect(s.message).toMatch(/does not store/);
    expect(s.message).toMatch(/server that stores/);
    expect(told?.message).toBe(s.message);
  });
});
