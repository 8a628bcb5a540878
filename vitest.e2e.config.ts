import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: real headless browsers loading the built extension.
 * Two files at a time on CI's two cores: one at a time left about a quarter of the CPU idle
 * (browsers starting, sync rounds, timers), and the suite outgrew CI's 30 minutes.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
