/**
 * The export job named a date range by its UTC days: in Berlin 2025-03-10 read "from 2025-03-09"
 * (found in review). Each time zone runs in a Node process of its own: the unit tests run in
 * worker threads, where setting `process.env.TZ` does not change the time zone, so a test that set
 * it in its own thread ran in the machine's zone (UTC on CI) and proved nothing away from UTC.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(resolve('src/backup/export-job.ts')).href;

/** `describeScope` of the local days `from`..`to` as the options page sends them (ExportSection.tsx: `${day}T00:00:00`, `${day}T23:59:59.999`), in time zone `tz`. */
async function scopeIn(tz: string, from: string, to: string): Promise<{ text: string; offset: number }> {
  const code = `
    const { describeScope } = await import(${JSON.stringify(MODULE)});
    const text = describeScope({ kind: 'saved', from: Date.parse(${JSON.stringify(`${from}T00:00:00`)}), to: Date.parse(${JSON.stringify(`${to}T23:59:59.999`)}) });
    console.log(JSON.stringify({ text, offset: new Date(Date.parse(${JSON.stringify(`${from}T12:00:00`)})).getTimezoneOffset() }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: { ...process.env, TZ: tz }, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { text: string; offset: number };
}

describe('an export of a saved-date range names the local days chosen, away from UTC', () => {
  it('east of UTC: names the days the user chose', async () => {
    const r = await scopeIn('Europe/Berlin', '2025-03-10', '2025-03-20');
    expect(r.offset).toBe(-60); // the process really was in Berlin
    expect(r.text).toBe('clips saved from 2025-03-10 to 2025-03-20');
  });

  it('west of UTC: names the days the user chose', async () => {
    const r = await scopeIn('America/New_York', '2025-03-10', '2025-03-20');
    expect(r.offset).toBe(240);
    expect(r.text).toBe('clips saved from 2025-03-10 to 2025-03-20');
  });
});
