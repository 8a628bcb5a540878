import { getDomain } from 'tldts';
import { MAX_LISTED_FETCH_FAILURES, type FetchPolicy, type HostQueue, type LinkFetchRecord } from './fetch-queue-state';

/**
 * The polite scheduler of the background link fetch, as pure functions over a
 * `LinkFetchRecord` and a time the caller passes in (so tests drive it with a fake clock):
 * which link to fetch next, and what an outcome does to the record. Rules (`FetchPolicy`): at
 * most one request per site (registrable domain) at a time, `hostGapMs` between two requests
 * to a site, `concurrency` requests in all; 429/503/5xx/network failures back off
 * exponentially (a Retry-After is honoured), a link fails for good after `maxAttempts`, and a
 * site failing `hostGiveUpAfter` times in a row is given up on (its links fail, with the reason).
 */

/** What became of one link (fetch-outcome.ts makes these from what the fetch threw). */
export type FetchOutcome =
  | { readonly kind: 'fetched' }
  /** Left as a link; `requested: false` when no request was made (the site's gap does not apply). */
  | { readonly kind: 'skipped'; readonly reason: string; readonly requested: boolean }
  /**
   * Not fetched. `retry`: worth trying again later (429, 503, 5xx, network), after at least
   * `retryAfterMs` when the server said so. `requested: false` when no request was made.
   */
  | { readonly kind: 'failed'; readonly url: string; readonly reason: string; readonly retry: boolean; readonly retryAfterMs?: number; readonly requested?: boolean }
  /**
   * Fetched but not stored: the disk is full. Every next link would fail the same way, so the run
   * pauses with the reason, this link still first in its queue; Resume (once space is freed) goes on.
   */
  | { readonly kind: 'paused'; readonly reason: string };

/** The scheduler's answer: start a link, wait, wait for one in flight, or nothing left (or stopped). */
export type FetchStep =
  | { readonly kind: 'start'; readonly host: string; readonly clipId: string }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done' }
  | { readonly kind: 'stopped' };

/** A link to queue: its clip and the URL to fetch. */
export interface FetchItem {
  readonly id: string;
  readonly url: string;
}

/** The site a URL is queued under: its registrable domain (ICANN section, so shared hosts count as one), else its host; '' if it does not parse. */
export function siteOf(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.+$/, '');
  } catch {
    return '';
  }
  if (host.startsWith('[')) return host;
  return getDomain(host, { extractHostname: false }) ?? host;
}

/** A new run over `items`, started at `now` (duplicate ids queued once). */
export function newLinkFetch(items: readonly FetchItem[], now: number): LinkFetchRecord {
  return addItems({ v: 1, state: 'running', total: 0, fetched: 0, skipped: 0, failed: 0, failures: [], hosts: {}, startedAt: now }, items, now);
}

/** Queues more links in a run (ids already waiting are not queued twice); a finished run starts again. */
export function addItems(r: LinkFetchRecord, items: readonly FetchItem[], now: number): LinkFetchRecord {
  const waiting = new Set(Object.values(r.hosts).flatMap((h) => h.pending));
  const hosts: Record<string, HostQueue> = {};
  for (const [k, h] of Object.entries(r.hosts)) hosts[k] = { ...h, pending: [...h.pending] };
  let added = 0;
  for (const item of items) {
    if (waiting.has(item.id)) continue;
    waiting.add(item.id);
    const site = siteOf(item.url);
    const h = (hosts[site] ??= { pending: [], nextAt: now, attempts: 0, failures: 0 });
    h.pending.push(item.id);
    added++;
  }
  if (added === 0) return r;
  const ended = r.state === 'done' || r.state === 'cancelled';
  const { endedAt: _ended, ...rest } = r;
  return ended
    ? { ...rest, state: 'running', total: added, fetched: 0, skipped: 0, failed: 0, failures: [], hosts, startedAt: now }
    : { ...rest, total: r.total + added, hosts, state: r.state };
}

/**
 * The next thing to do at `now`, with `busy` the sites that have a request in flight. The site
 * whose turn came first goes first (ties by name), so the order is deterministic.
 */
export function nextStep(r: LinkFetchRecord, now: number, busy: ReadonlySet<string>, policy: FetchPolicy): FetchStep {
  if (r.state !== 'running') return { kind: 'stopped' };
  let best: [string, HostQueue] | null = null;
  let anyWaiting = false;
  for (const entry of Object.entries(r.hosts)) {
    if (entry[1].pending.length === 0) continue;
    anyWaiting = true;
    if (busy.has(entry[0])) continue;
    if (!best || entry[1].nextAt < best[1].nextAt || (entry[1].nextAt === best[1].nextAt && entry[0] < best[0])) best = entry;
  }
  if (!anyWaiting) return busy.size > 0 ? { kind: 'busy' } : { kind: 'done' };
  if (!best || busy.size >= policy.concurrency) return { kind: 'busy' };
  if (best[1].nextAt > now) return { kind: 'wait', ms: best[1].nextAt - now };
  return { kind: 'start', host: best[0], clipId: best[1].pending[0]! };
}

/** The back-off after the `n`th retryable failure in a row (n ≥ 1): `backoffMs` doubled, capped. */
export function backoffMs(n: number, policy: FetchPolicy): number {
  return Math.min(policy.backoffMs * 2 ** Math.max(0, n - 1), policy.maxBackoffMs);
}

