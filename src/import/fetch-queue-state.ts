import { z } from '../schema/zod';

/**
 * The background link fetch's record: which imported link clips still wait for their article,
 * grouped by site, and what became of the others. Small (clip ids only, under their site) so
 * it lives in browser.storage.local (`LINK_FETCH_KEY`) and is saved as the run goes; a run
 * the browser stopped is resumed from it. The scheduler is fetch-queue.ts; this file carries no
 * tldts, so the options page can import the schemas.
 */

/** The storage.local key of the current (or last) run. */
export const LINK_FETCH_KEY = 'linkFetch';
/** The storage.local key of the user's choice to fetch after every import (absent = off). */
export const LINK_FETCH_AUTO_KEY = 'linkFetchAuto';
/** The BroadcastChannel the background posts every status on. */
export const LINK_FETCH_STATUS_CHANNEL = 'commonplace-link-fetch-status';
/** Most failures listed in a record; the rest are only counted. */
export const MAX_LISTED_FETCH_FAILURES = 100;
/** Failures a status carries to the options page. */
export const STATUS_FAILURES = 20;

/** How polite a run is. Every field a duration in ms or a count. */
export interface FetchPolicy {
  /** Least time between two requests to one site (from the end of one to the start of the next). */
  readonly hostGapMs: number;
  /** Requests in flight at once, over all sites (one per site at most, always). */
  readonly concurrency: number;
  /** Attempts per link before it fails for good (retries are for 429, 503, 5xx and network errors). */
  readonly maxAttempts: number;
  /** Retryable failures in a row after which a site's remaining links all fail. */
  readonly hostGiveUpAfter: number;
  /** First back-off; doubled on each further failure in a row. */
  readonly backoffMs: number;
  /** Longest back-off we choose (a longer Retry-After is honoured up to `maxRetryAfterMs`). */
  readonly maxBackoffMs: number;
  /** Longest Retry-After honoured; a site asking for more is given up on. */
  readonly maxRetryAfterMs: number;
}

/** The policy the extension runs with: one request per site at a time, 5 s apart, two sites at once. */
export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  hostGapMs: 5_000,
  concurrency: 2,
  maxAttempts: 4,
  hostGiveUpAfter: 5,
  backoffMs: 30_000,
  maxBackoffMs: 30 * 60_000,
  maxRetryAfterMs: 6 * 60 * 60_000,
};

/** One site's queue: its links' clip ids (head first) and when it may be asked again. */
export const HostQueueSchema = z.strictObject({
  pending: z.array(z.string().check(z.maxLength(100))),
  /** Earliest time (ms) of the next request to this site. */
  nextAt: z.number(),
  /** Attempts made on `pending[0]`. */
  attempts: z.int().check(z.gte(0)),
  /** Retryable failures in a row on this site. */
  failures: z.int().check(z.gte(0)),
});
export type HostQueue = z.infer<typeof HostQueueSchema>;

/** One link that could not be fetched, and why (written for the person). */
export const FetchFailureSchema = z.strictObject({ url: z.string().check(z.maxLength(8_192)), reason: z.string().check(z.maxLength(2_000)) });
export type FetchFailure = z.infer<typeof FetchFailureSchema>;

/** running (resumed after a restart), paused by the user, done, or cancelled. */
export const LinkFetchStateSchema = z.enum(['running', 'paused', 'done', 'cancelled']);

const Counts = {
  /** Links queued in this run. */
  total: z.int().check(z.gte(0)),
  /** Articles fetched and saved into their clips. */
  fetched: z.int().check(z.gte(0)),
  /** Left as links: not HTML, too large, already has its article, deleted. */
  skipped: z.int().check(z.gte(0)),
  /** Could not be fetched (listed with the reason in `failures`, up to a limit). */
  failed: z.int().check(z.gte(0)),
};

/** A run's durable record. */
export const LinkFetchRecordSchema = z.strictObject({
  v: z.literal(1),
  state: LinkFetchStateSchema,
  ...Counts,
  failures: z.array(FetchFailureSchema).check(z.maxLength(MAX_LISTED_FETCH_FAILURES)),
  /** Queues by site (registrable domain), emptied as links are handled. */
  hosts: z.record(z.string().check(z.maxLength(300)), HostQueueSchema),
  startedAt: z.number(),
  endedAt: z.optional(z.number()),
  /** Why the run paused itself (a full disk), with the way out; absent when the user paused it. */
  pausedBecause: z.optional(z.string().check(z.maxLength(2_000))),
});
export type LinkFetchRecord = z.infer<typeof LinkFetchRecordSchema>;

/** What the options page shows of a run. */
export const LinkFetchSummarySchema = z.strictObject({
  state: LinkFetchStateSchema,
  ...Counts,
  /** The first `STATUS_FAILURES` failures. */
  failures: z.array(FetchFailureSchema).check(z.maxLength(STATUS_FAILURES)),
  /** Sites with links still waiting. */
  sites: z.int().check(z.gte(0)),
  startedAt: z.number(),
  endedAt: z.optional(z.number()),
  pausedBecause: z.optional(z.string().check(z.maxLength(2_000))),
});
export type LinkFetchSummary = z.infer<typeof LinkFetchSummarySchema>;

/** The answer of every link-fetch call: the user's choice, and the current or last run. */
export const LinkFetchStatusSchema = z.strictObject({
  /** Fetch after every import (the user opted in on the options page). */
  auto: z.boolean(),
  run: z.nullable(LinkFetchSummarySchema),
});
export type LinkFetchStatus = z.infer<typeof LinkFetchStatusSchema>;

/** The summary of a record (links handled = fetched + skipped + failed). */
export function summaryOf(r: LinkFetchRecord): LinkFetchSummary {
  const sites = Object.values(r.hosts).filter((h) => h.pending.length > 0).length;
  const summary: LinkFetchSummary = { state: r.state, total: r.total, fetched: r.fetched, skipped: r.skipped, failed: r.failed, failures: r.failures.slice(0, STATUS_FAILURES), sites, startedAt: r.startedAt };
  return { ...summary, ...(r.endedAt !== undefined && { endedAt: r.endedAt }), ...(r.pausedBecause !== undefined && r.state === 'paused' && { pausedBecause: r.pausedBecause }) };
}
