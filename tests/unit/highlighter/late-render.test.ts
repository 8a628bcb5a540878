// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lateRender } from '../../../extension/highlighter/late-render';

const budget = { minIntervalMs: 500, maxRuns: 5, maxDurationMs: 30_000, costFactor: 9 };
/** Lets MutationObserver callbacks (microtasks) run. */
const flush = () => Promise.resolve().then(() => undefined);

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<main id="m"></main>';
});
afterEach(() => vi.useRealTimers());

describe('the late-render observer', () => {
  it('watches with nothing pending, and runs only once something is (a page that renders the article again takes drawn highlights away)', async () => {
    let pending = false;
    const rerun = vi.fn(() => void (pending = false));
    const late = lateRender(document, { pending: () => pending, rerun, budget, now: () => Date.now() });
    late.start();
    expect(late.watching).toBe(true);
    const m = document.querySelector('#m')!;
    m.textContent = 'the page changed around the highlights';
    await flush();
    vi.advanceTimersByTime(1_000);
    expect(rerun).not.toHaveBeenCalled();
    // Re-rendered: the drawn ranges collapsed.
    pending = true;
    m.textContent = 'rendered again';
    await flush();
    vi.advanceTimersByTime(1_000);
    expect(rerun).toHaveBeenCalledTimes(1);
    expect(late.watching).toBe(true);
    vi.advanceTimersByTime(30_000);
    expect(late.watching).toBe(false);
  });

  it('re-anchors after the page changes, and keeps watching for its time', async () => {
    let pending = true;
    const rerun = vi.fn(() => {
      pending = !document.querySelector('#article');
    });
    const late = lateRender(document, { pending: () => pending, rerun, budget, now: () => Date.now() });
    late.start();
    expect(late.watching).toBe(true);
    document.querySelector('#m')!.append(Object.assign(document.createElement('p'), { id: 'article', textContent: 'late text' }));
    await flush();
    vi.advanceTimersByTime(0);
    expect(rerun).toHaveBeenCalledTimes(1);
    expect(late.watching).toBe(true);
    late.stop();
  });

  it('bounds a page that changes continuously: throttled, at most maxRuns runs, then disconnected', async () => {
    const rerun = vi.fn();
    const late = lateRender(document, { pending: () => true, rerun, budget, now: () => Date.now() });
    late.start();
    const m = document.querySelector('#m')!;
    for (let t = 0; t < 20_000; t += 16) {
      m.textContent = String(t);
      await flush();
      vi.advanceTimersByTime(16);
    }
    expect(rerun).toHaveBeenCalledTimes(5);
    expect(late.watching).toBe(false);
  });

  it('runs at most once per interval however many changes come', async () => {
    const rerun = vi.fn();
    const late = lateRender(document, { pending: () => true, rerun, budget: { ...budget, maxRuns: 100 }, now: () => Date.now() });
    late.start();
    const m = document.querySelector('#m')!;
    for (let t = 0; t < 2_000; t += 10) {
      m.textContent = String(t);
      await flush();
      vi.advanceTimersByTime(10);
    }
    expect(rerun.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(rerun.mock.calls.length).toBeLessThanOrEqual(5);
    late.stop();
  });

  it('stops at the end of its time even when the page went quiet', () => {
    const late = lateRender(document, { pending: () => true, rerun: vi.fn(), budget, now: () => Date.now() });
    late.start();
    vi.advanceTimersByTime(30_001);
    expect(late.watching).toBe(false);
  });
});
