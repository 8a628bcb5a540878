import { defineConfig } from 'vitest/config';

/** Unit tests: pure domain code in Node. DOM-needing tests opt in with `// @vitest-environment jsdom`. */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup-automerge.ts'],
    testTimeout: 20_000,
  },
});
