import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { EXTENSION_KEY } from '../manifest.config.ts';

/** The extension folder, the built extension and the repository root. */
export const EXTENSION_DIR = resolve(import.meta.dirname, '..');
export const DIST = join(EXTENSION_DIR, 'dist');
const ROOT = resolve(EXTENSION_DIR, '..');
const ELEMENTS_DIST = join(ROOT, 'packages', 'elements', 'dist');
export const PASSWORD = 'deputy-demo-pass';

/** Chromium's id for an extension with this manifest key: sha256 of the key, first 32 hex digits spelled a–p. */
export function extensionIdOf(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

/** The extension's origin, which the server must trust for cookie sessions (README, "Server setup"). */
export const EXTENSION_ORIGIN = `chrome-extension://${extensionIdOf(EXTENSION_KEY)}`;

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

/** A real Deputy server (lowdb store, demo seed) on a free loopback port, in its own temp folder. */
export interface DeputyServer {
  url: string;
  stop(): Promise<void>;
}

/** Builds the widgets' bundle when it is not there yet (the host page embeds it). */
export async function ensureElementsBuilt(): Promise<void> {
  if (await access(join(ELEMENTS_DIST, 'deputy-elements.js')).then(() => true, () => false)) return;
  const child = spawn('pnpm', ['--filter', '@deputy/elements', 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error('building @deputy/elements failed');
}

export async function startServer(): Promise<DeputyServer> {
  const dir = await mkdtemp(join(tmpdir(), 'deputy-ext-'));
  const port = await freePort();
  const child = spawn(
    'pnpm',
    ['--filter', '@deputy/server', '--silent', 'start', '--', '--data', join(dir, 'data.json'), '--port', String(port), '--seed', 'demo', '--outbox', join(dir, 'outbox'), '--test-clock'],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEPUTY_EXTENSION_ORIGINS: EXTENSION_ORIGIN } },
  );
  let log = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('listening on')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await killGroup(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  signalGroup(child.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

/**
 * A static host page server on 127.0.0.1, on the first free port of `ports` (0: any): `pages` maps
 * paths to HTML (read at each request); `/elements/*` serves the widgets' built bundle.
 */
export async function startHostPages(pages: Record<string, string>, ports: number[] = [0]): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    const page = pages[path];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = /^\/elements\/([\w.-]+\.js)$/.exec(path)?.[1];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(ELEMENTS_DIST, file)).then(
      (js) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(js),
      () => res.writeHead(404).end(),
    );
  });
  for (const [i, port] of ports.entries()) {
    const error = await new Promise<Error | undefined>((ok) => {
      server.once('error', ok);
      server.listen(port, '127.0.0.1', () => ok(undefined));
    });
    if (!error) break;
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || i === ports.length - 1) {
      throw new Error(`no free port for the host pages among ${ports.join(', ')}: ${error.message}`);
    }
  }
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}`, server, stop: () => new Promise((ok) => server.close(() => ok())) };
}

/** Chromium with the built extension loaded unpacked, and its service worker. */
export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchWithExtension(): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'deputy-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`, ...CHROMIUM_FLAGS],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  if (`chrome-extension://${extensionId}` !== EXTENSION_ORIGIN) throw new Error(`the extension loaded as ${extensionId}, not as its key says`);
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Connects the extension to a server (and host pages) through its options page, as a user does. */
export async function connect(ext: ExtensionBrowser, servers: string[], pages: string[] = []): Promise<void> {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  for (const [form, list] of [
    ['#add-server', servers],
    ['#add-page', pages],
  ] as const) {
    for (const url of list) {
      await options.fill(`${form} input[name=url]`, url);
      await options.click(`${form} button[type=submit]`);
      await options.waitForFunction((text) => document.querySelector('#status')?.textContent === text, `Added ${url}.`);
    }
  }
  await options.close();
}

/** Signs the browser in on a server (the session cookie lands in the browser's cookie jar). */
export async function signIn(ext: ExtensionBrowser, server: string, partner: string, login: string): Promise<void> {
  const res = await ext.context.request.post(`${server}/api/auth/sign-in`, { data: { partner, login, password: PASSWORD } });
  const body = (await res.json()) as { status?: string };
  if (!res.ok() || body.status !== 'signed-in') throw new Error(`sign-in of ${login} failed: ${res.status()} ${JSON.stringify(body)}`);
}

/** A JSON call with the browser's cookie and CSRF token, as a same-site page makes it. */
export async function api<T>(ext: ExtensionBrowser, server: string, method: string, path: string, data?: unknown): Promise<T> {
  const session = await ext.context.request.get(`${server}/api/session`);
  const { csrf } = (await session.json()) as { csrf?: string };
  const res = await ext.context.request.fetch(`${server}${path}`, {
    method,
    headers: csrf ? { 'x-deputy-csrf': csrf } : {},
    ...(data === undefined ? {} : { data }),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (res.status() === 204 ? undefined : await res.json()) as T;
}

/** The id of the browser tab showing `page` (found by URL through the service worker). */
export async function tabIdOf(ext: ExtensionBrowser, page: Page): Promise<number> {
  const url = page.url();
  const id = await ext.worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === u)?.id;
  }, url);
  if (id === undefined) throw new Error(`no tab for ${url}`);
  return id;
}

/** The toolbar badge text, read in the service worker. */
export function badgeText(ext: ExtensionBrowser): Promise<string> {
  return ext.worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Opens the popup for a tab (detached, as `popup.html?tab=<id>`) and waits for it to show a state. */
export async function openPopup(ext: ExtensionBrowser, tabId: number): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('body[data-state]');
  return popup;
}

declare global {
  // The service worker's `chrome` global, used inside `worker.evaluate` callbacks only.
  const chrome: {
    tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> };
    storage: { local: { get(k: unknown): Promise<unknown> } };
    action: { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> };
  };
}
