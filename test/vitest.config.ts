import { defineConfig } from 'vitest/config';

// Unit and integration tests: everything under test/ except the browser suite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    benchmark: { include: ['test/**/*.bench.ts'] },
  },
});
