import { browser } from 'wxt/browser';
import { deleteImportFile, getImportFile } from '../../src/import/file-store';
import { newJob, runJob, type JobDeps } from '../../src/import/job-runner';
import { restoreMedia, type MediaRestored } from '../../src/import/restore-media';
import { IMPORT_JOB_KEY, IMPORT_STATUS_CHANNEL, ImportJobSchema, type ImportJob } from '../../src/import/job-state';
import type { RestoredMedia } from '../../src/import/commonplace';
import type { ImportBatchItem } from '../../src/import/to-capture';
import type { Library } from '../../src/library/library';
import type { ClipId } from '../../src/schema/ids';
import type { ImportOutcome } from '../../src/library/import-entry';
import { AppFailure } from '../../src/util/result';
import { canvasCodec } from '../images/canvas-codec';
import { extractHtml } from './capture';
import { sanitizeArticle } from './sanitize-article';
import { fetchAfterImport } from './link-fetch-job';
import { services } from './services';

/**
 * The background's import job (src/import/job-runner.ts wired to this browser): the uploaded
 * file from IndexedDB (src/import/file-store.ts), the library's `importBatch`, the job record
 * in storage.local (`IMPORT_JOB_KEY`) broadcast on `IMPORT_STATUS_CHANNEL`. One job at a time
 * (a refused start's upload is deleted); a job left 'running' by a stopped background is resumed
 * by `resumeImport` on the next start. A batch refused because the user joined another library
 * meanwhile goes into the joined one (`importIntoCurrent`), and so do the images of clips a batch
 * wrote just before the join (`restoreIntoCurrent`).
 */

/** The import running (or being started: a start claims it before its first await), to its end. */
let active: Promise<ImportJob> | null = null;
/** The job `active` runs, once chosen and recorded (null if its start failed). */
let activeJob: Promise<ImportJob | null> = Promise.resolve(null);
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

/** How long a batch refused by a library a join retired waits for the background to serve the joined one (its start). */
const SWITCH_WAIT_MS = 60_000;

/**
 * `importBatch` on the background's library. A join retires the library it replaces: a batch
 * queued behind the join is refused there (`interrupted`, nothing written) and goes into the
 * library that took its place once the background serves it (or, if the switch failed, the
 * library opened again). The job's cursor has not moved, so nothing is written twice or lost,
 * and the batches written before are in the joined library (the join merged them).
 */
async function importIntoCurrent(items: readonly ImportBatchItem[]): Promise<ImportOutcome[]> {
  const { library } = await services();
  try {
    return await library.importBatch(items);
  } catch (e) {
    if (!(e instanceof AppFailure && e.code === 'interrupted')) throw e;
    const next = await replacementOf(library);
    if (!next) throw e;
    return next.importBatch(items);
  }
}

/**
 * `restoreMedia` on the background's library, with the same hand-over: a join landing between a
 * batch and its clips' images retires the library the batch was written to (the images are
 * refused there, `interrupted`), and the join merged those clips into the library that took its
 * place: the images go there, as what the clips lack (`onlyMissing`: what was attached before the
 * join came with it). If no library takes over, the refusal is the job's to report.
 */
async function restoreIntoCurrent(clipId: ClipId, media: RestoredMedia, onlyMissing: boolean): Promise<MediaRestored> {
  const { library } = await services();
  const done = await restoreMedia(library, clipId, media, onlyMissing);
  if (done.error?.code !== 'interrupted') return done;
  const next = await replacementOf(library);
  if (!next) return done;
  const rest = await restoreMedia(next, clipId, media, true);
  return { images: done.images + rest.images, snapshot: done.snapshot || rest.snapshot, error: rest.error, ...(rest.alreadyHad ? { alreadyHad: true } : {}) };
}

/** The library the background serves once it is no longer `old`, or null if that takes over `SWITCH_WAIT_MS`. */
async function replacementOf(old: Library): Promise<Library | null> {
  const until = Date.now() + SWITCH_WAIT_MS;
  for (;;) {
    const { library } = await services();
    if (library !== old) return library;
    if (Date.now() > until) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const deps: JobDeps = {
  readFile: (id) => getImportFile(indexedDB, id),
  deleteFile: (id) => deleteImportFile(indexedDB, id),
  save: saveJob,
  importBatch: importIntoCurrent,
  extract: extractHtml,
  sanitize: sanitizeArticle,
  sanitizeSvg: (svg) => canvasCodec.sanitizeSvg(svg),
  restoreMedia: restoreIntoCurrent,
  restoreViews: async (views) => (await services()).library.views.restore(views),
  yieldTurn: () => new Promise((resolve) => setTimeout(resolve, 0)),
  now: () => Date.now(),
};

/**
 * Runs `job` (or the job it resolves to, once chosen and recorded) as `active`, which is set at
 * once: a start claims it before its first await.
 */
function run(job: ImportJob | Promise<ImportJob>): Promise<ImportJob> {
  const chosen = Promise.resolve(job);
  const running = chosen.then((j) => runJob(j, deps)).finally(() => {
    if (active === running) active = null;
  });
  // The user opted in: the links it saved without their article are fetched next.
  void running.then((end) => (end.state === 'done' && end.imported > 0 ? fetchAfterImport() : undefined)).catch(() => undefined);
  active = running;
  activeJob = chosen.catch(() => null);
  return running;
}

/** Resumes a job a stopped background left running (called once the library is open). */
export async function resumeImport(): Promise<void> {
  if (active) return;
  const job = await readJob();
  if (job?.state === 'running' && !active) void run(job);
}

/**
 * Starts importing the stored upload `fileId`; refuses while another import runs. The job is
 * claimed (`active`) before the first await, as export-job.ts does, so a second start at the
 * same moment is refused. A job a stopped background left running goes on instead of this one.
 */
export async function startImport(fileId: string, name: string): Promise<ImportJob> {
  if (active) return refuse(fileId);
  const job = newJob(fileId, name.slice(0, 1_000), Date.now());
  const chosen = (async () => {
    await services();
    const last = await readJob();
    if (last?.state === 'running') return last;
    await saveJob(job);
    return job;
  })();
  void run(chosen);
  return (await chosen) === job ? job : refuse(fileId);
}

/**
 * A start while another job runs: answers that job if it is this upload's (a start sent twice),
 * else deletes the upload (no job names it, so nothing else ever would) and refuses.
 */
async function refuse(fileId: string): Promise<ImportJob> {
  const running = await activeJob;
  if (running?.id === fileId) return (await readJob()) ?? running;
  try {
    await deps.deleteFile(fileId);
  } catch {
    // Left in the file store; the refusal is still this call's answer.
  }
  throw new AppFailure('bad-request', 'Another import is still running. Wait for it to finish, then import this file.');
}

/** The current or last job, for a page that just opened. */
export async function importStatus(): Promise<ImportJob | null> {
  await resumeImport();
  return readJob();
}
