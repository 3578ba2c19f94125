// Benchmark: a partner with 10,000 operators on a real Deputy server; `<deputy-user-manager>` from
// the built bundle in headless Chromium. Measures the time to first render (element connected →
// rows painted, server included) and its render-only part (the users response arrived → painted),
// then frame times while scrolling through all 10,000 (further pages load as it scrolls).
// The last line is one JSON object.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { bundleSize } from './bundle-size.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
const dist = resolve(here, '../dist');
const USERS = 10_000;
const PARTNER = 'client-sharing';
const API_PORT = 5190;
const api = `http://localhost:${API_PORT}`;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function startServer(data) {
  const args = ['--filter', '@deputy/server', 'start', '--', '--data', data, '--port', String(API_PORT), '--seed', 'demo', '--outbox', join(data, '..', 'outbox')];
  const child = spawn('pnpm', args, { cwd: repo, detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      process.kill(-child.pid, 'SIGTERM');
    });
  return { child, stop };
}

async function ready(child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the Deputy server exited');
    try {
      await fetch(`${api}/api/session`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('the Deputy server did not start');
}

/** Seeds the demo, then adds 10,000 operators to the partner's stored state (the server is stopped meanwhile). */
async function seed(data) {
  const first = startServer(data);
  await ready(first.child);
  await first.stop();
  const store = JSON.parse(readFileSync(data, 'utf8'));
  const users = store.partners[PARTNER].users;
  const template = users['u-viewOnly'];
  for (let i = 0; i < USERS; i++) {
    const id = `u-bench-${i}`;
    const n = String(i).padStart(5, '0');
    users[id] = { ...template, id, firstName: `Bench${n}`, lastName: `User${n}`, username: `bench-${n}@${PARTNER}`, email: `bench-${n}@example.com`, roles: [i % 3 ? 'viewOnly' : 'editor'] };
  }
  writeFileSync(data, JSON.stringify(store));
}

function staticPage(token) {
  const page = `<!doctype html><meta charset="utf-8"><title>bench</title>
<style>body{margin:0} deputy-user-manager{--deputy-user-manager-height:600px}</style>
<script type="module" src="/deputy-elements.js"></script>
<script>window.DEPUTY = ${JSON.stringify({ api, token })};</script>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    try {
      const body = readFileSync(join(dist, path.replace(/^\/+/, '')));
      res.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(5174, 'localhost', () => done(server)));
}

const dir = mkdtempSync(join(tmpdir(), 'deputy-bench-'));
const data = join(dir, 'db.json');
let server;
let web;
let browser;
try {
  await seed(data);
  server = startServer(data);
  await ready(server.child);
  const minted = await fetch(`${api}/api/embed-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer demo-key-${PARTNER}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'u-admin', origin: 'http://localhost:5174' }),
  });
  if (!minted.ok) throw new Error(`minting a token: ${minted.status} ${await minted.text()}`);
  const { token } = await minted.json();
  web = await staticPage(token);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto('http://localhost:5174/');
  await page.waitForFunction(() => customElements.get('deputy-user-manager'));
  const result = await page.evaluate(async (expected) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    const el = document.createElement('deputy-user-manager');
    el.setAttribute('api', window.DEPUTY.api);
    el.setAttribute('token', window.DEPUTY.token);
    el.setAttribute('kind', 'operator');
    const t0 = performance.now();
    document.body.append(el);
    while (!el.shadowRoot?.querySelector('.row') || !el.shadowRoot.querySelector('[role="status"]').textContent.includes(String(expected))) await frame();
    const painted = await frame();
    const users = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/users')).at(-1);
    const list = el.shadowRoot.querySelector('.list');
    const frames = [];
    let last = await frame();
    while (frames.length < 600 && list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
      list.scrollTop += 240;
      const now = await frame();
      frames.push(now - last);
      last = now;
    }
    const rows = el.shadowRoot.querySelectorAll('.row');
    frames.sort((a, b) => a - b);
    const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
    return {
      render_10k_ms: painted - t0,
      render_only_ms: users ? painted - users.responseEnd : null,
      scroll_frames: frames.length,
      scroll_frame_p50_ms: pct(0.5),
      scroll_frame_p95_ms: pct(0.95),
      scroll_frame_max_ms: frames.at(-1),
      last_row: rows[rows.length - 1]?.getAttribute('aria-posinset'),
      rows_in_dom: rows.length,
    };
  }, USERS + 3);
  const round = (n) => (typeof n === 'number' ? Math.round(n * 10) / 10 : n);
  console.log(`first render of ${USERS + 3} users: ${round(result.render_10k_ms)} ms (render only ${round(result.render_only_ms)} ms after the response)`);
  console.log(`scrolling: ${result.scroll_frames} frames to row ${result.last_row}, p50 ${round(result.scroll_frame_p50_ms)} ms, p95 ${round(result.scroll_frame_p95_ms)} ms, max ${round(result.scroll_frame_max_ms)} ms; ${result.rows_in_dom} rows in the DOM`);
  console.log(JSON.stringify({
    bundle_gzip_bytes: bundleSize().bytes,
    render_10k_ms: round(result.render_10k_ms),
    render_only_ms: round(result.render_only_ms),
    scroll_frame_p95_ms: round(result.scroll_frame_p95_ms),
  }));
} finally {
  await browser?.close();
  web?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
