// Component tests in Debian's Chromium against a real Deputy server started for the run.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { deputyReport } from './test/deputy-report.mjs';
import { deputyServer } from './test/deputy-server-plugin.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export default {
  files: ['src/**/*.test.ts'],
  rootDir: here('../..'),
  // The demo partners allow-list this origin for embed tokens and CORS.
  hostname: 'localhost',
  port: 5174,
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 15_000 } },
  testsFinishTimeout: 300_000,
  browsers: [
    playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS } }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: here('./tsconfig.json') }), deputyServer({ repoRoot: here('../..') })],
  reporters: [defaultReporter(), deputyReport(process.env.DEPUTY_REPORT)],
};
