/**
 * The stack the journeys run on: a real Deputy server process (temp lowdb store, `--seed demo`,
 * `--test-clock`), the demo host site on an allow-listed origin, and Debian's Chromium with the
 * built extension loaded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createHostApp } from '@deputy/demo-host';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { freePort, startProcess, stopProcess } from './processes.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const EXTENSION_DIST = join(ROOT, 'extension', 'dist');
const ELEMENTS_DIST = join(ROOT, 'packages', 'elements', 'dist');
/** Ports of origins on every demo partner's allow-list (embed tokens work only from there). */
const HOST_PORTS = [5174, 5173];

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Stack {
  /** the Deputy server's base URL */
  api: string;
  /** the host page's origin */
  host: string;
  /** the development outbox folder */
  outbox: string;
  context: BrowserContext;
  /** the extension's service worker and id */
  worker: Worker;
  extensionId: string;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'deputy-e2e-'));
  const outbox = join(dir, 'outbox');
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [`--disable-extensions-except=${EXTENSION_DIST}`, `--load-extension=${EXTENSION_DIST}`, ...CHROMIUM_FLAGS],
  });
  context.setDefaultTimeout(10_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;

  const port = await freePort();
  const server = await startProcess(
    'pnpm',
    ['--filter', '@deputy/server', '--silent', 'start', '--', '--data', join(dir, 'data.json'), '--port', String(port), '--seed', 'demo', '--outbox', outbox, '--test-clock'],
    // The extension calls with the browser's cookie session from its own origin (extension/README.md).
    { cwd: ROOT, env: { ...process.env, DEPUTY_EXTENSION_ORIGINS: `chrome-extension://${extensionId}` }, ready: 'listening on' },
  );
  const api = `http://127.0.0.1:${port}`;
  const { server: hostServer, url: host } = await listenOnFirstFree(createHostApp({ api, outbox, elementsDir: ELEMENTS_DIST }).fetch);
  return {
    api,
    host,
    outbox,
    context,
    worker,
    extensionId,
    async stop() {
      await context.close();
      await Promise.all([stopProcess(server), new Promise((ok) => hostServer.close(ok))]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function listenOnFirstFree(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: Server; url: string }> {
  for (const port of HOST_PORTS) {
    const result = await new Promise<Server | Error>((ok) => {
      const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => ok(server as Server)) as Server;
      server.once('error', ok);
    });
    if (!(result instanceof Error)) return { server: result, url: `http://127.0.0.1:${port}` };
    if ((result as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw result;
  }
  throw new Error(`no free port for the host page among ${HOST_PORTS.join(', ')} (is a demo running?)`);
}
