import { describe, expect, it } from 'vitest';
import { afterBackup, afterFailure, backupDue, DAY_MS, DEFAULT_BACKUP_SETTINGS, EMPTY_HISTORY, type BackupRecord } from '../../../src/backup/schedule';

const T = Date.UTC(2026, 10, 30, 12, 0);
const rec = (downloadId: number, at: number): BackupRecord => ({ downloadId, filename: `b${downloadId}.zip`, at, bytes: 10, clips: 1 });
const on = { ...DEFAULT_BACKUP_SETTINGS, enabled: true, every: 'week' as const };

describe('backup schedule when the clock is set back', () => {
  it('backs up at once when the last backup is dated in the future, instead of waiting for that date', () => {
    // The clock was a year ahead when the last backup ran, then corrected.
    const ahead = afterBackup(EMPTY_HISTORY, rec(1, T + 365 * DAY_MS), 5).history;
    expect(backupDue(on, ahead, T)).toBe(true);
    // Once that backup is made (dated now), the schedule is back to normal.
    const after = afterBackup(ahead, rec(2, T), 5).history;
    expect(backupDue(on, after, T + 60_000)).toBe(false);
    expect(backupDue(on, after, T + 7 * DAY_MS)).toBe(true);
  });

  it('retries a failure dated in the future at once, not after that date', () => {
    const failed = afterFailure(afterBackup(EMPTY_HISTORY, rec(1, T - 30 * DAY_MS), 5).history, T + 200 * DAY_MS, 'The disk is full.');
    expect(backupDue(on, failed, T)).toBe(true);
  });

  it('is never due while off, whatever the dates', () => {
    const ahead = afterBackup(EMPTY_HISTORY, rec(1, T + 365 * DAY_MS), 5).history;
    expect(backupDue(DEFAULT_BACKUP_SETTINGS, ahead, T)).toBe(false);
  });

  it('seeded: a week of hourly alarms after any last backup makes a backup due exactly when it should', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const last = T + Math.floor((rand() - 0.5) * 60 * DAY_MS);
      const now = T;
      const history = afterBackup(EMPTY_HISTORY, rec(1, last), 5).history;
      expect(backupDue(on, history, now)).toBe(last > now || last + 7 * DAY_MS <= now);
    }
  });
});
