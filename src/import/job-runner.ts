import type { ImportOutcome } from '../library/import-entry';
import { toAppError, type Result } from '../util/result';
import type { ExportClip } from '../export/types';
import type { ClipId } from '../schema/ids';
import type { RestoredView } from '../library/saved-views';
import { MAX_SAVED_VIEWS } from '../schema/plain-values';
import { openCommonplace, type RestoredMedia, type RestoreEvent } from './commonplace';
import { detectFormat } from './detect';
import type { StoredImportFile } from './file-store';
import { openImport } from './import';
import { IMPORT_BATCH_SIZE, MAX_LISTED_FAILURES, type ImportJob } from './job-state';
import { imagesLeftWords, type SanitizeSvg } from './restore-images';
import { restoreItem, type SanitizeArticle } from './restore-item';
import type { MediaRestored } from './restore-media';
import { rowClipId } from './row-id';
import { tagsLeftOutWords } from './clean';
import { batchItemOf, linkPage, toBatchItem, type ExtractHtml, type ImportBatchItem } from './to-capture';
import type { ImportEvent, ImportFormat } from './types';

/**
 * The import job, with everything the browser provides passed in (`JobDeps`): the uploaded
 * file, the library's one durable write (`importBatch`), the job record's storage. The
 * background (extension/background/import-job.ts) wires it; unit tests drive it with fakes.
 *
 * Resume contract: the record is saved after every durable batch and only then does `done`
 * (the session's event cursor) advance, so a job killed anywhere resumes at `done` with the
 * same `now` and writes nothing twice (a batch cut short was never committed).
 */

/** What the job runner needs from its context. */
export interface JobDeps {
  readFile(id: string): Promise<StoredImportFile | null>;
  deleteFile(id: string): Promise<void>;
  /** Records the job (durably) and tells the pages. */
  save(job: ImportJob): Promise<void>;
  /** `Library.importBatch`: all or nothing, one outcome per item. */
  importBatch(items: readonly ImportBatchItem[]): Promise<ImportOutcome[]>;
  extract: ExtractHtml;
  /** The capture sanitiser over stored HTML: a Commonplace export's articles go through it (absent: such an import fails, saying so). */
  sanitize?: SanitizeArticle;
  /** The capture's SVG sanitiser (`ImageCodec.sanitizeSvg`): a Commonplace export's SVG images go through it (absent: they are refused, never stored as the zip has them). */
  sanitizeSvg?: SanitizeSvg;
  /**
   * Stores a restored clip's images and snapshot (`restoreMedia`), after the batch that restored
   * it is durable; `onlyMissing` when the clip was there already. Absent: they are not restored.
   * A refusal comes back as `error` and is reported as that clip's failure (never dropped); a
   * throw (a stopped background) ends the job, which resumes and restores what the clips lack.
   */
  restoreMedia?(clipId: ClipId, media: RestoredMedia, onlyMissing: boolean): Promise<MediaRestored>;
  /**
   * Adds a restored export's saved views to the library (`SavedViews.restore`: those it holds
   * stay as they are), once every clip is in; resolves with the names of those left out for want
   * of room. Absent: views are not restored. A throw ends the job, which resumes and adds them.
   */
  restoreViews?(views: readonly RestoredView[]): Promise<{ added: number; leftOut: readonly string[] }>;
  /** Lets other work run between batches (a macrotask). */
  yieldTurn(): Promise<void>;
  now(): number;
}

/** A new job for an uploaded file, not started. */
export function newJob(id: string, name: string, now: number): ImportJob {
  return { id, name, format: '', fingerprint: '', now, total: 0, done: 0, imported: 0, duplicates: 0, filledIn: 0, failed: [], failedCount: 0, state: 'running', startedAt: now };
}

/** Adds a failure: listed while the list is short, always counted. */
function addFailure(job: ImportJob, source: string, reason: string): ImportJob {
  const failed = job.failed.length < MAX_LISTED_FAILURES ? [...job.failed, { source: source.slice(0, 2_000), reason: reason.slice(0, 4_000) }] : job.failed;
  return { ...job, failed, failedCount: job.failedCount + 1 };
}

