import { defineConfig } from 'vitest/config';

// Unit and integration tests: everything under test/ except the browser suite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Many tests run the real tools (aws, python3, bash, openssl) as oracles; on a busy 2-core
    // machine one such test can take several seconds. Speed is measured by npm run bench, not here.
    testTimeout: 60_000,
    benchmark: { include: ['test/**/*.bench.ts'] },
  },
});
