import { browser } from 'wxt/browser';
import { deleteImportFile, getImportFile } from '../../src/import/file-store';
import { newJob, runJob, type JobDeps } from '../../src/import/job-runner';
import { restoreMedia } from '../../src/import/restore-media';
import { IMPORT_JOB_KEY, IMPORT_STATUS_CHANNEL, ImportJobSchema, type ImportJob } from '../../src/import/job-state';
import { AppFailure } from '../../src/util/result';
import { extractHtml } from './capture';
import { sanitizeArticle } from './sanitize-article';
import { fetchAfterImport } from './link-fetch-job';
import { services } from './services';

/**
 * The background's import job (src/import/job-runner.ts wired to this browser): the uploaded
 * file from IndexedDB (src/import/file-store.ts), the library's `importBatch`, the job record
 * in storage.local (`IMPORT_JOB_KEY`) broadcast on `IMPORT_STATUS_CHANNEL`. One job at a time;
 * a job left 'running' by a stopped background is resumed by `resumeImport` on the next start.
 */

let active: Promise<ImportJob> | null = null;
let channel: BroadcastChannel | null = null;

/** The recorded job (current or last), or null (none, or a record this build cannot read). */
async function readJob(): Promise<ImportJob | null> {
  const raw = (await browser.storage.local.get(IMPORT_JOB_KEY))[IMPORT_JOB_KEY];
  const parsed = ImportJobSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

async function saveJob(job: ImportJob): Promise<void> {
  await browser.storage.local.set({ [IMPORT_JOB_KEY]: job });
  try {
    channel ??= new BroadcastChannel(IMPORT_STATUS_CHANNEL);
    channel.postMessage(job);
  } catch {
    // No page listens, or the channel is gone: `importStatus` answers instead.
  }
}

const deps: JobDeps = {
  readFile: (id) => getImportFile(indexedDB, id),
  deleteFile: (id) => deleteImportFile(indexedDB, id),
  save: saveJob,
  importBatch: async (items) => (await services()).library.importBatch(items),
  extract: extractHtml,
  sanitize: sanitizeArticle,
  restoreMedia: async (clipId, media, onlyMissing) => restoreMedia((await services()).library, clipId, media, onlyMissing),
  yieldTurn: () => new Promise((resolve) => setTimeout(resolve, 0)),
  now: () => Date.now(),
};

function run(job: ImportJob): Promise<ImportJob> {
  const running = runJob(job, deps).finally(() => {
    if (active === running) active = null;
  });
  // The user opted in: the links it saved without their article are fetched next.
  void running.then((end) => (end.state === 'done' && end.imported > 0 ? fetchAfterImport() : undefined)).catch(() => undefined);
  active = running;
  return running;
}

/** Resumes a job a stopped background left running (called once the library is open). */
export async function resumeImport(): Promise<void> {
  if (active) return;
  const job = await readJob();
  if (job?.state === 'running' && !active) void run(job);
}

/** Starts importing the stored upload `fileId`; refuses while another import runs. */
export async function startImport(fileId: string, name: string): Promise<ImportJob> {
  await services();
  const last = await readJob();
  if (active || last?.state === 'running') {
    if (last?.id === fileId) return last;
    await resumeImport();
    throw new AppFailure('bad-request', 'Another import is still running. Wait for it to finish, then import this file.');
  }
  const job = newJob(fileId, name.slice(0, 1_000), Date.now());
  await saveJob(job);
  void run(job);
  return job;
}

/** The current or last job, for a page that just opened. */
export async function importStatus(): Promise<ImportJob | null> {
  await resumeImport();
  return readJob();
}
