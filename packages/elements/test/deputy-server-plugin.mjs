// A web-test-runner plugin that starts a real Deputy server for the run (demo seed, temporary store
// and outbox, test clock) and answers the browser's server commands: where the server is, embed
// tokens minted with a demo API key, and the codes in the outbox.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the Deputy server exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the Deputy server did not answer at ${url} within ${ms} ms`);
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function deputyServer({ repoRoot }) {
  let child;
  let dir;
  let api;
  return {
    name: 'deputy-server',
    async serverStart() {
      dir = mkdtempSync(join(tmpdir(), 'deputy-elements-'));
      const port = await freePort();
      api = `http://localhost:${port}`;
      const args = ['--filter', '@deputy/server', 'start', '--', '--data', join(dir, 'db.json'), '--port', String(port), '--seed', 'demo', '--outbox', join(dir, 'outbox'), '--test-clock'];
      child = spawn('pnpm', args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
      await waitFor(`${api}/api/session`, child);
    },
    async serverStop() {
      if (child?.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (command === 'deputy-api') return api;
      if (command === 'deputy-embed-token') {
        const { partner, user, origin } = payload;
        const response = await fetch(`${api}/api/embed-tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer demo-key-${partner}`, 'content-type': 'application/json' },
          body: JSON.stringify({ user, origin }),
        });
        if (!response.ok) throw new Error(`minting a token for ${user}@${partner}: ${response.status} ${await response.text()}`);
        return (await response.json()).token;
      }
      if (command === 'deputy-outbox') {
        const folder = join(dir, 'outbox');
        const messages = readdirSync(folder).sort().map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')));
        return messages.filter((m) => m.to === payload.to).at(-1) ?? null;
      }
      return undefined;
    },
  };
}
