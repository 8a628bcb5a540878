import { defineConfig } from 'vitest/config';

/**
 * Unit tests: pure domain code in Node. DOM-needing tests opt in with `// @vitest-environment jsdom`.
 * Three workers: Vitest's default is one fewer than the cores, which on CI's two cores ran the
 * files one at a time (much of each file's time is waiting: imports, timers, IndexedDB).
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup-automerge.ts', 'tests/unit/setup-dom.ts', 'tests/unit/setup-channels.ts'],
    // 30 s: three files at once on two cores slow a test by up to half (the slowest unit tests take 10-20 s alone).
    testTimeout: 30_000,
    // Setup hooks that build a library (hundreds of clips) take a few seconds here and went over
    // Vitest's default 10 s on a loaded CI machine (commonplace-round-trip's, 2026-12-03).
    hookTimeout: 60_000,
    // Three: on CI's two cores the suite ran in 290 s against 336 s with two, every test passing
    // (2026-12-07, one slow hour, one after the other); four gained nothing and timed two tests out.
    maxWorkers: 3,
    // Worker threads, not forked processes: each file starts in a new thread, which on CI's two
    // cores ran the suite in 241 s instead of 287 s (2026-12-06), every test passing in both.
    pool: 'threads',
  },
});
