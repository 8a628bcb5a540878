import { describe, expect, it } from 'vitest';
import { addItems, afterRestart, backoffMs, cancelRun, newLinkFetch, nextStep, pauseRun, recordOutcome, resumeRun, siteOf, type FetchOutcome } from '../../../src/import/fetch-queue';
import { DEFAULT_FETCH_POLICY as P, LinkFetchRecordSchema, summaryOf, type LinkFetchRecord } from '../../../src/import/fetch-queue-state';
import { FetchRunner, type FetchRunnerDeps } from '../../../src/import/fetch-runner';

const T = 1_700_000_000_000;
const items = (site: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `${site}-${i + from}`, url: `https://www.${site}/a/${i + from}` }));
const ok: FetchOutcome = { kind: 'fetched' };
const fail = (status: number, retry: boolean, retryAfterMs?: number): Extract<FetchOutcome, { kind: 'failed' }> => ({ kind: 'failed', url: 'u', reason: `answered ${status}`, retry, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

/**
 * A fake clock and browser: `sleep` moves the clock; `fetchOne` answers from `script` (by clip
 * id, one outcome per attempt; default fetched) and records every request with its time. With
 * `killAfter`, requests after that many never answer and saves stop (a stopped background).
 */
function world(script: Record<string, FetchOutcome[]> = {}, opts: { killAfter?: number; start?: number } = {}) {
  let now = opts.start ?? T;
  const requests: Array<{ id: string; at: number }> = [];
  let stored: LinkFetchRecord | null = null;
  let killed = false;
  const deps: FetchRunnerDeps = {
    fetchOne: async (id) => {
      if (opts.killAfter !== undefined && requests.length >= opts.killAfter) {
        killed = true;
        return new Promise<never>(() => undefined);
      }
      requests.push({ id, at: now });
      return script[id]?.shift() ?? ok;
    },
    save: async (r) => {
      if (!killed) stored = JSON.parse(JSON.stringify(r)) as LinkFetchRecord;
    },
    now: () => now,
    sleep: async (ms) => void (now += ms),
    yieldTurn: () => Promise.resolve(),
  };
  return { deps, requests, stored: () => stored, now: () => now, setNow: (t: number) => void (now = t) };
}

const siteOfId = (id: string) => id.replace(/-\d+$/, '');
/** The smallest gap between two consecutive requests to one site. */
function minGap(requests: ReadonlyArray<{ id: string; at: number }>): number {
  const last = new Map<string, number>();
  let min = Infinity;
  for (const r of requests) {
    const prev = last.get(siteOfId(r.id));
    if (prev !== undefined) min = Math.min(min, r.at - prev);
    last.set(siteOfId(r.id), r.at);
  }
  return min;
}

describe('siteOf', () => {
  it('queues by registrable domain (shared hosts as one), else by host', () => {
    expect(siteOf('https://www.news.co.uk/a')).toBe('news.co.uk');
    expect(siteOf('https://blog.news.co.uk/b')).toBe('news.co.uk');
    expect(siteOf('https://alice.github.io/x')).toBe('github.io');
    expect(siteOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1');
    expect(siteOf('http://localhost/x')).toBe('localhost');
    expect(siteOf('not a url')).toBe('');
  });
});

describe('the scheduler', () => {
  it('asks each site at most once at a time, with the gap between requests, two sites at once', () => {
    let r = newLinkFetch([...items('a.com', 2), ...items('b.com', 1), ...items('c.com', 1)], T);
    expect(r.total).toBe(4);
    const busy = new Set<string>();
    const first = nextStep(r, T, busy, P);
    expect(first).toEqual({ kind: 'start', host: 'a.com', clipId: 'a.com-0' });
    busy.add('a.com');
    expect(nextStep(r, T, busy, P)).toEqual({ kind: 'start', host: 'b.com', clipId: 'b.com-0' });
    busy.add('b.com');
    expect(nextStep(r, T, busy, P)).toEqual({ kind: 'busy' });
    r = recordOutcome(r, 'a.com', 'a.com-0', ok, T + 1_000, P);
    busy.delete('a.com');
    // a.com waits for its gap; c.com may go now.
    expect(nextStep(r, T + 1_000, busy, P)).toEqual({ kind: 'start', host: 'c.com', clipId: 'c.com-0' });
    r = recordOutcome(r, 'c.com', 'c.com-0', ok, T + 1_000, P);
    r = recordOutcome(r, 'b.com', 'b.com-0', ok, T + 1_000, P);
    busy.clear();
    expect(nextStep(r, T + 2_000, busy, P)).toEqual({ kind: 'wait', ms: P.hostGapMs - 1_000 });
    expect(nextStep(r, T + 6_000, busy, P)).toEqual({ kind: 'start', host: 'a.com', clipId: 'a.com-1' });
    r = recordOutcome(r, 'a.com', 'a.com-1', ok, T + 7_000, P);
    expect(r).toMatchObject({ state: 'done', fetched: 4, failed: 0, hosts: {}, endedAt: T + 7_000 });
  });

  it('backs off exponentially on 503 and honours Retry-After on 429; a success resets the site', () => {
    let r = newLinkFetch(items('a.com', 2), T);
    r = recordOutcome(r, 'a.com', 'a.com-0', fail(503, true), T, P);
    expect(r.hosts['a.com']).toMatchObject({ nextAt: T + backoffMs(1, P), attempts: 1, failures: 1 });
    r = recordOutcome(r, 'a.com', 'a.com-0', fail(503, true), T, P);
    expect(r.hosts['a.com']!.nextAt).toBe(T + 2 * P.backoffMs);
    r = recordOutcome(r, 'a.com', 'a.com-0', fail(429, true, 600_000), T, P);
    expect(r.hosts['a.com']).toMatchObject({ nextAt: T + 600_000, attempts: 3, failures: 3 });
    r = recordOutcome(r, 'a.com', 'a.com-0', ok, T, P);
    expect(r.hosts['a.com']).toMatchObject({ pending: ['a.com-1'], nextAt: T + P.hostGapMs, attempts: 0, failures: 0 });
    expect(backoffMs(20, P)).toBe(P.maxBackoffMs);
  });

  it('a link fails for good after maxAttempts, with the reason; the next link is tried', () => {
    let r = newLinkFetch(items('a.com', 2), T);
    const policy = { ...P, hostGiveUpAfter: 100 };
    for (let i = 0; i < P.maxAttempts; i++) r = recordOutcome(r, 'a.com', 'a.com-0', { ...fail(503, true), url: 'https://www.a.com/a/0' }, T, policy);
    expect(r.failures).toEqual([{ url: 'https://www.a.com/a/0', reason: `answered 503 (gave up after ${P.maxAttempts} attempts)` }]);
    expect(r.hosts['a.com']!.pending).toEqual(['a.com-1']);
  });

  it('gives up on a site after repeated failures in a row: its links fail together, listed once', () => {
    let r = newLinkFetch([...items('a.com', 10), ...items('b.com', 1)], T);
    for (let i = 0; i < P.hostGiveUpAfter; i++) {
      const head = r.hosts['a.com']!.pending[0]!;
      r = recordOutcome(r, 'a.com', head, i % 2 ? fail(500, true) : { kind: 'failed', url: head, reason: "Couldn't fetch (no answer within 20 s)", retry: true }, T, P);
    }
    expect(r.hosts['a.com']).toBeUndefined();
    expect(r.failed).toBe(10 - 1 + 1);
    expect(r.failures.at(-1)!.reason).toMatch(/^These \d+ links were not fetched: a\.com failed 5 times in a row/);
    expect(r.state).toBe('running');
  });

  it('a Retry-After beyond the longest wait gives the site up; a 404 fails the link alone, with its reason', () => {
    let r = newLinkFetch([...items('a.com', 1), ...items('b.com', 2)], T);
    r = recordOutcome(r, 'a.com', 'a.com-0', fail(429, true, P.maxRetryAfterMs + 1), T, P);
    expect(r.failures[0]!.reason).toMatch(/asked to wait over 6 hours/);
    r = recordOutcome(r, 'b.com', 'b.com-0', { kind: 'failed', url: 'https://www.b.com/a/0', reason: "Couldn't fetch it: the server answered 404 Not Found.", retry: false }, T, P);
    expect(r.failures[1]).toEqual({ url: 'https://www.b.com/a/0', reason: "Couldn't fetch it: the server answered 404 Not Found." });
    expect(r.hosts['b.com']).toMatchObject({ pending: ['b.com-1'], failures: 0, nextAt: T + P.hostGapMs });
  });

  it('a skip without a request does not make the site wait; an outcome for a link no longer queued changes nothing', () => {
    let r = newLinkFetch(items('a.com', 2), T);
    r = recordOutcome(r, 'a.com', 'a.com-0', { kind: 'skipped', reason: 'already has its article', requested: false }, T + 10, P);
    expect(r).toMatchObject({ skipped: 1, hosts: { 'a.com': { nextAt: T } } });
    expect(recordOutcome(r, 'a.com', 'a.com-0', ok, T, P)).toBe(r);
    expect(recordOutcome(cancelRun(r, T), 'a.com', 'a.com-1', ok, T, P).fetched).toBe(0);
  });

  it('adds links without queueing one twice; a finished run starts again with the new links', () => {
    let r = newLinkFetch(items('a.com', 2), T);
    r = addItems(r, [...items('a.com', 3), ...items('b.com', 1)], T);
    expect(r.total).toBe(4);
    expect(r.hosts['a.com']!.pending).toEqual(['a.com-0', 'a.com-1', 'a.com-2']);
    const cancelled = cancelRun(r, T + 5);
    expect(cancelled).toMatchObject({ state: 'cancelled', hosts: {}, endedAt: T + 5 });
    const again = addItems(cancelled, items('c.com', 1), T + 9);
    expect(again).toMatchObject({ state: 'running', total: 1, fetched: 0, startedAt: T + 9 });
    expect(again.endedAt).toBeUndefined();
  });

  it('a run of 10,000 links is small enough for storage.local, and its record round-trips through the schema', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ id: `c${String(i).padStart(20, '0')}`, url: `https://www.site${i % 300}.example/articles/${i}` }));
    const r = newLinkFetch(many, T);
    const json = JSON.stringify(r);
    expect(json.length).toBeLessThan(400_000);
    expect(LinkFetchRecordSchema.parse(JSON.parse(json))).toEqual(r);
    expect(summaryOf(r)).toMatchObject({ total: 10_000, sites: 300 });
  });
});

