/**
 * The budget of the live page's late-render observer (extension/highlighter/late-render.ts):
 * when it may re-anchor again, and when it must stop. Pure functions over a small state,
 * with the time passed in, so the bounds are tested without a browser. Why bounded: a page
 * that rewrites its DOM continuously (a ticker, an animation done with DOM writes) must not
 * make the extension re-anchor forever; each re-anchoring walks the page's whole text.
 */

/** The bounds. */
export interface BudgetOptions {
  /** Least time between two runs (the throttle). */
  readonly minIntervalMs: number;
  /** Most runs in all. */
  readonly maxRuns: number;
  /** No run starts later than this after the budget started. */
  readonly maxDurationMs: number;
  /**
   * After a run that took `c` ms, the next waits at least `c × costFactor` ms, so the runs
   * take at most about 1 / (1 + costFactor) of the page's time however large it is.
   */
  readonly costFactor: number;
}

/** The defaults: at most every 500 ms, 20 runs, for 30 s, and at most ~10% of the time. */
export const DEFAULT_BUDGET: BudgetOptions = { minIntervalMs: 500, maxRuns: 20, maxDurationMs: 30_000, costFactor: 9 };

/** Where a budget stands. */
export interface BudgetState {
  readonly startedAt: number;
  readonly runs: number;
  /** When the last run ended (null before the first). */
  readonly lastRunEnd: number | null;
  /** How long the last run took. */
  readonly lastCostMs: number;
}

/** What to do about a change seen at some instant: run at `at` (≥ now), or stop for good. */
export type BudgetDecision = { readonly kind: 'run'; readonly at: number } | { readonly kind: 'stop'; readonly reason: 'runs' | 'time' };

/** A fresh budget, started at `now`. */
export function startBudget(now: number): BudgetState {
  return { startedAt: now, runs: 0, lastRunEnd: null, lastCostMs: 0 };
}

/**
 * When the next run may start, given a change seen at `now`. Contract: never earlier than
 * `now`, nor than `minIntervalMs` (and `lastCostMs × costFactor`) after the last run ended;
 * 'stop' once `maxRuns` ran or when that time is past `startedAt + maxDurationMs`.
 */
export function nextRun(state: BudgetState, now: number, opts: BudgetOptions = DEFAULT_BUDGET): BudgetDecision {
  if (state.runs >= opts.maxRuns) return { kind: 'stop', reason: 'runs' };
  const gap = Math.max(opts.minIntervalMs, state.lastCostMs * opts.costFactor);
  const at = state.lastRunEnd === null ? now : Math.max(now, state.lastRunEnd + gap);
  if (at > state.startedAt + opts.maxDurationMs) return { kind: 'stop', reason: 'time' };
  return { kind: 'run', at };
}

/** The budget after a run that started at `start` and ended at `end`. */
export function recordRun(state: BudgetState, start: number, end: number): BudgetState {
  return { ...state, runs: state.runs + 1, lastRunEnd: end, lastCostMs: Math.max(0, end - start) };
}
