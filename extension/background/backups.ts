import { browser } from 'wxt/browser';
import {
  afterBackup,
  afterFailure,
  BACKUP_HISTORY_KEY,
  BACKUP_SETTINGS_KEY,
  backupDue,
  BackupHistorySchema,
  BackupSettingsSchema,
  DEFAULT_BACKUP_SETTINGS,
  EMPTY_HISTORY,
  nextBackupAt,
  type BackupHistory,
  type BackupSettings,
  type BackupState,
} from '../../src/backup/schedule';
import type { ExportJob } from '../../src/backup/export-job';
import { deleteBackupDownload } from './downloads';
import { startExport } from './export-job';

/**
 * Scheduled backups (src/backup/schedule.ts): an hourly alarm, and the background's start,
 * check whether one is due; a due backup is a whole-library export job into the downloads
 * folder's "Commonplace backups", after which backups beyond the number kept are deleted. A
 * failed one is shown in the options page and retried an hour later.
 */

export const BACKUP_ALARM = 'commonplace-backup';

async function readSettings(): Promise<BackupSettings> {
  const parsed = BackupSettingsSchema.safeParse((await browser.storage.local.get(BACKUP_SETTINGS_KEY))[BACKUP_SETTINGS_KEY]);
  return parsed.success ? parsed.data : DEFAULT_BACKUP_SETTINGS;
}

async function readHistory(): Promise<BackupHistory> {
  const parsed = BackupHistorySchema.safeParse((await browser.storage.local.get(BACKUP_HISTORY_KEY))[BACKUP_HISTORY_KEY]);
  return parsed.success ? parsed.data : EMPTY_HISTORY;
}

/** The schedule as the options page shows it. */
export async function backupState(): Promise<BackupState> {
  const [settings, history] = await Promise.all([readSettings(), readHistory()]);
  return { settings, history, nextAt: nextBackupAt(settings, history) };
}

/** The alarm exists exactly while backups are on (Firefox forgets alarms at a browser restart, so this runs at every start). */
export async function syncBackupAlarm(): Promise<void> {
  const { enabled } = await readSettings();
  const has = await browser.alarms.get(BACKUP_ALARM);
  if (enabled && !has) await browser.alarms.create(BACKUP_ALARM, { delayInMinutes: 1, periodInMinutes: 60 });
  if (!enabled && has) await browser.alarms.clear(BACKUP_ALARM);
}

let running: Promise<ExportJob | null> | null = null;

/** Records a finished backup job in the history, and deletes the backups beyond `keep`. */
async function recordBackup(job: ExportJob): Promise<void> {
  const [settings, history] = await Promise.all([readSettings(), readHistory()]);
  if (job.state === 'done' && job.downloadId !== undefined) {
    const record = { downloadId: job.downloadId, filename: job.filename ?? '', at: job.endedAt ?? Date.now(), bytes: job.bytes ?? 0, clips: job.total };
    const next = afterBackup(history, record, settings.keep);
    await browser.storage.local.set({ [BACKUP_HISTORY_KEY]: next.history });
    for (const old of next.remove) await deleteBackupDownload(old);
  } else {
    await browser.storage.local.set({ [BACKUP_HISTORY_KEY]: afterFailure(history, job.endedAt ?? Date.now(), job.error ?? 'The backup failed.') });
  }
}

/** Runs a backup now (the options page's "Back up now", or a due one); resolves with the started job. */
export async function backupNow(): Promise<ExportJob> {
  const { job, finished } = await startExport('backup', { kind: 'all' });
  running = finished.then(async (end) => {
    await recordBackup(end);
    return end;
  });
  void running.finally(() => (running = null));
  return job;
}

/** Starts a backup when one is due and no export is running (another export just postpones it to the next alarm). */
export async function maybeBackup(): Promise<void> {
  if (running) return;
  const [settings, history] = await Promise.all([readSettings(), readHistory()]);
  if (!backupDue(settings, history, Date.now())) return;
  await backupNow().catch(() => undefined);
}

/** Saves new settings, sets the alarm to match, and starts a backup if one is due now. */
export async function setBackupSettings(settings: BackupSettings): Promise<BackupState> {
  await browser.storage.local.set({ [BACKUP_SETTINGS_KEY]: settings });
  await syncBackupAlarm();
  await maybeBackup();
  return backupState();
}
