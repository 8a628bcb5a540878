/**
 * The full-page copies still to be taken after a save ("Keep a full-page copy of every page I
 * save"): a record in storage.local (`SNAPSHOT_QUEUE_KEY`), written before the save answers, so
 * a background stopped before the copy is written takes it at its next start, when the tab
 * still shows the page. When it no longer does (the tab closed, or moved on to another page),
 * or the copy fails, or it was started `MAX_SNAPSHOT_TRIES` times without finishing (the worker
 * killed each time), the clip's entry becomes a failure with a sentence the reader shows. One
 * copy at a time, oldest first; the record is bounded (`MAX_SNAPSHOTS_QUEUED` waiting,
 * `MAX_SNAPSHOT_FAILURES` failures kept, oldest dropped first).
 */
import { z } from '../schema/zod';
import { normalizeUrl } from '../url/normalize';

/** The storage.local key of the queue. */
export const SNAPSHOT_QUEUE_KEY = 'snapshotQueue';
/** A clip's copy is started at most this many times. */
export const MAX_SNAPSHOT_TRIES = 3;
/** At most this many copies wait (each needs its tab still open); beyond, the oldest fail. */
export const MAX_SNAPSHOTS_QUEUED = 50;
/** At most this many failures are kept (the newest). */
export const MAX_SNAPSHOT_FAILURES = 200;

/** One copy waiting: the clip, the tab and page it is to be taken from, when it was queued, how many times it was started. */
export const SnapshotJobSchema = z.strictObject({
  clipId: z.string().check(z.maxLength(64)),
  tabId: z.int(),
  pageUrl: z.string().check(z.maxLength(8_192)),
  at: z.number(),
  tries: z.int().check(z.gte(0)),
});
/** A copy that was not made, and why (a sentence for the reader). */
export const SnapshotFailureSchema = z.strictObject({ clipId: z.string().check(z.maxLength(64)), reason: z.string().check(z.maxLength(1_000)), at: z.number() });
/** The queue record. */
export const SnapshotQueueSchema = z.strictObject({
  v: z.literal(1),
  jobs: z.array(SnapshotJobSchema).check(z.maxLength(MAX_SNAPSHOTS_QUEUED)),
  failed: z.array(SnapshotFailureSchema).check(z.maxLength(MAX_SNAPSHOT_FAILURES)),
});
/** A clip's copy as the reader sees it when the clip has none: still to be made, or why it was not. */
export const SnapshotStatusSchema = z.strictObject({ pending: z.boolean(), failed: z.nullable(z.string().check(z.maxLength(1_000))) });

export type SnapshotJob = z.infer<typeof SnapshotJobSchema>;
export type SnapshotFailure = z.infer<typeof SnapshotFailureSchema>;
export type SnapshotQueue = z.infer<typeof SnapshotQueueSchema>;
export type SnapshotStatus = z.infer<typeof SnapshotStatusSchema>;

const NOT_MADE = 'The full-page copy was not made';
/** Why a copy was not made: its tab was closed (or the browser was). */
export const PAGE_CLOSED = `${NOT_MADE}: the page was closed before it could be copied.`;
/** Why a copy was not made: its tab showed another page by then. */
export const PAGE_LEFT = `${NOT_MADE}: its tab had gone on to another page before it could be copied.`;
/** Why a copy was not made: it stopped the extension every time it was tried. */
export const COPY_GIVEN_UP = `${NOT_MADE}: copying this page stopped the extension ${MAX_SNAPSHOT_TRIES} times, so it was given up.`;
/** Why a copy was not made: too many were waiting. */
export const TOO_MANY_WAITING = `${NOT_MADE}: too many full-page copies were waiting.`;
/** Why a copy was not made: the producer's (or the store's) error message. */
export const copyFailed = (message: string): string => `${NOT_MADE}: ${message}`.slice(0, 1_000);

/** An empty queue. */
export const emptySnapshotQueue = (): SnapshotQueue => ({ v: 1, jobs: [], failed: [] });

/** The stored record read back: a malformed, oversized or newer one counts as empty. */
export function readSnapshotQueue(raw: unknown): SnapshotQueue {
  const parsed = SnapshotQueueSchema.safeParse(raw);
  return parsed.success ? parsed.data : emptySnapshotQueue();
}

/** Adds failures (each replacing an earlier one of its clip), keeping the newest `MAX_SNAPSHOT_FAILURES`. */
function withFailures(failed: readonly SnapshotFailure[], add: readonly SnapshotFailure[]): SnapshotFailure[] {
  const ids = new Set(add.map((f) => f.clipId));
  return [...failed.filter((f) => !ids.has(f.clipId)), ...add].slice(-MAX_SNAPSHOT_FAILURES);
}

