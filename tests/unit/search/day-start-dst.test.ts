/**
 * A day's range started at 01:00 in time zones whose clocks jumped from 00:00 to 01:00 on that
 * date in the year 2000 (`parseDate` built each date in 2000, then moved it to its year keeping
 * the hour): in São Paulo `after:2024-10-08` left out a clip saved at 00:30 that day, and
 * `before:` and the search controls' `to` counted it in the day before.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** The probe in a Node process of its own: a worker thread's `process.env.TZ` does not change its time zone. */
async function probe(tz: string, day: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/unit/search/day-range-probe.ts', day], {
    cwd: process.cwd(),
    env: { ...process.env, TZ: tz },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('a local day starts at its midnight, whatever the clocks did on that date in 2000', () => {
  for (const [tz, day] of [
    ['America/Sao_Paulo', '2024-10-08'],
    ['Asia/Tehran', '2024-03-21'],
    ['Europe/Berlin', '2024-10-08'],
  ] as const) {
    it(`${tz}, ${day}: the day and the next start at local midnight; a clip saved at 00:30 is in that day`, async () => {
      const r = await probe(tz, day);
      expect(r.start).toBe(r.midnight);
      expect(r.dayBeforeNext).toBe(r.midnight);
      expect(r).toMatchObject({ after: ['early'], before: [], fromTo: ['early'], toDayBefore: [] });
    });
  }
});