describe('FetchRunner', () => {
  it('handles every link with the per-site gap, saves the record and ends done', async () => {
    const w = world();
    const runner = new FetchRunner(newLinkFetch([...items('a.com', 4), ...items('b.com', 3), ...items('c.com', 1)], T), w.deps);
    expect(await runner.run()).toEqual({ kind: 'done' });
    expect(w.requests).toHaveLength(8);
    expect(minGap(w.requests)).toBeGreaterThanOrEqual(P.hostGapMs);
    expect(w.stored()).toMatchObject({ state: 'done', fetched: 8, total: 8 });
    // Two sites at once: 4 links on a.com take 3 gaps, the rest fit in between.
    expect(w.now() - T).toBe(3 * P.hostGapMs);
  });

  it('never has two requests to one site, nor more than `concurrency`, in flight', async () => {
    const pending: Array<{ id: string; resolve: (o: FetchOutcome) => void }> = [];
    let peak = 0;
    const w = world();
    const deps: FetchRunnerDeps = {
      ...w.deps,
      fetchOne: (id) =>
        new Promise<FetchOutcome>((resolve) => {
          pending.push({ id, resolve });
          const sites = pending.map((p) => siteOfId(p.id));
          expect(new Set(sites).size).toBe(sites.length);
          peak = Math.max(peak, pending.length);
        }),
    };
    const runner = new FetchRunner(newLinkFetch([...items('a.com', 3), ...items('b.com', 3), ...items('c.com', 3)], T), deps);
    const ran = runner.run();
    for (let i = 0; i < 9; i++) {
      while (pending.length === 0) await new Promise((r) => setTimeout(r, 0));
      pending.shift()!.resolve(ok);
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await ran).toEqual({ kind: 'done' });
    expect(peak).toBe(P.concurrency);
    expect(runner.current.fetched).toBe(9);
  });

  it('waits out a 429 Retry-After before asking the site again, and gets the article', async () => {
    const w = world({ 'a.com-0': [fail(429, true, 120_000)] });
    const runner = new FetchRunner(newLinkFetch(items('a.com', 2), T), w.deps);
    await runner.run();
    expect(w.requests.map((r) => [r.id, r.at - T])).toEqual([
      ['a.com-0', 0],
      ['a.com-0', 120_000],
      ['a.com-1', 120_000 + P.hostGapMs],
    ]);
    expect(runner.current).toMatchObject({ fetched: 2, failed: 0, state: 'done' });
  });

  it('hands a long wait back to the caller (an alarm wakes it), then goes on', async () => {
    const w = world({ 'a.com-0': [fail(503, true, 300_000)] });
    const runner = new FetchRunner(newLinkFetch(items('a.com', 1), T), w.deps, { sleepBeyondMs: 25_000 });
    expect(await runner.run()).toEqual({ kind: 'sleep', until: T + 300_000 });
    expect(w.stored()!.hosts['a.com']!.nextAt).toBe(T + 300_000);
    w.setNow(T + 300_000);
    expect(await runner.run()).toEqual({ kind: 'done' });
    expect(runner.current.fetched).toBe(1);
  });

  it('resumes from the stored record after the background was stopped: every link handled, none lost', async () => {
    const all = [...items('a.com', 5), ...items('b.com', 5)];
    const first = world({}, { killAfter: 6 });
    void new FetchRunner(newLinkFetch(all, T), first.deps, { saveEveryMs: 0 }).run();
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
    const stored = LinkFetchRecordSchema.parse(first.stored());
    expect(stored.state).toBe('running');
    expect(stored.fetched).toBe(6);
    // A fresh background: the same record, a later clock.
    const second = world({}, { start: first.now() + 1_000 });
    const runner = new FetchRunner(afterRestart(stored, second.now(), P), second.deps);
    expect(await runner.run()).toEqual({ kind: 'done' });
    const handled = [...first.requests, ...second.requests].map((r) => r.id).sort();
    expect(handled).toEqual(all.map((i) => i.id).sort());
    expect(runner.current).toMatchObject({ fetched: 10, total: 10, state: 'done' });
  });

  it('after a restart every site waits its gap again (a request may have been in flight)', () => {
    const r = newLinkFetch([...items('a.com', 1), ...items('b.com', 1)], T);
    const later = recordOutcome(r, 'b.com', 'b.com-0', ok, T, P);
    const resumed = afterRestart({ ...later, hosts: { ...later.hosts, 'c.com': { pending: ['c'], nextAt: T + 60_000, attempts: 1, failures: 1 } } }, T + 1_000, P);
    expect(Object.fromEntries(Object.entries(resumed.hosts).map(([k, h]) => [k, h.nextAt - T]))).toEqual({ 'a.com': 1_000 + P.hostGapMs, 'c.com': 60_000 });
  });

  it('pause stops starting links and keeps the queue; resume goes on; cancel drops what is left', async () => {
    const w = world();
    let release: (o: FetchOutcome) => void = () => undefined;
    const deps: FetchRunnerDeps = { ...w.deps, fetchOne: (id) => (id === 'a.com-1' ? new Promise((r) => (release = r)) : w.deps.fetchOne(id)) };
    const runner = new FetchRunner(newLinkFetch(items('a.com', 3), T), deps);
    await runner.change(pauseRun);
    expect(await runner.run()).toEqual({ kind: 'stopped' });
    expect(w.requests).toHaveLength(0);
    expect(w.stored()!.state).toBe('paused');
    await runner.change(resumeRun);
    const ran = runner.run();
    while (runner.inFlight === 0 || runner.current.fetched === 0) await new Promise((r) => setTimeout(r, 0));
    await runner.change((r) => cancelRun(r, w.now()));
    release(ok);
    expect(await ran).toEqual({ kind: 'stopped' });
    expect(w.stored()).toMatchObject({ state: 'cancelled', hosts: {}, fetched: 1, total: 3 });
  });

  it('a fetch that throws fails its link with the message', async () => {
    const w = world();
    const deps = { ...w.deps, fetchOne: () => Promise.reject(new Error('boom')) };
    const runner = new FetchRunner(newLinkFetch(items('a.com', 1), T), deps);
    await runner.run();
    expect(runner.current).toMatchObject({ state: 'done', failed: 1, failures: [{ reason: 'boom' }] });
  });
});
