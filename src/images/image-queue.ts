/**
 * The queue of clips whose images are waiting to be saved: a record in storage.local
 * (`IMAGE_QUEUE_KEY`), so a background stopped in the middle goes on at its next start. One
 * clip at a time, oldest first; a clip saved again while waiting is queued once (its newest
 * save). A clip whose images were started `MAX_TRIES` times without finishing (the worker
 * killed each time, the browser closed, or the write failed) is given up, and its images
 * counted as left out: as not stored when its last start's write failed (`lastFailure`), else as
 * interrupted.
 */
import { z } from '../schema/zod';

/** The storage.local key of the queue. */
export const IMAGE_QUEUE_KEY = 'imageQueue';
export { IMAGES_CHANNEL } from '../schema/plain-values';
/** A clip's images are started at most this many times. */
export const MAX_TRIES = 3;
/** At most this many clips wait; the oldest are dropped beyond (their text is saved either way). */
export const MAX_QUEUED = 500;

/** One clip waiting: where its page was (to fetch with the page's cookies), when it was queued, how many times it was started. */
export const ImageJobSchema = z.strictObject({
  clipId: z.string().check(z.maxLength(64)),
  /** The tab the page was saved from (its content script fetches first), null when there is none. */
  tabId: z.nullable(z.int()),
  pageUrl: z.string().check(z.maxLength(8_192)),
  at: z.number(),
  tries: z.int().check(z.gte(0)),
  /** Why its last start did not finish when its write failed (the error's code: `storage-full`, …); absent when it was stopped. */
  lastFailure: z.optional(z.string().check(z.maxLength(40))),
});
/** The queue record. */
export const ImageQueueSchema = z.strictObject({ v: z.literal(1), jobs: z.array(ImageJobSchema) });

export type ImageJob = z.infer<typeof ImageJobSchema>;
export type ImageQueue = z.infer<typeof ImageQueueSchema>;

/** An empty queue. */
export const emptyQueue = (): ImageQueue => ({ v: 1, jobs: [] });

/** The stored record read back: a malformed or newer one counts as empty (its clips keep their text). */
export function readQueue(raw: unknown): ImageQueue {
  const parsed = ImageQueueSchema.safeParse(raw);
  return parsed.success ? parsed.data : emptyQueue();
}

/** Queues a clip (replacing a waiting entry for it: the newest save wins, with its tries reset). */
export function enqueue(q: ImageQueue, job: Omit<ImageJob, 'tries'>): ImageQueue {
  const jobs = [...q.jobs.filter((j) => j.clipId !== job.clipId), { ...job, tries: 0 }];
  return { v: 1, jobs: jobs.slice(-MAX_QUEUED) };
}

/**
 * The next clip to work on, with its tries counted (store the queue before starting it, so
 * a kill counts), and the clips given up on the way (tried `MAX_TRIES` times already).
 */
export function startNext(q: ImageQueue): { queue: ImageQueue; job: ImageJob | null; givenUp: ImageJob[] } {
  const givenUp = q.jobs.filter((j) => j.tries >= MAX_TRIES);
  const rest = q.jobs.filter((j) => j.tries < MAX_TRIES);
  const first = rest[0];
  if (!first) return { queue: { v: 1, jobs: [] }, job: null, givenUp };
  const job = { ...first, tries: first.tries + 1 };
  // This start's own failure, if any, is recorded anew.
  delete job.lastFailure;
  return { queue: { v: 1, jobs: [job, ...rest.slice(1)] }, job, givenUp };
}

/** Records why a started clip did not finish (its write failed: `code`), unless it was queued again meanwhile. */
export function failedTry(q: ImageQueue, job: Pick<ImageJob, 'clipId' | 'at'>, code: string): ImageQueue {
  return { v: 1, jobs: q.jobs.map((j) => (j.clipId === job.clipId && j.at === job.at ? { ...j, lastFailure: code.slice(0, 40) } : j)) };
}

/** Removes a finished clip, unless it was queued again meanwhile (another `at`: that save's images are still to do). */
export function finish(q: ImageQueue, done: Pick<ImageJob, 'clipId' | 'at'>): ImageQueue {
  return { v: 1, jobs: q.jobs.filter((j) => !(j.clipId === done.clipId && j.at === done.at)) };
}

/** Whether a clip is waiting (or being worked on). */
export function isQueued(q: ImageQueue, clipId: string): boolean {
  return q.jobs.some((j) => j.clipId === clipId);
}
