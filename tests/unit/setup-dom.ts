import { afterAll } from 'vitest';

/**
 * Preact runs effects after paint: on the next animation frame, or on a 35 ms timer when no frame
 * comes first, and that timer then calls `cancelAnimationFrame`. A timer still pending when a DOM
 * file's environment is torn down finds the global gone and fails the whole run on an uncaught
 * ReferenceError, every test passed (CI on 31b4048, from tests/unit/ui/use-marks.test.ts, on a
 * loaded machine). `settleAfterPaint` waits such timers out.
 */
export const AFTER_PAINT_TIMER_MS = 35;
export const settleAfterPaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, AFTER_PAINT_TIMER_MS * 2));

// After every file that runs in a DOM environment (jsdom, happy-dom), before it is torn down.
afterAll(async () => {
  if (typeof document !== 'undefined') await settleAfterPaint();
});
