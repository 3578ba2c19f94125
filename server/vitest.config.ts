import { defineConfig } from 'vitest/config';

const report = process.env.DEPUTY_REPORT;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
