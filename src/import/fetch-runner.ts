import { nextStep, recordOutcome, type FetchOutcome } from './fetch-queue';
import { DEFAULT_FETCH_POLICY, type FetchPolicy, type LinkFetchRecord } from './fetch-queue-state';

/**
 * Runs a link-fetch record to its end with everything the browser provides passed in
 * (`FetchRunnerDeps`): the fetch of one clip's article, durable saves of the record, the
 * clock and timers. The background (extension/background/link-fetch-job.ts) wires it; unit
 * tests drive it with a fake clock. Between items it yields a turn, so it never holds the
 * background for long; the record is saved at least every `saveEveryMs` while links are
 * handled and at once on every change of state, so a stopped background loses at most a few
 * seconds of outcomes (those links are handled again: an article already saved is skipped).
 */

/** What the runner needs from its context. */
export interface FetchRunnerDeps {
  /** Fetches one clip's article and saves it through the library's write path; the outcome (never throws, ideally). */
  fetchOne(clipId: string): Promise<FetchOutcome>;
  /** Records the run durably (and tells the pages). */
  save(r: LinkFetchRecord): Promise<void>;
  now(): number;
  /** Waits `ms`; resolves early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Lets other work run (a macrotask). */
  yieldTurn(): Promise<void>;
}

/** Tuning of one runner. */
export interface RunnerOptions {
  readonly policy?: FetchPolicy;
  /** Longest time between two saves while links are handled (default 2 s). */
  readonly saveEveryMs?: number;
  /** A wait longer than this (with nothing in flight) ends `run` as 'sleep' instead: the caller wakes it later (an alarm). */
  readonly sleepBeyondMs?: number;
}

/** How `run` ended: the run is over, paused or cancelled, or asleep until a time. */
export type RunEnd = { readonly kind: 'done' } | { readonly kind: 'stopped' } | { readonly kind: 'sleep'; readonly until: number };

/** One run's loop over its record. `change` applies the user's pause, resume, cancel or new links. */
export class FetchRunner {
  private record: LinkFetchRecord;
  private readonly busy = new Set<string>();
  private waker = new AbortController();
  private dirty = false;
  private lastSave: number;
  private saving: Promise<void> = Promise.resolve();
  private readonly policy: FetchPolicy;

  constructor(
    record: LinkFetchRecord,
    private readonly deps: FetchRunnerDeps,
    private readonly opts: RunnerOptions = {},
  ) {
    this.record = record;
    this.policy = opts.policy ?? DEFAULT_FETCH_POLICY;
    this.lastSave = deps.now();
  }

  /** The run as it stands (in memory: ahead of the stored record by at most `saveEveryMs`). */
  get current(): LinkFetchRecord {
    return this.record;
  }

  /** Links in flight. */
  get inFlight(): number {
    return this.busy.size;
  }

  /** Applies a change to the record, saves it at once and wakes the loop. */
  async change(fn: (r: LinkFetchRecord) => LinkFetchRecord): Promise<LinkFetchRecord> {
    this.record = fn(this.record);
    this.dirty = true;
    this.wake();
    await this.flush(true);
    return this.record;
  }

  /** Handles links until the run is over, stopped, or only a long wait is left. */
  async run(): Promise<RunEnd> {
    for (;;) {
      const now = this.deps.now();
      const step = nextStep(this.record, now, this.busy, this.policy);
      if (step.kind === 'start') {
        this.start(step.host, step.clipId);
        await this.deps.yieldTurn();
        continue;
      }
      if (step.kind === 'wait') {
        const long = this.opts.sleepBeyondMs !== undefined && step.ms > this.opts.sleepBeyondMs && this.busy.size === 0;
        await this.flush(long);
        if (long) return { kind: 'sleep', until: now + step.ms };
        await this.pause(step.ms);
        continue;
      }
      if (step.kind === 'busy' || this.busy.size > 0) {
        await this.flush(false);
        await this.pause(null);
        continue;
      }
      if (step.kind === 'done' && this.record.state === 'running') {
        this.record = { ...this.record, state: 'done', endedAt: now };
        this.dirty = true;
      }
      await this.flush(true);
      return this.record.state === 'done' ? { kind: 'done' } : { kind: 'stopped' };
    }
  }

  private start(host: string, clipId: string): void {
    this.busy.add(host);
    void this.deps
      .fetchOne(clipId)
      .catch((e: unknown): FetchOutcome => ({ kind: 'failed', url: clipId, reason: e instanceof Error ? e.message : String(e), retry: false }))
      .then((outcome) => {
        const before = this.record.state;
        this.record = recordOutcome(this.record, host, clipId, outcome, this.deps.now(), this.policy);
        this.dirty = true;
        this.busy.delete(host);
        if (this.record.state !== before) void this.flush(true);
        this.wake();
      });
  }

  /** Waits `ms` (or, with null, until woken by an outcome or a change). */
  private pause(ms: number | null): Promise<void> {
    const signal = this.waker.signal;
    if (signal.aborted) {
      this.waker = new AbortController();
      return Promise.resolve();
    }
    const woken = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    const done = ms === null ? woken : Promise.race([woken, this.deps.sleep(ms, signal)]);
    return done.then(() => {
      if (this.waker.signal === signal) this.waker = new AbortController();
    });
  }

  private wake(): void {
    this.waker.abort();
  }

  /** Saves the record when it changed and (unless `force`) the last save is `saveEveryMs` old. */
  private flush(force: boolean): Promise<void> {
    const now = this.deps.now();
    if (!this.dirty || (!force && now - this.lastSave < (this.opts.saveEveryMs ?? 2_000))) return this.saving;
    this.dirty = false;
    this.lastSave = now;
    const snapshot = this.record;
    this.saving = this.saving.then(() => this.deps.save(snapshot)).catch(() => {
      this.dirty = true;
    });
    return this.saving;
  }
}
