// Starts a real Deputy server (demo seed, temporary store and outbox) for the client's tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    api: string;
    outbox: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'deputy-client-'));
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const outbox = join(dir, 'outbox');
  const args = ['--reporter=silent', '--filter', '@deputy/server', 'start', '--', '--data', join(dir, 'db.json'), '--port', String(port), '--seed', 'demo', '--outbox', outbox, '--test-clock'];
  const server = spawn('pnpm', args, { cwd: join(import.meta.dirname, '../../..'), stdio: ['ignore', 'ignore', 'inherit'] });
  child = server;
  const end = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the Deputy server exited with ${server.exitCode}`);
    try {
      await fetch(`${api}/api/session`);
      break;
    } catch {
      if (Date.now() > end) throw new Error(`the Deputy server did not answer at ${api}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  project.provide('api', api);
  project.provide('outbox', outbox);
}

/** The process tree under `root` (pnpm runs the script in a process group of its own): every pid, and the leaves. */
function tree(root: number): { all: number[]; leaves: number[] } {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return { all, leaves: all.filter((pid) => !children.has(pid)) };
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // it has exited
  }
}

async function exited(pids: number[]): Promise<void> {
  for (let i = 0; i < 50 && pids.some((pid) => signal(pid, 0)); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function teardown(): Promise<void> {
  if (child?.pid && child.exitCode === null) {
    // Signal the server itself: it writes its store, exits 0, and tsx, the shell and pnpm follow.
    const { all, leaves } = tree(child.pid);
    for (const pid of leaves) signal(pid, 'SIGTERM');
    await exited(all);
    for (const pid of all.reverse()) signal(pid, 'SIGTERM');
    await exited(all);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
