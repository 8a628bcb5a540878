/**
 * Pages that render late (an article inserted by script after load, a framework that
 * re-renders): a MutationObserver that re-anchors the highlights not found yet, throttled
 * and bounded by src/highlighter/render-budget.ts, so a page that rewrites its DOM forever
 * costs a bounded amount of work. It watches for the budget's whole time, also once everything
 * is drawn (a framework that re-renders the article with the same text after hydration takes the
 * drawn highlights away with the old nodes), and runs only when something is left to anchor.
 */
import { DEFAULT_BUDGET, nextRun, recordRun, startBudget, type BudgetOptions, type BudgetState } from '../../src/highlighter/render-budget';

/** The observer's handle. */
export interface LateRender {
  /** Starts watching with a fresh budget, unless it is watching already. */
  start(): void;
  stop(): void;
  /** Drops the changes seen so far (the caller's own DOM writes, e.g. the mark painter's). */
  forget(): void;
  readonly watching: boolean;
}

/** What the observer needs. */
export interface LateRenderOptions {
  /** Whether any highlight still waits to be anchored. */
  pending(): boolean;
  /** Anchors what is pending (and draws it). */
  rerun(): void;
  readonly budget?: BudgetOptions;
  readonly now?: () => number;
}

/** The late-render observer of `doc`. */
export function lateRender(doc: Document, opts: LateRenderOptions): LateRender {
  const now = opts.now ?? (() => performance.now());
  const budget = opts.budget ?? DEFAULT_BUDGET;
  let observer: MutationObserver | null = null;
  let state: BudgetState = startBudget(now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    observer?.disconnect();
    observer = null;
    clearTimeout(timer);
    clearTimeout(deadline);
    timer = undefined;
  }

  function run(): void {
    timer = undefined;
    if (!observer) return;
    const start = now();
    opts.rerun();
    observer?.takeRecords();
    state = recordRun(state, start, now());
  }

  function changed(): void {
    // Nothing lost (the page changed around the highlights): no run, and none of the budget spent.
    if (timer !== undefined || !observer || !opts.pending()) return;
    const decision = nextRun(state, now(), budget);
    if (decision.kind === 'stop') return stop();
    timer = setTimeout(run, Math.max(0, decision.at - now()));
  }

  return {
    start() {
      if (observer) return;
      const win = doc.defaultView;
      if (!win) return;
      state = startBudget(now());
      observer = new win.MutationObserver(changed);
      observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
      // Past the budget's end no run may start: stop then even if the page has gone quiet.
      deadline = setTimeout(stop, budget.maxDurationMs);
    },
    stop,
    forget() {
      observer?.takeRecords();
    },
    get watching() {
      return observer !== null;
    },
  };
}
