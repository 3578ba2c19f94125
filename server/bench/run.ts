/**
 * `pnpm bench` (in server/): throughput of the check endpoint (GET, and POST with a JSON body)
 * against a bare Hono route, a batch of 100 checks, and acknowledged write latency at 10k and 100k
 * users. The last line is JSON.
 *
 * The GET check and the bare route are loaded in turns (PAIRS pairs of windows of DURATION seconds,
 * both servers up, the order swapped every pair): on the shared 2-core VMs the machine's speed moves
 * by half from minute to minute, so two runs minutes apart compare the neighbours more than the
 * routes. Each pair gives one ratio; the pair with the median ratio is reported (its two windows).
 * Env: BENCH_SECONDS (5), BENCH_PAIRS (5).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { WriteFigures } from './writes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const CONNECTIONS = 50;

function spawnServer(args: string[]): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve({ proc, base: m[1]! });
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function stop(proc: ChildProcess): Promise<void> {
  proc.removeAllListeners('exit');
  await new Promise((r) => {
    proc.once('exit', r);
    proc.kill('SIGTERM');
  });
}

/** Write latency at `users` users, measured in a process of its own (see writes.ts). */
function measureWrites(users: number, samples: number): WriteFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/writes.ts', String(users), String(samples)], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as WriteFigures;
}

/** CPU time (µs) a process has used, from /proc (Linux; clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** autocannon's result, with the server's own CPU time per request. */
type Loaded = autocannon.Result & { cpuPerRequest: number };

/**
 * One window of load on `pid`'s server: DURATION seconds after a warm-up of 3,000 requests; also the
 * server's own CPU time per request, which says what the route costs whatever else the machine is running.
 */
async function measure(pid: number, opts: autocannon.Options): Promise<Loaded> {
  await autocannon({ connections: CONNECTIONS, amount: 3000, ...opts });
  const before = cpuMicros(pid);
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const cpuPerRequest = (cpuMicros(pid) - before) / result.requests.total;
  const errors = result.non2xx + result.errors;
  if (errors > 0) throw new Error(`${opts.url}: ${errors} failed requests`);
  return { ...result, cpuPerRequest };
}

function report(name: string, r: Loaded): void {
  console.log(
    `${name}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
      `server CPU ${r.cpuPerRequest.toFixed(0)} µs/request, errors 0`,
  );
}

/** One window of load, reported under `name`. */
async function load(name: string, pid: number, opts: autocannon.Options): Promise<Loaded> {
  const result = await measure(pid, opts);
  report(name, result);
  return result;
}

const dir = await mkdtemp(path.join(tmpdir(), 'deputy-bench-'));
try {
  const bare = await spawnServer(['bench/bare-server.ts']);
  const deputy = await spawnServer(['src/main.ts', '--data', path.join(dir, 'data.json'), '--port', '0', '--seed', 'demo', '--outbox', path.join(dir, 'out')]);
  const signIn = await fetch(`${deputy.base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partner: 'client-sharing', login: 'editor@client-sharing', password: 'deputy-demo-pass' }),
  });
  const cookie = `deputy_session=${signIn.headers.get('set-cookie')!.match(/deputy_session=([^;]+)/)![1]}`;
  const { csrf } = (await (await fetch(`${deputy.base}/api/session`, { headers: { cookie } })).json()) as { csrf: string };
  const headers = { cookie, 'x-deputy-csrf': csrf, 'content-type': 'application/json' };
  const bareLoad = () => measure(bare.proc.pid!, { url: `${bare.base}/bare` });
  const checkLoad = () => measure(deputy.proc.pid!, { url: `${deputy.base}/api/check?action=client.edit&account=alpha`, headers: { cookie } });
  const pairs: Array<{ bare: Loaded; check: Loaded; ratio: number }> = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    let b: Loaded;
    let k: Loaded;
    if (pair % 2 === 0) {
      b = await bareLoad();
      k = await checkLoad();
    } else {
      k = await checkLoad();
      b = await bareLoad();
    }
    pairs.push({ bare: b, check: k, ratio: k.requests.average / b.requests.average });
    console.log(`pair ${pair + 1}: bare ${b.requests.average.toFixed(0)} req/s, check ${k.requests.average.toFixed(0)} req/s, check/bare ${(100 * pairs.at(-1)!.ratio).toFixed(1)} %`);
  }
  await stop(bare.proc);
  const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]!;
  const { bare: bareResult, check: checkResult, ratio } = median;
  console.log(`the pair with the median ratio (pair ${pairs.indexOf(median) + 1} of ${PAIRS}):`);
  report('bare Hono JSON route', bareResult);
  report('GET /api/check', checkResult);
  console.log(`GET /api/check / bare route: ${(100 * ratio).toFixed(1)} % (pairs ${pairs.map((p) => (100 * p.ratio).toFixed(1)).join(', ')} %)`);
  const check = { action: 'client.edit', target: { account: 'alpha' } };
  const postResult = await load('POST /api/check', deputy.proc.pid!, { url: `${deputy.base}/api/check`, method: 'POST', headers, body: JSON.stringify(check) });
  const checks = Array.from({ length: 100 }, (_, i) => ({ action: i % 2 ? 'client.edit' : 'client.settings', target: { account: ['alpha', 'beta', 'gamma'][i % 3] } }));
  const batchResult = await load('POST /api/check/batch (100 checks)', deputy.proc.pid!, { url: `${deputy.base}/api/check/batch`, method: 'POST', headers, body: JSON.stringify({ checks }) });
  await stop(deputy.proc);

  const w10k = measureWrites(10_000, 200);
  console.log(`writes at 10k users (${w10k.fileMb.toFixed(1)} MB file): p50 ${w10k.p50.toFixed(1)} ms, p99 ${w10k.p99.toFixed(1)} ms, max event-loop stall ${w10k.maxStall.toFixed(1)} ms`);
  const w100k = measureWrites(100_000, 40);
  console.log(`writes at 100k users (${w100k.fileMb.toFixed(1)} MB file): p50 ${w100k.p50.toFixed(1)} ms, p99 ${w100k.p99.toFixed(1)} ms, max event-loop stall ${w100k.maxStall.toFixed(1)} ms`);

  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(
    JSON.stringify({
      check_rps: Math.round(checkResult.requests.average),
      bare_rps: Math.round(bareResult.requests.average),
      check_vs_bare: Number(ratio.toFixed(3)),
      check_p99_ms: checkResult.latency.p99,
      check_cpu_us: Math.round(checkResult.cpuPerRequest),
      bare_cpu_us: Math.round(bareResult.cpuPerRequest),
      check_post_rps: Math.round(postResult.requests.average),
      check_post_p99_ms: postResult.latency.p99,
      batch_decisions_per_s: Math.round(batchResult.requests.average * 100),
      write_p99_ms_10k: round(w10k.p99),
      write_p99_ms_100k: round(w100k.p99),
      max_stall_ms_10k: round(w10k.maxStall),
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
