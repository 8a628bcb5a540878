/** The export job named a date range by its UTC days: in Berlin 2025-03-10 read "from 2025-03-09" (found in review). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeScope } from '../../../src/backup/export-job';

// The options page sends the local day's start and end (ExportSection.tsx: `${day}T00:00:00`, `${day}T23:59:59.999`).
const dayStart = (value: string) => Date.parse(`${value}T00:00:00`);
const dayEnd = (value: string) => Date.parse(`${value}T23:59:59.999`);

describe('an export of a saved-date range names the local days chosen, away from UTC', () => {
  let tz: string | undefined;
  beforeAll(() => {
    tz = process.env.TZ;
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('east of UTC: names the days the user chose', () => {
    process.env.TZ = 'Europe/Berlin';
    expect(describeScope({ kind: 'saved', from: dayStart('2025-03-10'), to: dayEnd('2025-03-20') })).toBe('clips saved from 2025-03-10 to 2025-03-20');
  });

  it('west of UTC: names the days the user chose', () => {
    process.env.TZ = 'America/New_York';
    expect(describeScope({ kind: 'saved', from: dayStart('2025-03-10'), to: dayEnd('2025-03-20') })).toBe('clips saved from 2025-03-10 to 2025-03-20');
  });
});
