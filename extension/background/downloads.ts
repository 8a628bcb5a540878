import { browser } from 'wxt/browser';
import { isBackupFile, type BackupRecord } from '../../src/backup/schedule';
import { AppFailure } from '../../src/util/result';

/** How long a local blob: download may take before it is given up (a 4 GB zip on a slow disk). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** What the browser's download errors mean, and the way out. */
function downloadError(reason: string): string {
  if (/NO_SPACE/i.test(reason)) return 'The disk is full, so the export could not be saved. Free some space, then export again.';
  if (/ACCESS_DENIED|FILE_BLOCKED|SECURITY/i.test(reason)) return `The browser could not write the file (${reason}). Check the downloads folder in the browser's settings, then export again.`;
  if (/TOO_LARGE|NAME_TOO_LONG/i.test(reason)) return `The file could not be saved (${reason}). Export a selection of clips at a time.`;
  return `The download failed (${reason}). Try again; if it keeps failing, check the browser's downloads settings.`;
}

/**
 * Saves a blob: URL into the downloads folder under `filename` (a subfolder is made when
 * named), with no Save As dialog, and resolves once the file is complete on disk, with the path
 * the browser chose. Throws an `AppFailure` with the way out when the download is interrupted.
 */
export async function saveDownload(url: string, filename: string): Promise<{ id: number; filename: string }> {
  const id = await browser.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new AppFailure('internal', 'The download did not finish within 10 minutes. Try again.')), DOWNLOAD_TIMEOUT_MS);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      browser.downloads.onChanged.removeListener(listener);
      if (error) reject(error);
      else resolve();
    };
    const check = async () => {
      const [item] = await browser.downloads.search({ id });
      if (item?.state === 'complete') finish();
      else if (item?.state === 'interrupted') finish(new AppFailure('storage-full', downloadError(item.error ?? 'interrupted')));
    };
    const listener = (delta: { id: number; state?: { current?: string } }) => {
      if (delta.id === id && delta.state?.current) void check();
    };
    browser.downloads.onChanged.addListener(listener);
    void check();
  });
  const [item] = await browser.downloads.search({ id });
  return { id, filename: item?.filename || filename };
}

/**
 * Deletes a backup's file and forgets its download, only when the download is that file
 * (`isBackupFile`: ids are reused); a file the user moved or deleted already is not an error.
 * The download is the one its id names, or else the one the browser lists under its path:
 * Firefox numbers downloads again in each session, so a backup of an earlier one has another id.
 */
export async function deleteBackupDownload(record: BackupRecord): Promise<void> {
  const [item] = await browser.downloads.search({ id: record.downloadId }).catch(() => []);
  const found = item && isBackupFile(record, item) ? [item] : await listedAt(record);
  for (const { id } of found) {
    await browser.downloads.removeFile(id).catch(() => undefined);
    await browser.downloads.erase({ id }).catch(() => undefined);
  }
}

/** The downloads the browser lists under a backup's path (none for a record without one). */
async function listedAt(record: BackupRecord): Promise<Array<{ id: number }>> {
  if (record.filename === '') return [];
  const items = await browser.downloads.search({ filename: record.filename }).catch(() => []);
  return items.filter((d) => isBackupFile(record, d));
}

/** Shows a download in the file manager; false when the browser no longer has it. */
export async function showDownload(id: number): Promise<boolean> {
  const [item] = await browser.downloads.search({ id });
  if (!item || item.state !== 'complete' || item.exists === false) return false;
  browser.downloads.show(id);
  return true;
}
