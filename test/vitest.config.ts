import { defineConfig } from 'vitest/config';

const report = process.env.DEPUTY_REPORT;

export default defineConfig({
  test: {
    include: ['*.test.ts'],
    // One server, one host and one browser for the whole file; journeys run in order.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
