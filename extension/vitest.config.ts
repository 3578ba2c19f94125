import { defineConfig } from 'vitest/config';

const report = process.env.DEPUTY_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      // One Chromium at a time on a 2-core machine: the end-to-end files run one after another.
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 90_000, fileParallelism: false } },
    ],
  },
});
