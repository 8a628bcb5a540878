import { describe, expect, it } from 'vitest';
import {
  afterBackup,
  afterFailure,
  backupDue,
  BackupSettingsSchema,
  DAY_MS,
  DEFAULT_BACKUP_SETTINGS,
  EMPTY_HISTORY,
  exportFileName,
  isBackupFile,
  nextBackupAt,
  RETRY_AFTER_FAILURE_MS,
  type BackupRecord,
} from '../../../src/backup/schedule';

const T = Date.UTC(2026, 10, 30, 12, 0);
const rec = (downloadId: number, at: number): BackupRecord => ({ downloadId, filename: `b${downloadId}.zip`, at, bytes: 10, clips: 1 });
const on = { ...DEFAULT_BACKUP_SETTINGS, enabled: true };

describe('backup schedule', () => {
  it('is off by default, and nothing is ever due while off', () => {
    expect(DEFAULT_BACKUP_SETTINGS.enabled).toBe(false);
    expect(nextBackupAt(DEFAULT_BACKUP_SETTINGS, EMPTY_HISTORY)).toBeNull();
    expect(backupDue(DEFAULT_BACKUP_SETTINGS, EMPTY_HISTORY, T)).toBe(false);
  });

  it('makes the first backup at once, then one a day or a week after the last', () => {
    expect(backupDue(on, EMPTY_HISTORY, T)).toBe(true);
    const history = afterBackup(EMPTY_HISTORY, rec(1, T), 5).history;
    expect(backupDue({ ...on, every: 'day' }, history, T + DAY_MS - 1)).toBe(false);
    expect(backupDue({ ...on, every: 'day' }, history, T + DAY_MS)).toBe(true);
    expect(backupDue({ ...on, every: 'week' }, history, T + 6 * DAY_MS)).toBe(false);
    expect(nextBackupAt({ ...on, every: 'week' }, history)).toBe(T + 7 * DAY_MS);
  });

  it('retries a failed backup an hour later, not at every alarm', () => {
    const failed = afterFailure(EMPTY_HISTORY, T, 'The disk is full.');
    expect(failed.lastError).toBe('The disk is full.');
    expect(backupDue(on, failed, T + 60_000)).toBe(false);
    expect(backupDue(on, failed, T + RETRY_AFTER_FAILURE_MS)).toBe(true);
    // A success clears the failure.
    expect(afterBackup(failed, rec(2, T + RETRY_AFTER_FAILURE_MS), 5).history.lastError).toBeNull();
  });

  it('keeps the newest N backups and hands back the older ones to delete', () => {
    let history = EMPTY_HISTORY;
    const removed: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const next = afterBackup(history, rec(i, T + i * DAY_MS), 3);
      history = next.history;
      removed.push(...next.remove.map((r) => r.downloadId));
    }
    expect(history.kept.map((r) => r.downloadId)).toEqual([5, 4, 3]);
    expect(removed).toEqual([1, 2]);
    // Keeping fewer after the fact deletes the surplus at the next backup.
    const fewer = afterBackup(history, rec(6, T + 6 * DAY_MS), 1);
    expect(fewer.history.kept.map((r) => r.downloadId)).toEqual([6]);
    expect(fewer.remove.map((r) => r.downloadId)).toEqual([5, 4, 3]);
  });

  it('refuses settings out of range', () => {
    expect(BackupSettingsSchema.safeParse({ enabled: true, every: 'week', keep: 0 }).success).toBe(false);
    expect(BackupSettingsSchema.safeParse({ enabled: true, every: 'hour', keep: 3 }).success).toBe(false);
    expect(BackupSettingsSchema.safeParse({ enabled: true, every: 'day', keep: 30 }).success).toBe(true);
  });

  it('names files by local date and time, backups in their own folder', () => {
    expect(exportFileName('manual', T, 0)).toBe('commonplace-export 2026-11-30 12-00.zip');
    expect(exportFileName('backup', T, -60)).toBe('Commonplace backups/commonplace-backup 2026-11-30 13-00.zip');
  });
});

describe('pruning old backups: the download the browser knows by a backup id is checked first', () => {
  // Found in review: a backup's download id was trusted for ever; Firefox numbers downloads again in
  // each session (and Chromium may reuse an id once the history is cleared), so pruning could delete
  // another file the user had downloaded.
  const record = { filename: '/home/u/Downloads/Commonplace backups/commonplace-backup 2026-11-30 14-05.zip' };
  it('deletes only the file the backup was written to', () => {
    expect(isBackupFile(record, { filename: record.filename })).toBe(true);
    expect(isBackupFile(record, { filename: '/home/u/Downloads/tax return 2025.pdf' })).toBe(false);
    expect(isBackupFile(record, { filename: '' })).toBe(false);
    expect(isBackupFile(record, undefined)).toBe(false);
  });
  it('a record without a path: only a file named as backups are', () => {
    expect(isBackupFile({ filename: '' }, { filename: 'C:\\Users\\u\\Downloads\\Commonplace backups\\commonplace-backup 2026-11-30 14-05 (1).zip' })).toBe(true);
    expect(isBackupFile({ filename: '' }, { filename: '/home/u/Downloads/commonplace-backup notes.txt' })).toBe(false);
    expect(isBackupFile({ filename: '' }, { filename: '/home/u/Downloads/photo.jpg' })).toBe(false);
  });
});
