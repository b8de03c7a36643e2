import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against a
// production build served under the GitHub Pages sub-path.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: one Chromium at a time keeps timings stable.
    fileParallelism: false,
  },
});
