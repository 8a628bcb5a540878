/**
 * How a cost grows: the best of `runs` timings of `work(n)` and of `work(8n)`, taken in turns,
 * and their ratio. Linear work gives a ratio of about 8, quadratic work about 64, so a test
 * asserts `ratio < LINEAR_LIMIT`. Choose `n` so that `work(n)` takes a few milliseconds at least.
 *
 * Why a ratio and not a wall-clock limit: these tests guard against quadratic blow-ups (a parser
 * rescanning its input), and a fixed limit in milliseconds failed on a loaded two-core machine
 * while the cost was linear (pocket, csv and html-tokens, 2026-12-07, load 6 to 23); a busy
 * machine slows both sizes alike. Speed itself is measured by the benchmarks, not by tests.
 * `work` must do its own setup outside the part it times only if that setup is linear too.
 */
export function growth(work: (n: number) => void, n: number, runs = 3): { small: number; big: number; ratio: number } {
  let small = Infinity;
  let big = Infinity;
  work(n); // warm: a first, unoptimised run of the small size made its ratio 40 for linear work
  for (let i = 0; i < runs; i++) {
    small = Math.min(small, timed(() => work(n)));
    big = Math.min(big, timed(() => work(8 * n)));
  }
  return { small, big, ratio: big / Math.max(small, 0.5) };
}

/** A ratio linear work stays under (8 expected; quadratic work gives 64). */
export const LINEAR_LIMIT = 24;

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
