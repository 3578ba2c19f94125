// Component tests in Debian's Chromium against a real Deputy server started for the run.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { deputyReport } from './test/deputy-report.mjs';
import { deputyServer } from './test/deputy-server-plugin.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The demo partners allow-list the origins on ports 5174 and 5173: take whichever is free. */
function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}
const port = (await isFree(5174)) ? 5174 : 5173;

export default {
  files: ['src/**/*.test.ts'],
  rootDir: here('../..'),
  hostname: 'localhost',
  port,
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 15_000 } },
  testsFinishTimeout: 300_000,
  browsers: [
    playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS } }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: here('./tsconfig.json') }), deputyServer()],
  reporters: [defaultReporter(), deputyReport(process.env.DEPUTY_REPORT)],
};
