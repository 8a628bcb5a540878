import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: real headless browsers loading the built extension.
 * Browsers are heavy and the machine has two cores, so files run one at a time.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
