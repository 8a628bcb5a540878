import type { ClipMeta } from '../export/types';
import { z } from '../schema/zod';
import { MAX_TAG_CHARS, storedTagKey } from '../library/tags';
import { localIso } from '../util/dates';

/**
 * An export of the library to a zip in the downloads folder, asked for in the options page
 * ('manual') or by the backup schedule ('backup'). The background keeps the job's record in
 * storage.local (`EXPORT_JOB_KEY`) and whoever writes the zip broadcasts it on
 * `EXPORT_STATUS_CHANNEL` as it goes. An export only reads the library, so an export stopped
 * half-way (a closed browser) loses nothing: it is marked failed and can be started again.
 */

/** The BroadcastChannel every export job state is posted on. */
export const EXPORT_STATUS_CHANNEL = 'commonplace-export-status';
/** The storage.local key of the current (or last) export job. */
export const EXPORT_JOB_KEY = 'exportJob';

/** A tag as the library allows one: at most `MAX_TAG_CHARS` characters (code points: an emoji is one, two UTF-16 units). */
const Tag = z.string().check(
  z.minLength(1),
  z.maxLength(2 * MAX_TAG_CHARS),
  z.refine((t) => [...t].length <= MAX_TAG_CHARS, `a tag is at most ${MAX_TAG_CHARS} characters`),
);

/** Which clips an export holds: all, those with a tag, those saved in a time range (ms, inclusive). */
export const ExportScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('tag'), tag: Tag }),
  z.strictObject({ kind: z.literal('saved'), from: z.nullable(z.number()), to: z.nullable(z.number()) }),
]);
export type ExportScope = z.infer<typeof ExportScopeSchema>;

/** The clip filter for a scope, or undefined for the whole library (which also keeps every document). */
export function scopeFilter(scope: ExportScope): ((clip: ClipMeta) => boolean) | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'tag': {
      // The tag as the list and every tag edit compare it (case, accents, a stored "#"), so the export holds the clips the list shows.
      const want = storedTagKey(scope.tag);
      return (clip) => clip.tags.some((t) => storedTagKey(t) === want);
    }
    case 'saved':
      return (clip) => (scope.from === null || clip.savedAt >= scope.from) && (scope.to === null || clip.savedAt <= scope.to);
  }
}

/** Words for a scope, shown with the job ("clips tagged “work”"). */
export function describeScope(scope: ExportScope): string {
  switch (scope.kind) {
    case 'all':
      return 'the whole library';
    case 'tag':
      return `clips tagged “${scope.tag}”`;
    case 'saved': {
      // The local day, as the options page chose it (its local midnight and 23:59:59.999): a UTC day named the one before or after away from UTC.
      const day = (t: number) => localIso(t).slice(0, 10);
      if (scope.from !== null && scope.to !== null) return `clips saved from ${day(scope.from)} to ${day(scope.to)}`;
      if (scope.from !== null) return `clips saved since ${day(scope.from)}`;
      if (scope.to !== null) return `clips saved until ${day(scope.to)}`;
      return 'the whole library';
    }
  }
}

export const ExportPhaseSchema = z.enum(['starting', 'clips', 'documents', 'index', 'saving', 'done']);

/** One export job's record. */
export const ExportJobSchema = z.strictObject({
  id: z.string().check(z.maxLength(64)),
  kind: z.enum(['manual', 'backup']),
  scope: ExportScopeSchema,
  state: z.enum(['running', 'done', 'failed']),
  phase: ExportPhaseSchema,
  /** Clips written, of `total` (the progress bar). */
  done: z.int().check(z.gte(0)),
  total: z.int().check(z.gte(0)),
  startedAt: z.number(),
  endedAt: z.optional(z.number()),
  /** The file's name in the downloads folder (may include a subfolder), once known. */
  filename: z.optional(z.string().check(z.maxLength(1_000))),
  bytes: z.optional(z.int().check(z.gte(0))),
  /** The browser's download id, for "Show in folder" and for deleting old backups. */
  downloadId: z.optional(z.int()),
  /** Why it failed, written for the person, with the way out. */
  error: z.optional(z.string().check(z.maxLength(4_000))),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

/** A new job record, running. */
export function newExportJob(kind: ExportJob['kind'], scope: ExportScope, now: number, id: string): ExportJob {
  return { id, kind, scope, state: 'running', phase: 'starting', done: 0, total: 0, startedAt: now };
}

/** How long a running job may go without progress before a new start treats it as interrupted. */
export const STALE_EXPORT_MS = 5 * 60_000;

/**
 * A job record that says 'running' but belongs to a background that stopped (nothing is
 * writing it): failed, with the way out. Exports are read-only, so nothing was damaged.
 */
export function interrupted(job: ExportJob, now: number): ExportJob {
  return { ...job, state: 'failed', endedAt: now, error: 'The export stopped before it finished (the browser or the extension was closed or restarted). Nothing in your library was changed: start it again.' };
}
