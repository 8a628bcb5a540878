import { z } from '../schema/zod';
import { localIso } from '../util/dates';

/**
 * Backups without a server: a scheduled export of the whole library to the browser's downloads
 * folder, daily or weekly, keeping the last few. Off until the user turns it on (options page).
 * This file is the pure part — the settings, when a backup is due, the file names and which old
 * backups to delete; extension/background/export-job.ts runs it on an alarm.
 */

/** storage.local keys: the user's settings, and what the last backups were. */
export const BACKUP_SETTINGS_KEY = 'backupSettings';
export const BACKUP_HISTORY_KEY = 'backupHistory';

/** The folder inside the downloads folder that backups go to. */
export const BACKUP_FOLDER = 'Commonplace backups';

export const DAY_MS = 24 * 60 * 60_000;
export const INTERVAL_MS = { day: DAY_MS, week: 7 * DAY_MS } as const;

export const BackupSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  every: z.enum(['day', 'week']),
  /** How many backups are kept; older ones are deleted from the downloads folder. */
  keep: z.int().check(z.gte(1), z.lte(30)),
});
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { enabled: false, every: 'week', keep: 5 };

/** One backup written: its download (to delete it later) and when. */
export const BackupRecordSchema = z.strictObject({
  downloadId: z.int(),
  filename: z.string().check(z.maxLength(1_000)),
  at: z.number(),
  bytes: z.int().check(z.gte(0)),
  clips: z.int().check(z.gte(0)),
});
export type BackupRecord = z.infer<typeof BackupRecordSchema>;

/** What the schedule remembers: backups kept (newest first), and the last attempt's failure. */
export const BackupHistorySchema = z.strictObject({
  kept: z.array(BackupRecordSchema).check(z.maxLength(100)),
  lastAttemptAt: z.nullable(z.number()),
  lastError: z.nullable(z.string().check(z.maxLength(4_000))),
});
export type BackupHistory = z.infer<typeof BackupHistorySchema>;

export const EMPTY_HISTORY: BackupHistory = { kept: [], lastAttemptAt: null, lastError: null };

/** After a failed attempt, the next try waits this long (not every alarm: a full disk stays full for a while). */
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

/**
 * When the next backup is due (ms), or null when backups are off. The first is due at once;
 * a failure is retried an hour later, whatever the interval.
 */
export function nextBackupAt(settings: BackupSettings, history: BackupHistory): number | null {
  if (!settings.enabled) return null;
  const last = history.kept[0]?.at ?? null;
  const due = last === null ? 0 : last + INTERVAL_MS[settings.every];
  if (history.lastError !== null && history.lastAttemptAt !== null) return Math.max(due, history.lastAttemptAt + RETRY_AFTER_FAILURE_MS);
  return due;
}

/**
 * Is a backup due at `now`? Also when the last backup or attempt is dated after `now`: the
 * clock was ahead then and has been set back (a wrong date corrected, a dead CMOS battery), and
 * waiting for that date would leave the library without a backup until then — months, maybe.
 */
export function backupDue(settings: BackupSettings, history: BackupHistory, now: number): boolean {
  const at = nextBackupAt(settings, history);
  if (at === null) return false;
  const latest = Math.max(history.kept[0]?.at ?? -Infinity, history.lastAttemptAt ?? -Infinity);
  return at <= now || latest > now;
}

/** A file name for an export at `now`, in the local time the user reads (`2026-11-30 14-05`). */
export function exportFileName(kind: 'manual' | 'backup', now: number, offsetMinutes = new Date(now).getTimezoneOffset()): string {
  const local = localIso(now, offsetMinutes);
  const stamp = `${local.slice(0, 10)} ${local.slice(11, 13)}-${local.slice(14, 16)}`;
  return kind === 'backup' ? `${BACKUP_FOLDER}/commonplace-backup ${stamp}.zip` : `commonplace-export ${stamp}.zip`;
}

/**
 * Whether the download the browser now knows by a backup's id is that backup's file: the path it
 * was written to (or, for a record without one, a name this schedule gives). A download id is not
 * the file's for ever: Firefox numbers downloads again in each session, and Chromium may reuse an
 * id once the history is cleared, so pruning old backups by id alone could delete another file.
 */
export function isBackupFile(record: Pick<BackupRecord, 'filename'>, item: { readonly filename?: string } | undefined): boolean {
  const path = item?.filename ?? '';
  if (path === '') return false;
  if (record.filename !== '') return path === record.filename;
  return /(^|[\\/])commonplace-backup [^\\/]*\.zip$/.test(path);
}

/**
 * The history after a new backup: it goes first, and those beyond `keep` are returned to be
 * deleted from the downloads folder (oldest last). A kept record with the new one's download id
 * but another file is an earlier session's backup (ids are reused), kept like the others.
 */
export function afterBackup(history: BackupHistory, record: BackupRecord, keep: number): { history: BackupHistory; remove: BackupRecord[] } {
  const all = [record, ...history.kept.filter((r) => r.downloadId !== record.downloadId || r.filename !== record.filename)];
  return { history: { kept: all.slice(0, keep), lastAttemptAt: record.at, lastError: null }, remove: all.slice(keep) };
}

/** The history after a failed attempt: the kept backups stay, the failure is shown. */
export function afterFailure(history: BackupHistory, at: number, error: string): BackupHistory {
  return { ...history, lastAttemptAt: at, lastError: error.slice(0, 4_000) };
}

/** What the options page shows of backups: the settings, the backups kept, the last failure, when the next is due. */
export const BackupStateSchema = z.strictObject({
  settings: BackupSettingsSchema,
  history: BackupHistorySchema,
  nextAt: z.nullable(z.number()),
});
export type BackupState = z.infer<typeof BackupStateSchema>;