/**
 * Queues a clip's copy (replacing a waiting entry for it: the newest save wins, tries reset;
 * an earlier failure of the clip is forgotten). Beyond `MAX_SNAPSHOTS_QUEUED`, the oldest fail.
 */
export function enqueueSnapshot(q: SnapshotQueue, job: Omit<SnapshotJob, 'tries'>): SnapshotQueue {
  const all = [...q.jobs.filter((j) => j.clipId !== job.clipId), { ...job, tries: 0 }];
  const over = all.slice(0, Math.max(0, all.length - MAX_SNAPSHOTS_QUEUED));
  const failed = q.failed.filter((f) => f.clipId !== job.clipId);
  return { v: 1, jobs: all.slice(over.length), failed: withFailures(failed, over.map((j) => ({ clipId: j.clipId, reason: TOO_MANY_WAITING, at: job.at }))) };
}

/**
 * The next copy to take, with its tries counted (store the queue before starting it, so a kill
 * counts); copies already started `MAX_SNAPSHOT_TRIES` times become failures on the way.
 */
export function startNextSnapshot(q: SnapshotQueue, now: number): { queue: SnapshotQueue; job: SnapshotJob | null } {
  const spent = q.jobs.filter((j) => j.tries >= MAX_SNAPSHOT_TRIES);
  const rest = q.jobs.filter((j) => j.tries < MAX_SNAPSHOT_TRIES);
  const failed = withFailures(q.failed, spent.map((j) => ({ clipId: j.clipId, reason: COPY_GIVEN_UP, at: now })));
  const first = rest[0];
  if (!first) return { queue: { v: 1, jobs: [], failed }, job: null };
  const job = { ...first, tries: first.tries + 1 };
  return { queue: { v: 1, jobs: [job, ...rest.slice(1)], failed }, job };
}

/** Removes a copy taken, unless its clip was queued again meanwhile (another `at`: that save's copy is still to take). */
export function finishSnapshot(q: SnapshotQueue, done: Pick<SnapshotJob, 'clipId' | 'at'>): SnapshotQueue {
  return { ...q, jobs: q.jobs.filter((j) => !(j.clipId === done.clipId && j.at === done.at)) };
}

/**
 * Removes a copy that could not be taken and records why, unless its clip was queued again
 * meanwhile (that newer save's copy decides).
 */
export function failSnapshot(q: SnapshotQueue, job: Pick<SnapshotJob, 'clipId' | 'at'>, reason: string, now: number): SnapshotQueue {
  const jobs = q.jobs.filter((j) => !(j.clipId === job.clipId && j.at === job.at));
  if (jobs.some((j) => j.clipId === job.clipId)) return { ...q, jobs };
  return { v: 1, jobs, failed: withFailures(q.failed, [{ clipId: job.clipId, reason, at: now }]) };
}

/**
 * Whether `job`'s copy is already stored: the clip's copy (`copyAt`, when it was stored; null
 * when it has none) is not older than the save that queued it. True in the moment between
 * storing a copy and removing its entry, and after a background stopped in that moment: the
 * entry is then done, not to be taken again (nor failed because its tab has closed since).
 */
export function copyTaken(job: Pick<SnapshotJob, 'at'>, copyAt: number | null): boolean {
  return copyAt !== null && copyAt >= job.at;
}

/**
 * Whether a clip's copy waits (or is being taken), and why its last one was not made (null: no
 * failure recorded). `copyAt`: when the clip's stored copy was made (null: it has none); an
 * entry whose copy is already stored does not count as waiting (`copyTaken`).
 */
export function snapshotStatusOf(q: SnapshotQueue, clipId: string, copyAt: number | null = null): SnapshotStatus {
  const pending = q.jobs.some((j) => j.clipId === clipId && !copyTaken(j, copyAt));
  return { pending, failed: pending ? null : (q.failed.find((f) => f.clipId === clipId)?.reason ?? null) };
}

/** A URL without its `#fragment` (scrolling to an anchor does not change the page). */
const withoutFragment = (url: string): string => url.split('#')[0]!;

/**
 * Whether two URLs show the same page: equal once normalised as clips are filed (`normalizeUrl`:
 * no `#fragment`, no tracking parameters), or, when one does not parse, without their fragment.
 */
export function samePage(a: string, b: string): boolean {
  try {
    return normalizeUrl(a) === normalizeUrl(b);
  } catch {
    return withoutFragment(a) === withoutFragment(b);
  }
}

/**
 * Whether the copy can be taken from its tab now: null when the tab still shows the page it
 * was saved from; else why not. `tabUrl`: the tab's URL, null when the tab is gone.
 */
export function whyNotFromTab(job: Pick<SnapshotJob, 'pageUrl'>, tabUrl: string | null | undefined): string | null {
  if (tabUrl === null) return PAGE_CLOSED;
  if (tabUrl === undefined || !samePage(tabUrl, job.pageUrl)) return PAGE_LEFT;
  return null;
}
