/**
 * `pnpm bench:instructions` (in server/): what one request costs the server in CPU instructions,
 * counted by valgrind's callgrind, for the check endpoint (GET, real session lookup and decision)
 * and its peer, the bare Hono JSON route of `pnpm bench`. Instruction counts do not move with the
 * neighbours of a shared machine the way req/s do (on the 2-core VMs the same bench's req/s moved
 * by half between runs), so a change to the hot path can be judged by them. They count user space
 * only (every thread of the server: JavaScript, V8, Node, OpenSSL), not the kernel's socket work,
 * which is the same per request for both routes. Each route is warmed up, then counted over
 * ROUNDS batches of BATCH requests; the lowest batch is kept (an early one still pays V8's optimising
 * compiler, which runs on a thread of its own). Needs valgrind (Debian's package); the last line is JSON.
 * Env: BATCH (2000), ROUNDS (5).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BATCH = Number(process.env.BATCH ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const WARM_UP = 10_000;

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error("valgrind not found: install Debian's valgrind package (apt-get install valgrind)");
  process.exit(1);
}

/** A server process under callgrind with counting off until `count` turns it on; resolves when it listens. */
function underCallgrind(dir: string, args: string[]): Promise<{ proc: ChildProcess; base: string }> {
  const valgrind = ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${dir}/cg.%p.out`];
  const proc = spawn('valgrind', [...valgrind, process.execPath, '--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start under valgrind within 3 minutes')), 180_000);
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: m[1]! });
      }
    });
    proc.on('exit', (code) => reject(new Error(`the server under valgrind exited with ${code}`)));
  });
}

function callgrind(pid: number, ...command: string[]): void {
  const done = spawnSync('callgrind_control', [...command, String(pid)], { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`callgrind_control ${command.join(' ')}: ${done.stderr || done.stdout}`);
}

/** The instructions callgrind counted in its newest dump of `pid`. */
function lastDump(dir: string, pid: number): number {
  const dumps = readdirSync(dir).filter((f) => f.startsWith(`cg.${pid}.out.`));
  const newest = dumps.sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).at(-1);
  if (!newest) throw new Error('callgrind wrote no dump');
  const total = readFileSync(path.join(dir, newest), 'utf8').match(/^(?:summary|totals): (\d+)/m);
  if (!total) throw new Error(`no totals in ${newest}`);
  return Number(total[1]);
}

/** Instructions per request of `url` in each of ROUNDS counted batches, after a warm-up. */
async function perRequest(dir: string, pid: number, url: string, headers: Record<string, string> = {}): Promise<number[]> {
  const load = async (amount: number) => {
    const result = await autocannon({ url, headers, connections: 10, amount });
    const failed = result.non2xx + result.errors;
    if (failed > 0) throw new Error(`${url}: ${failed} failed requests`);
  };
  await load(WARM_UP);
  const counts: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    callgrind(pid, '--instr=on');
    callgrind(pid, '--zero');
    await load(BATCH);
    callgrind(pid, '--dump');
    callgrind(pid, '--instr=off');
    counts.push(lastDump(dir, pid) / BATCH);
  }
  return counts;
}

async function stop(proc: ChildProcess): Promise<void> {
  proc.removeAllListeners('exit');
  await new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.kill('SIGKILL');
  });
}

const dir = await mkdtemp(path.join(tmpdir(), 'deputy-instructions-'));
try {
  const bare = await underCallgrind(dir, ['bench/bare-server.ts']);
  const bareCounts = await perRequest(dir, bare.proc.pid!, `${bare.base}/bare`);
  await stop(bare.proc);

  const deputy = await underCallgrind(dir, ['src/main.ts', '--data', path.join(dir, 'data.json'), '--port', '0', '--seed', 'demo', '--outbox', path.join(dir, 'out')]);
  const signIn = await fetch(`${deputy.base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partner: 'client-sharing', login: 'editor@client-sharing', password: 'deputy-demo-pass' }),
  });
  const cookie = `deputy_session=${signIn.headers.get('set-cookie')!.match(/deputy_session=([^;]+)/)![1]}`;
  const checkCounts = await perRequest(dir, deputy.proc.pid!, `${deputy.base}/api/check?action=client.edit&account=alpha`, { cookie });
  await stop(deputy.proc);

  const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
  const [bareCount, checkCount] = [Math.min(...bareCounts), Math.min(...checkCounts)];
  console.log(`bare Hono JSON route: ${k(bareCount)} instructions a request (lowest of ${bareCounts.map(k).join(', ')})`);
  console.log(`GET /api/check: ${k(checkCount)} instructions a request (lowest of ${checkCounts.map(k).join(', ')}), ${(checkCount / bareCount).toFixed(2)}× the bare route's`);
  console.log(JSON.stringify({ check_instructions: Math.round(checkCount), bare_instructions: Math.round(bareCount), check_vs_bare: Number((checkCount / bareCount).toFixed(2)) }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
