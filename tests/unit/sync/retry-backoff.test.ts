/**
 * Hunt: a pass that kept failing was retried at the same interval forever. A document no server
 * has (another device's article, named by a catalog, whose upload that device never finished
 * before going away for days), or a server that never acknowledges, had the background load
 * documents, ask the servers and wait on them every 15 s (plus the pass's own waits) for as long
 * as a page kept it awake. Each failed pass in a row now doubles the wait, up to 16× (15 s grows
 * to 4 minutes, the sync alarm's period); a clean pass or a (re)connection starts again at 15 s.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineTimers } from '../../../src/sync/engine-timers';
import { device, QuietServer, storingMeta, until } from './helpers';

afterEach(() => void vi.useRealTimers());

describe('SyncEngine: the retry of a failing pass backs off', () => {
  it('each failed pass in a row waits twice as long before the next, up to 16 times the first wait', async () => {
    const base = 97; // a wait no other timer uses
    const delays: number[] = [];
    const d = await device(null, undefined, undefined, { docTimeoutMs: 40, nudgeMs: 100_000, retryFailedMs: base });
    // The engine's own retries (`once('retry', …)`): a spy on setTimeout also caught other timers
    // of a multiple of the wait (the run failed 1 in 3 with 97, 97, 97, 97 and no retry armed).
    const once = EngineTimers.prototype.once;
    const spy = vi.spyOn(EngineTimers.prototype, 'once').mockImplementation(function (this: EngineTimers, name: string, ms: number, fn: () => void) {
      if (name === 'retry') delays.push(ms);
      return once.call(this, name, ms, fn);
    });
    d.engine.setServers(['wss://a.example'], () => new QuietServer('a', storingMeta('a')));
    await until('four retries armed', () => delays.length >= 4, 30_000);
    d.engine.stop();
    spy.mockRestore();
    expect(delays.slice(0, 4)).toEqual([base, 2 * base, 4 * base, 8 * base]);
  }, 40_000);

  it('EngineTimers.retry: doubles per retry in a row, is capped at 16×, starts again after resetRetry, and is one at a time', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const t = new EngineTimers();
    /** How long the next retry waits, in steps of 100 ms. */
    const nextWait = () => {
      let [fired, waited] = [false, 0];
      t.retry(() => void (fired = true), 100);
      while (!fired) (vi.advanceTimersByTime(100), (waited += 100));
      return waited;
    };
    const inARow = Array.from({ length: 7 }, nextWait);
    t.resetRetry();
    const afterReset = nextWait();
    let ran = 0;
    t.retry(() => void ran++, 100);
    t.retry(() => void ran++, 100);
    vi.advanceTimersByTime(10_000);
    expect(inARow).toEqual([100, 200, 400, 800, 1600, 1600, 1600]);
    expect(afterReset).toBe(100);
    expect(ran).toBe(1);
  });
});
