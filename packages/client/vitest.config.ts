import { defineConfig } from 'vitest/config';

const report = process.env.DEPUTY_REPORT;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['test/server.ts'],
    testTimeout: 15_000,
    hookTimeout: 60_000,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
