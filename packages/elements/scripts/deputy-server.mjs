// Starts a real Deputy server the way the README says (`pnpm --filter @deputy/server start -- …`)
// and stops it with everything it spawned: pnpm runs the script in a process group of its own,
// so signalling pnpm (or its group) alone would leave the server running.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The process tree under `root`: every pid, and the leaves (the server itself). */
function tree(root) {
  const children = new Map();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return { all, leaves: all.filter((pid) => !children.has(pid)) };
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts the server on `port` with the given store file and outbox folder, waits until it answers.
 * @returns {Promise<{ api: string, stop: () => Promise<void> }>}
 */
export async function startDeputyServer({ data, port, outbox, seed = 'demo', testClock = false }) {
  const args = ['--reporter=silent', '--filter', '@deputy/server', 'start', '--', '--data', data, '--port', String(port), '--seed', seed, '--outbox', outbox];
  if (testClock) args.push('--test-clock');
  const child = spawn('pnpm', args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const api = `http://localhost:${port}`;
  // Signal the server itself: it shuts down cleanly (exit 0), and tsx, the shell and pnpm follow.
  const stop = async () => {
    const { all, leaves } = tree(child.pid);
    const wait = async (ms) => {
      for (let i = 0; i < ms / 100 && all.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    };
    for (const pid of leaves) if (alive(pid)) process.kill(pid, 'SIGTERM');
    await wait(5000);
    for (const pid of all.reverse()) if (alive(pid)) process.kill(pid, 'SIGTERM');
    await wait(5000);
  };
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Deputy server exited with ${child.exitCode}`);
    try {
      await fetch(`${api}/api/session`);
      return { api, stop };
    } catch {
      if (Date.now() > end) {
        await stop();
        throw new Error(`the Deputy server did not answer at ${api}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
