/**
 * Found in review: when the disk was full, every link of a run was fetched and then failed for good
 * ("storage-full", not retried), one after another, each costing its site a request. Now the first
 * such failure pauses the run with the reason, that link still first in its queue, and Resume goes on.
 */
import { describe, expect, it } from 'vitest';
import { outcomeOfFailure } from '../../../src/import/fetch-outcome';
import { newLinkFetch, resumeRun, type FetchOutcome } from '../../../src/import/fetch-queue';
import { LinkFetchRecordSchema, summaryOf } from '../../../src/import/fetch-queue-state';
import { FetchRunner, type FetchRunnerDeps } from '../../../src/import/fetch-runner';

const T = 1_700_000_000_000;
const FULL = 'The disk is full, so nothing more can be saved. Free some space.';

describe('a link fetch on a full disk', () => {
  it('pauses at the first link it cannot store, with the reason, and goes on from it after Resume', async () => {
    let now = T;
    let diskFull = true;
    const requests: string[] = [];
    const deps: FetchRunnerDeps = {
      fetchOne: async (id) => {
        requests.push(id);
        return diskFull ? outcomeOfFailure({ url: `https://${id}`, code: 'storage-full', message: FULL }, now) : ({ kind: 'fetched' } satisfies FetchOutcome);
      },
      save: async () => undefined,
      now: () => now,
      sleep: async (ms) => void (now += ms),
      yieldTurn: () => Promise.resolve(),
    };
    const items = ['a.com', 'b.com', 'c.com'].flatMap((site) => [0, 1].map((i) => ({ id: `${site}-${i}`, url: `https://www.${site}/${i}` })));
    const runner = new FetchRunner(newLinkFetch(items, T), deps);
    expect(await runner.run()).toEqual({ kind: 'stopped' });
    const paused = runner.current;
    expect(paused).toMatchObject({ state: 'paused', pausedBecause: FULL, failed: 0, fetched: 0 });
    // Only the requests already under way when the first failure came were made; none was given up on.
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(Object.values(paused.hosts).reduce((n, h) => n + h.pending.length, 0)).toBe(6);
    expect(summaryOf(paused).pausedBecause).toBe(FULL);
    expect(LinkFetchRecordSchema.safeParse(paused).success).toBe(true);
    // Space freed, Resume: every link is fetched, and the reason is gone.
    diskFull = false;
    await runner.change(resumeRun);
    expect(runner.current.pausedBecause).toBeUndefined();
    expect(await runner.run()).toEqual({ kind: 'done' });
    expect(runner.current).toMatchObject({ state: 'done', fetched: 6, failed: 0 });
  });
});
