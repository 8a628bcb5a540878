/**
 * Hunt: turning sync off (or stopping the engine) left its timers armed. The status update armed
 * at each server's connection time limit still fired (and told a status for a server gone), and
 * the retry of a failed pass still ran: turned on again within its 15 s, it started a pass of
 * the old connection's schedule besides the new connection's own.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { device, QuietServer, storingMeta, until } from './helpers';


afterEach(() => void vi.useRealTimers());

describe('SyncEngine: timers end with the connection', () => {
  it('turning sync off clears the status update armed at the connection time limit', async () => {
    const d = await device(null, undefined, undefined, { connectTimeoutMs: 5_000 });
    await d.library.settled();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const before = vi.getTimerCount();
    d.engine.setServers(['wss://a.example'], () => new QuietServer('a', null));
    await d.engine.kick();
    d.engine.setServers([], () => new QuietServer('never', null));
    const told = d.statuses.length;
    const left = vi.getTimerCount() - before;
    await vi.advanceTimersByTimeAsync(6_000);
    const toldAfterOff = d.statuses.slice(told).length;
    d.engine.stop();
    expect({ left, toldAfterOff }).toEqual({ left: 0, toldAfterOff: 0 });
  });

  it('stopping the engine clears every timer it armed', async () => {
    const d = await device(null, undefined, undefined, { connectTimeoutMs: 5_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const before = vi.getTimerCount();
    d.engine.setServers(['wss://a.example', 'wss://b.example'], (u) => new QuietServer(u, null));
    await d.engine.kick();
    d.engine.stop();
    expect(vi.getTimerCount() - before).toBe(0);
  });

  it('turning sync off cancels the retry of a failed pass: turned on again, only the new connection starts a pass', async () => {
    const d = await device(null, undefined, undefined, { docTimeoutMs: 300, nudgeMs: 100_000, retryFailedMs: 1_500 });
    d.engine.setServers(['wss://a.example'], () => new QuietServer('a', storingMeta('a')));
    await until('the pass fails', () => d.engine.status().state === 'error', 25_000);
    const pass = vi.spyOn(d.engine as unknown as { pass(): Promise<void> }, 'pass');
    d.engine.setServers([], () => new QuietServer('never', null));
    // On again, with a server that does not answer: its own connection starts one pass (it finds no server to sync with).
    d.engine.setServers(['wss://b.example'], () => new QuietServer('b', null));
    await new Promise((r) => setTimeout(r, 2_500));
    d.engine.stop();
    expect(pass).toHaveBeenCalledTimes(1);
  }, 40_000);
});