/** An event of either session: a file of another service's (`openImport`) or a Commonplace export (`openCommonplace`). */
type JobEvent = ImportEvent | RestoreEvent;

/** An opened file, whatever its format: the runner reads every format's events the same way. */
interface JobSession {
  readonly format: ImportFormat;
  readonly total: number;
  readonly fingerprint: string;
  events(from: number): Iterable<JobEvent> | AsyncIterable<JobEvent>;
  /** A restored clip's images and snapshot (a Commonplace export's session only). */
  media?(clip: ExportClip): Promise<RestoredMedia>;
  /** The library's saved views (a Commonplace export's session only). */
  views?(): Promise<readonly RestoredView[]>;
}

const VIEWS_FULL = `This saved view was not restored: your library already keeps the most saved views it can (${MAX_SAVED_VIEWS}). Delete some views, then import this file again: only what your library lacks is added.`;

const NO_SANITIZER = 'Commonplace exports cannot be imported here: this context has no sanitiser for their articles.';

/** Opens the stored file as its format's session. */
async function openSession(format: ImportFormat, job: ImportJob, bytes: Uint8Array, deps: JobDeps): Promise<Result<JobSession>> {
  if (format !== 'commonplace') return openImport(format, bytes, { now: job.now, fileName: job.name });
  if (!deps.sanitize) return { ok: false, error: { code: 'internal', message: NO_SANITIZER } };
  return openCommonplace(bytes, { now: job.now, fileName: job.name, ...(deps.sanitizeSvg ? { sanitizeSvg: deps.sanitizeSvg } : {}) });
}

/** What a batch of events does to the job, once `importBatch` has written its items. */
async function writeBatch(job: ImportJob, events: readonly JobEvent[], session: JobSession, deps: JobDeps): Promise<ImportJob> {
  const format = session.format;
  const items: ImportBatchItem[] = [];
  /** Per item, the id it is written with when new (a row's own, `rowClipId`), or null (a restored clip keeps the export's). */
  const ownIds: Array<ClipId | null> = [];
  const sources: string[] = [];
  const clips: Array<ExportClip | null> = [];
  /** Per item, what of it the file holds and is not imported (`lost`, and what the write left out), told as a failure once the item is written. */
  const partial: string[][] = [];
  let next = job;
  for (const e of events) {
    if (e.kind === 'failed') next = addFailure(next, e.source, e.reason);
    else if (e.kind === 'duplicate') {
      // The file listed its page before (a bookmark in two folders): its tags and highlights join that page's clip.
      items.push({ ...batchItemOf(e.item, linkPage(e.item, format)), mergeOnly: true });
      ownIds.push(null);
      sources.push(e.source);
      clips.push(null);
      partial.push([...(e.lost ?? [])]);
    }
    else if (e.kind === 'clip') {
      const lost: string[] = [];
      const restored = deps.sanitize ? await restoreItem(e.clip, deps.sanitize, (why) => lost.push(why), e.page) : null;
      if (!restored?.ok) next = addFailure(next, e.source, restored ? restored.error.message : NO_SANITIZER);
      else {
        items.push(restored.value);
        ownIds.push(null);
        sources.push(e.source);
        clips.push(e.clip);
        partial.push(lost);
      }
    } else {
      const id = await rowClipId(job.id, e.index);
      items.push({ ...(await toBatchItem(e.item, format, deps.extract)), id });
      ownIds.push(id);
      sources.push(e.source);
      clips.push(null);
      partial.push([...(e.lost ?? [])]);
    }
  }
  const outcomes = items.length > 0 ? await deps.importBatch(items) : [];
  const notRestored = await restoreBatchMedia(outcomes, clips, session, deps, partial);
  outcomes.forEach((o, i) => {
    if (o.kind === 'failed') next = addFailure(next, sources[i] ?? '', o.reason);
    // A "duplicate" of the row's own id is this job's write of the same row, before a restart.
    else if (o.kind === 'imported' || (o.clip !== undefined && o.clip === ownIds[i])) next = { ...next, imported: next.imported + 1 };
    // A clip saved before with only a stand-in got this item's article: not skipped, so not a duplicate.
    else if (o.kind === 'filled') next = { ...next, filledIn: (next.filledIn ?? 0) + 1 };
    else next = { ...next, duplicates: next.duplicates + 1 };
    const lost = notRestored.get(i);
    if (lost) next = addFailure(next, sources[i] ?? '', lost);
    // The clip of its page had no room for all its tags (a merge): left out, and said, as a new item's tags past the limit are.
    if (o.kind !== 'failed' && o.tagsLeftOut) partial[i]?.push(tagsLeftOutWords(o.tagsLeftOut));
    const left = o.kind === 'failed' ? '' : leftBehind(partial[i]);
    if (left) next = addFailure(next, sources[i] ?? '', left);
  });
  return { ...next, done: job.done + events.length, total: Math.max(next.total, job.done + events.length) };
}

