import { z } from '../schema/zod';

/**
 * The state of an import job, as the background records it (browser.storage.local, key
 * `IMPORT_JOB_KEY`) after every durable batch, answers it (`importStatus`) and broadcasts it
 * (`IMPORT_STATUS_CHANNEL`). `done` is the resume cursor: how many of the session's events are
 * durably handled (see README.md, "The resume contract").
 */

/** The BroadcastChannel the background posts every job state on. */
export const IMPORT_STATUS_CHANNEL = 'commonplace-import-status';
/** The storage.local key of the current (or last) job. */
export const IMPORT_JOB_KEY = 'importJob';
/** Most failures listed in a job record; the rest are only counted (`failedCount`). */
export const MAX_LISTED_FAILURES = 200;
/** Events written per `importBatch` call (one durable batch). */
export const IMPORT_BATCH_SIZE = 200;

/** One item that could not be imported: where it was in the file, and why. */
export const ImportFailureSchema = z.strictObject({ source: z.string().check(z.maxLength(2_000)), reason: z.string().check(z.maxLength(4_000)) });
export type ImportFailure = z.infer<typeof ImportFailureSchema>;

/** The job's state: running (resumed after a restart), done, or failed as a whole (`error`). */
export const ImportJobStateSchema = z.enum(['running', 'done', 'failed']);

/** One import job's record. */
export const ImportJobSchema = z.strictObject({
  id: z.string().check(z.maxLength(64)),
  /** The uploaded file's name (shown; never a path). */
  name: z.string().check(z.maxLength(1_000)),
  /** `detectFormat`'s answer, '' before it is known. */
  format: z.string().check(z.maxLength(40)),
  /** The session's fingerprint; '' before the file is opened. */
  fingerprint: z.string().check(z.maxLength(100)),
  /** The session's `now`, passed back on resume. */
  now: z.number(),
  /** The session's estimate of events (the progress bar's max). */
  total: z.int().check(z.gte(0)),
  /** Events durably handled: the resume cursor. */
  done: z.int().check(z.gte(0)),
  imported: z.int().check(z.gte(0)),
  /** Items whose page the library (or the file, before) held: merged into that clip, not added. */
  duplicates: z.int().check(z.gte(0)),
  /**
   * Items whose page the library held with only an importer's stand-in article, which the item's
   * real article replaced (`ImportOutcome` 'filled'): reported as such, not as duplicates.
   * Optional: a record written before it was counted (stored, or broadcast by an older
   * background) reads as none.
   */
  filledIn: z.optional(z.int().check(z.gte(0))),
  /** The first `MAX_LISTED_FAILURES` failures. */
  failed: z.array(ImportFailureSchema).check(z.maxLength(MAX_LISTED_FAILURES)),
  /** Every failure, listed or not. */
  failedCount: z.int().check(z.gte(0)),
  state: ImportJobStateSchema,
  /** Why the whole job failed (a file that could not be read). */
  error: z.optional(z.string().check(z.maxLength(4_000))),
  startedAt: z.number(),
  /** When it ended (done or failed). */
  endedAt: z.optional(z.number()),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;