/** Counts `n` failed links and lists them (as one entry) while the list is short. */
function listFailure(r: LinkFetchRecord, url: string, reason: string, n = 1): LinkFetchRecord {
  const failures = r.failures.length < MAX_LISTED_FETCH_FAILURES ? [...r.failures, { url: url.slice(0, 8_192), reason: reason.slice(0, 2_000) }] : r.failures;
  return { ...r, failures, failed: r.failed + n };
}

/** Ends a run whose queues are empty. */
function settle(r: LinkFetchRecord, now: number): LinkFetchRecord {
  const hosts = Object.fromEntries(Object.entries(r.hosts).filter(([, h]) => h.pending.length > 0));
  const left = Object.keys(hosts).length;
  if (left > 0) return { ...r, hosts };
  return r.state === 'running' || r.state === 'paused' ? { ...r, hosts, state: 'done', endedAt: now } : { ...r, hosts };
}

/**
 * What an outcome for the link at the head of `host`'s queue does to the run, at `now` (when
 * the request ended). A site given up on is listed once, for all its links. An outcome for a link no longer at the head (the run was cancelled or restarted) changes nothing.
 */
export function recordOutcome(
  r: LinkFetchRecord,
  host: string,
  clipId: string,
  outcome: FetchOutcome,
  now: number,
  policy: FetchPolicy,
): LinkFetchRecord {
  const h = r.hosts[host];
  if (!h || h.pending[0] !== clipId) return r;
  if (outcome.kind === 'paused') return r.state === 'running' ? { ...r, state: 'paused', pausedBecause: outcome.reason.slice(0, 2_000) } : r;
  const rest = h.pending.slice(1);
  const gapAfter = now + policy.hostGapMs;
  let next: LinkFetchRecord = r;
  let queue: HostQueue;
  if (outcome.kind === 'fetched') {
    next = { ...r, fetched: r.fetched + 1 };
    queue = { pending: rest, nextAt: gapAfter, attempts: 0, failures: 0 };
  } else if (outcome.kind === 'skipped') {
    next = { ...r, skipped: r.skipped + 1 };
    queue = { pending: rest, nextAt: outcome.requested ? gapAfter : h.nextAt, attempts: 0, failures: outcome.requested ? 0 : h.failures };
  } else if (!outcome.retry) {
    next = listFailure(r, outcome.url, outcome.reason);
    queue = { pending: rest, nextAt: outcome.requested === false ? h.nextAt : gapAfter, attempts: 0, failures: h.failures };
  } else {
    const failures = h.failures + 1;
    const attempts = h.attempts + 1;
    const tooLong = (outcome.retryAfterMs ?? 0) > policy.maxRetryAfterMs;
    if (failures >= policy.hostGiveUpAfter || tooLong) {
      const n = h.pending.length;
      const links = n === 1 ? 'This link was' : `These ${n} links were`;
      const why = tooLong
        ? `${links} not fetched: ${host} asked to wait over ${Math.round(policy.maxRetryAfterMs / 3_600_000)} hours (${outcome.reason}). They stay saved as links.`
        : `${links} not fetched: ${host} failed ${failures} times in a row (last: ${outcome.reason}). They stay saved as links.`;
      next = listFailure(next, n === 1 ? outcome.url : host, why, n);
      return settle({ ...next, hosts: { ...r.hosts, [host]: { ...h, pending: [] } } }, now);
    }
    const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(failures, policy), policy.hostGapMs);
    if (attempts >= policy.maxAttempts) {
      next = listFailure(r, outcome.url, `${outcome.reason} (gave up after ${attempts} attempts)`);
      queue = { pending: rest, nextAt: now + wait, attempts: 0, failures };
    } else queue = { ...h, nextAt: now + wait, attempts, failures };
  }
  return settle({ ...next, hosts: { ...r.hosts, [host]: queue } }, now);
}

/**
 * The record as a restarted background takes it up: a request may have been in flight when the
 * old one stopped (its outcome not yet recorded), so every site waits its gap again from `now`.
 */
export function afterRestart(r: LinkFetchRecord, now: number, policy: FetchPolicy): LinkFetchRecord {
  const hosts: Record<string, HostQueue> = {};
  for (const [k, h] of Object.entries(r.hosts)) hosts[k] = { ...h, nextAt: Math.max(h.nextAt, now + policy.hostGapMs) };
  return { ...r, hosts };
}

/** Pauses a running run (links in flight finish; nothing new starts). */
export function pauseRun(r: LinkFetchRecord): LinkFetchRecord {
  return r.state === 'running' ? { ...r, state: 'paused' } : r;
}

/** Resumes a paused run. */
export function resumeRun(r: LinkFetchRecord): LinkFetchRecord {
  if (r.state !== 'paused') return r;
  const { pausedBecause: _, ...rest } = r;
  return { ...rest, state: 'running' };
}

/** Cancels a run: what is still queued is dropped (the clips stay links), the counts are kept. */
export function cancelRun(r: LinkFetchRecord, now: number): LinkFetchRecord {
  return r.state === 'running' || r.state === 'paused' ? { ...r, state: 'cancelled', hosts: {}, endedAt: now } : r;
}
