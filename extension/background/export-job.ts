import { browser } from 'wxt/browser';
import { EXPORT_JOB_KEY, EXPORT_STATUS_CHANNEL, ExportJobSchema, interrupted, newExportJob, type ExportJob, type ExportScope } from '../../src/backup/export-job';
import { exportFileName } from '../../src/backup/schedule';
import type { Library } from '../../src/library/library';
import { toBase64 } from '../../src/util/base64';
import { AppFailure, toAppError } from '../../src/util/result';
import { exportToBlob } from '../export-blob';
import { offscreen } from '../messaging';
import { saveDownload } from './downloads';
import { ensureOffscreen, unwrap } from './offscreen-doc';
import { services } from './services';

/**
 * The background's export jobs (manual, from the options page, and scheduled backups): the zip
 * is written where there is a DOM — this background page in Firefox, the offscreen document in
 * Chromium, reading the library's documents one at a time through `exportDocument` — then saved
 * with `downloads.download` and its Blob released. One export at a time. The job record lives in
 * storage.local (`EXPORT_JOB_KEY`, saved at most every 2 s, which also keeps the background
 * awake) and every state is broadcast on `EXPORT_STATUS_CHANNEL`.
 */

let active: Promise<ExportJob> | null = null;
let latest: ExportJob | null = null;
let channel: BroadcastChannel | null = null;
let savedAt = 0;

function openChannel(): BroadcastChannel | null {
  try {
    if (!channel) {
      channel = new BroadcastChannel(EXPORT_STATUS_CHANNEL);
      // The offscreen document posts progress here: keep the newest, for pages that open later.
      channel.onmessage = (e: MessageEvent) => {
        const parsed = ExportJobSchema.safeParse(e.data);
        if (parsed.success && parsed.data.id === latest?.id && latest.state === 'running') void record(parsed.data, false);
      };
    }
    return channel;
  } catch {
    return null;
  }
}

/** Keeps `job` as the latest; stores it (always when it ended, else at most every 2 s) and broadcasts it unless it came from the channel. */
async function record(job: ExportJob, broadcast = true): Promise<void> {
  latest = job;
  if (broadcast) openChannel()?.postMessage(job);
  const now = Date.now();
  if (job.state !== 'running' || now - savedAt >= 2_000 || job.phase === 'starting') {
    savedAt = now;
    await browser.storage.local.set({ [EXPORT_JOB_KEY]: job });
  }
}

async function storedJob(): Promise<ExportJob | null> {
  const parsed = ExportJobSchema.safeParse((await browser.storage.local.get(EXPORT_JOB_KEY))[EXPORT_JOB_KEY]);
  return parsed.success ? parsed.data : null;
}

/**
 * The library's document `url` as base64 (the `exportDocument` call), or null when it is not one
 * of them, or is another device's images and snapshots on a text-only device (never fetched for an export).
 */
export async function exportDocument(url: string): Promise<string | null> {
  const bytes = await keptBytes((await services()).library, url);
  return bytes === null ? null : toBase64(bytes);
}

/** `library.documentBytes`, but null for a media document this device does not keep (text only). */
function keptBytes(library: Library, url: string): Promise<Uint8Array | null> {
  return library.media.keeps(url) ? library.documentBytes(url) : Promise.resolve(null);
}

/** Writes the zip where there is a DOM; answers its blob: URL and how to release it. */
async function writeZip(job: ExportJob, rootUrl: string): Promise<{ blobUrl: string; bytes: number; clips: number; release: () => Promise<unknown> }> {
  if (typeof DOMParser !== 'undefined' && typeof URL.createObjectURL === 'function') {
    const { library } = await services();
    const { blob, clips } = await exportToBlob(job, rootUrl, (url) => keptBytes(library, url), (j) => void record(j));
    const blobUrl = URL.createObjectURL(blob);
    return { blobUrl, bytes: blob.size, clips, release: async () => URL.revokeObjectURL(blobUrl) };
  }
  await ensureOffscreen();
  const made = unwrap(await offscreen('runExport', { job, rootUrl }));
  return { ...made, release: () => offscreen('releaseExport', { blobUrl: made.blobUrl }) };
}

/** Runs one export to its end; never throws (a failure is the job's `error`). */
async function run(job: ExportJob): Promise<ExportJob> {
  try {
    const { library } = await services();
    await library.settled();
    const zip = await writeZip(job, library.url);
    await record({ ...job, ...(latest?.id === job.id ? { done: latest.done, total: latest.total } : {}), phase: 'saving' });
    try {
      const saved = await saveDownload(zip.blobUrl, exportFileName(job.kind, Date.now()));
      const done: ExportJob = { ...job, state: 'done', phase: 'done', done: zip.clips, total: zip.clips, endedAt: Date.now(), bytes: zip.bytes, filename: saved.filename, downloadId: saved.id };
      await record(done);
      return done;
    } finally {
      await zip.release().catch(() => undefined);
    }
  } catch (e) {
    const failed: ExportJob = { ...(latest?.id === job.id ? latest : job), state: 'failed', endedAt: Date.now(), error: toAppError(e).message };
    await record(failed).catch(() => undefined);
    return failed;
  }
}

/** The current or last export; a record left 'running' by a stopped background is marked interrupted. */
export async function exportStatus(): Promise<ExportJob | null> {
  if (active && latest) return latest;
  const job = latest ?? (await storedJob());
  if (job?.state === 'running' && !active) {
    const stopped = interrupted(job, Date.now());
    await record(stopped);
    return stopped;
  }
  return job;
}

/**
 * Starts an export of `scope`; refuses while another runs. Resolves with the running job once
 * its record is stored; `finished` with its end. The job is claimed (`active`, `latest`) before
 * the first await, so a second start at the same moment is refused and an `exportStatus` asked
 * meanwhile sees it running, never as one a stopped background left behind.
 */
export async function startExport(kind: ExportJob['kind'], scope: ExportScope): Promise<{ job: ExportJob; finished: Promise<ExportJob> }> {
  await services();
  if (active) throw new AppFailure('bad-request', 'An export is already running. Wait for it to finish, then start this one.');
  const job = newExportJob(kind, scope, Date.now(), crypto.randomUUID());
  const stored = record(job);
  const finished: Promise<ExportJob> = stored.then(() => run(job)).finally(() => {
    if (active === finished) active = null;
  });
  active = finished;
  // A record that could not be stored is this call's error; `finished` then rejects with it too.
  finished.catch(() => undefined);
  await stored;
  return { job, finished };
}