/**
 * The images and snapshots of a batch's restored clips, one clip at a time, once the batch is
 * durable: into each clip restored, and into a clip that was there with the same id (this import
 * resumed after its batch was written, or the same export again) when it lacks them. A clip
 * merged into another of the library's (the same page saved there) keeps the library's own.
 * Returns, by item, why a clip's images or snapshot were not restored (its text was), with the
 * way out: the job lists it among the failures, so nothing is lost without a word. Images the
 * check refused (`RestoredMedia.refused`) are added to the item's `partial` (what it left behind).
 */
async function restoreBatchMedia(outcomes: readonly ImportOutcome[], clips: ReadonlyArray<ExportClip | null>, session: JobSession, deps: JobDeps, partial: string[][]): Promise<Map<number, string>> {
  const notRestored = new Map<number, string>();
  if (!deps.restoreMedia || !session.media) return notRestored;
  for (const [i, o] of outcomes.entries()) {
    const clip = clips[i];
    if (!clip?.media || clip.html === null || o.kind === 'failed' || !o.clip) continue;
    // A clip that was there (a duplicate, or one whose stand-in this clip's article filled in) gets them only when it is this clip.
    if (o.kind !== 'imported' && o.clip !== clip.id) continue;
    const media = await session.media(clip);
    const done = await deps.restoreMedia(o.clip, media, o.kind !== 'imported');
    if (done.error) notRestored.set(i, mediaNotRestored(media, done));
    // Part of it is in a damaged media document of the zip: said, with the way out (nothing was recorded for it, so the intact file adds it).
    else if (media.damaged) notRestored.set(i, mediaDamaged(media.damaged));
    // Images whose bytes failed the check (`checkedImages`): the clip is imported without them, and the report says so,
    // unless the clip had them recorded already (the same export again): that refusal was reported then, and nothing changed.
    else if (media.refused && !done.alreadyHad) partial[i]?.push(imagesLeftWords(media.refused.count, media.refused.reason));
  }
  return notRestored;
}

/** The failure listed for an item imported without part of what the file holds of it (its `lost`), or '' when nothing was left behind. */
function leftBehind(lost: readonly string[] | undefined): string {
  return lost && lost.length > 0 ? `Part of it was not imported. ${lost.join(' ')}` : '';
}

/** The failure listed for a clip imported without (part of) its media: what is missing, why, and the way out. */
function mediaNotRestored(media: RestoredMedia, done: MediaRestored): string {
  const what = done.images > 0 || media.images.length === 0 ? 'its full-page snapshot' : media.snapshot ? 'its saved images and full-page snapshot' : 'its saved images';
  const joined = done.error?.code === 'interrupted';
  const why = joined ? 'this browser joined another library while they were being written' : (done.error?.message ?? '').replace(/[.!?\s]+$/, '');
  return `Its text was imported, but ${what} could not be restored (${why}). Import this file again to add them: what is imported already is kept, and only what its clips lack is added.`;
}

