import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: real headless browsers loading the built extension.
 * Three files at a time on CI's two cores: one at a time left about a quarter of the CPU idle
 * (browsers starting, sync rounds, timers), and the suite outgrew CI's 30 minutes; two at a time
 * still left half of it idle (777 s wall for 1,494 s of files, 2026-12-06), three ran the same
 * suite in 698 s. Tests wait on states, never on time (tests/e2e/harness/README.md), so a busier
 * machine makes them slower, not wrong.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: true,
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
