import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET, nextRun, recordRun, startBudget, type BudgetOptions } from '../../../src/highlighter/render-budget';

const opts: BudgetOptions = { minIntervalMs: 500, maxRuns: 3, maxDurationMs: 10_000, costFactor: 9 };

describe('render budget', () => {
  it('runs the first change at once, then no sooner than the interval after the last run ended', () => {
    let s = startBudget(1_000);
    expect(nextRun(s, 1_010, opts)).toEqual({ kind: 'run', at: 1_010 });
    s = recordRun(s, 1_010, 1_020);
    expect(nextRun(s, 1_030, opts)).toEqual({ kind: 'run', at: 1_520 });
    expect(nextRun(s, 2_000, opts)).toEqual({ kind: 'run', at: 2_000 });
  });

  it('waits longer after a costly run, so runs take about a tenth of the time at most', () => {
    let s = startBudget(0);
    s = recordRun(s, 0, 200);
    expect(nextRun(s, 200, opts)).toEqual({ kind: 'run', at: 200 + 1_800 });
  });

  it('stops after the most runs', () => {
    let s = startBudget(0);
    for (let i = 0; i < 3; i++) {
      const d = nextRun(s, i * 1_000, opts);
      expect(d.kind).toBe('run');
      s = recordRun(s, i * 1_000, i * 1_000 + 1);
    }
    expect(nextRun(s, 5_000, opts)).toEqual({ kind: 'stop', reason: 'runs' });
  });

  it('starts nothing after the duration', () => {
    const s = startBudget(0);
    expect(nextRun(s, 10_001, opts)).toEqual({ kind: 'stop', reason: 'time' });
    const late = recordRun(startBudget(0), 9_800, 9_900);
    expect(nextRun(late, 9_950, opts)).toEqual({ kind: 'stop', reason: 'time' });
  });

  it('bounds a page that changes every millisecond: at most maxRuns runs, none after maxDuration', () => {
    let s = startBudget(0);
    let runs = 0;
    let nextAt: number | null = null;
    for (let t = 0; t <= 60_000; t++) {
      if (nextAt === null) {
        const d = nextRun(s, t, DEFAULT_BUDGET);
        if (d.kind === 'stop') break;
        nextAt = d.at;
      }
      if (t >= nextAt) {
        s = recordRun(s, t, t + 5);
        runs++;
        expect(t).toBeLessThanOrEqual(DEFAULT_BUDGET.maxDurationMs);
        nextAt = null;
      }
    }
    expect(runs).toBeLessThanOrEqual(DEFAULT_BUDGET.maxRuns);
    expect(runs).toBeGreaterThan(1);
  });
});