/** The failure listed for a clip whose images or snapshot are in a damaged media document of the zip. */
function mediaDamaged(d: NonNullable<RestoredMedia['damaged']>): string {
  const what = d.images && d.snapshot ? 'its saved images and full-page snapshot' : d.images ? 'its saved images' : 'its full-page snapshot';
  return `Its text was imported, but ${what} could not be read from the export: ${d.why}. Download the export again (or use another backup) and import it: what is imported already is kept, and only what its clips lack is added.`;
}

/**
 * Runs (or resumes, from `job.done`) one job to its end and returns its final record (also
 * saved). Never throws: a file that cannot be read or a write that fails ends the job as
 * 'failed' with the reason; what was written before stays. The stored file is deleted at the end.
 */
export async function runJob(start: ImportJob, deps: JobDeps): Promise<ImportJob> {
  let job = start;
  const end = async (patch: Partial<ImportJob>): Promise<ImportJob> => {
    job = { ...job, ...patch, endedAt: deps.now() };
    await deps.save(job).catch(() => undefined);
    await deps.deleteFile(job.id).catch(() => undefined);
    return job;
  };
  try {
    const file = await deps.readFile(job.id);
    if (!file) return await end({ state: 'failed', error: 'The uploaded file is no longer stored (it may have been cleared). Choose the file again.' });
    const detected = job.format !== '' ? { ok: true as const, value: job.format as ImportFormat } : detectFormat(job.name, file.bytes);
    if (!detected.ok) return await end({ state: 'failed', error: detected.error.message });
    const opened = await openSession(detected.value, job, file.bytes, deps);
    if (!opened.ok) return await end({ state: 'failed', format: detected.value, error: opened.error.message });
    const session = opened.value;
    if (job.fingerprint !== '' && job.fingerprint !== session.fingerprint) job = { ...newJob(job.id, job.name, job.now), startedAt: job.startedAt };
    job = { ...job, format: session.format, fingerprint: session.fingerprint, total: Math.max(session.total, job.done) };
    await deps.save(job);
    let batch: JobEvent[] = [];
    for await (const event of session.events(job.done)) {
      batch.push(event);
      if (batch.length < IMPORT_BATCH_SIZE) continue;
      job = await writeBatch(job, batch, session, deps);
      batch = [];
      await deps.save(job);
      await deps.yieldTurn();
    }
    if (batch.length > 0) job = await writeBatch(job, batch, session, deps);
    // The library's saved views, once its clips are in (idempotent: a resumed job adds only those the library lacks).
    if (session.views && deps.restoreViews) {
      const views = await session.views();
      const { leftOut } = views.length > 0 ? await deps.restoreViews(views) : { leftOut: [] };
      for (const name of leftOut) job = addFailure(job, `Saved view “${name}”`, VIEWS_FULL);
    }
    return await end({ state: 'done', total: job.done });
  } catch (e) {
    return await end({ state: 'failed', error: stoppedBecause(e) });
  }
}

/**
 * Why a job stopped part-way, for the person, with the way out: what was imported is kept, and
 * importing the same file again adds the rest (what the library holds is skipped, not doubled).
 * A full disk (a raw `QuotaExceededError` from storage included) says to free space first.
 */
function stoppedBecause(e: unknown): string {
  const error = toAppError(e);
  if (error.code === 'storage-full') {
    return 'The import stopped: the browser has no room left for Commonplace. What was imported before this is kept. Free some disk space on this device (deleting clips frees nothing), then import this file again: what is already in your library is skipped, not added twice.';
  }
  const why = error.message.trim() || 'an unexpected error';
  return `The import stopped: ${why}${/[.!?]$/.test(why) ? '' : '.'} What was imported before this is kept; import this file again to add the rest (what is already in your library is skipped, not added twice).`;
}
