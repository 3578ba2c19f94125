/**
 * `pnpm bench:pg` (in server/): the check endpoint's throughput and p99 with one and with two server
 * processes on PostgreSQL, acknowledged write latency on PostgreSQL, and the lowdb check figures of
 * the same run, all on one partner with 100,000 users and 1,000,000 shares. Loopback only; every
 * loop is bounded in time and count. Each check load follows a warm-up and also reports the CPU
 * each request cost in the servers, in PostgreSQL and in the load generator, from which the bench
 * says what the machine's cores allow at best. The last line is JSON.
 * Env: DATABASE_URL (default the local test database), BENCH_SECONDS (10), BENCH_USERS, BENCH_SHARES.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { Caller, signIn, startServer, type ServerProcess } from '../src/scale/harness.js';
import { demoPartners } from '../src/seed/demo.js';
import type { StoreData } from '../src/store/lowdb.js';
import { moveStore } from '../src/store/move.js';
import { PostgresStore } from '../src/store/postgres.js';
import { appDatabaseUrl, dropSchema, freshSchema, TEST_DATABASE_URL } from '../src/store/postgres-testing.js';
import type { ShareRecord } from '@deputy/core';
import type { AccountRow, GroupRow, PartnerState, UserRow } from '../src/store/types.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SHARES = Number(process.env.BENCH_SHARES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WRITES = 400;
const WRITE_BUDGET_MS = 30_000;
const SHARES_PER_ACCOUNT = 20;
const MEMBERS_PER_GROUP = 20;
const RIGHTS = ['view', 'admin', 'admin+settings'] as const;

/** The client-sharing demo partner grown to USERS users in groups of 20, and SHARES shares (20 groups per account). */
async function bigPartner(): Promise<{ partner: PartnerState; targets: string[] }> {
  const partner = (await demoPartners(Date.now())).find((p) => p.id === 'client-sharing')!;
  const template = partner.users['u-viewOnly']!;
  for (let i = 0; i < USERS; i++) {
    const id = `u-bench-${i}`;
    partner.users[id] = { ...template, id, username: `bench${i}@client-sharing`, email: `bench${i}@example.com`, firstName: 'Bench', lastName: `User${i}` } satisfies UserRow;
  }
  partner.users['u-probe'] = { ...template, id: 'u-probe', username: 'probe@client-sharing', email: 'probe@example.com', roles: ['editor'] };
  partner.groups['grp-probe'] = { id: 'grp-probe', name: 'Probe', members: ['u-probe'] };
  partner.shares.push({ account: 'acc-0', group: 'grp-probe', right: 'admin+settings' });
  const groups = Math.max(SHARES_PER_ACCOUNT, Math.floor(USERS / MEMBERS_PER_GROUP));
  for (let g = 0; g < groups; g++) {
    const members = Array.from({ length: MEMBERS_PER_GROUP }, (_, k) => `u-bench-${(g * MEMBERS_PER_GROUP + k) % USERS}`);
    if (g < 4) members.push('u-editor');
    partner.groups[`grp-${g}`] = { id: `grp-${g}`, name: `Group ${g}`, members } satisfies GroupRow;
  }
  const step = Math.floor(groups / SHARES_PER_ACCOUNT);
  const targets: string[] = [];
  for (let a = 0; a * SHARES_PER_ACCOUNT < SHARES; a++) {
    const id = `acc-${a}`;
    partner.accounts[id] = { id, name: `Account ${a}`, secure: false, setupCompleted: a % 3 === 0, template: false, createdAt: 0 } satisfies AccountRow;
    for (let k = 0; k < SHARES_PER_ACCOUNT; k++) {
      const group = (a * 7 + k * step) % groups;
      partner.shares.push({ account: id, group: `grp-${group}`, right: RIGHTS[(a + k) % 3]! } satisfies ShareRecord);
      if (group < 4 && targets.length < 16) targets.push(id);
    }
  }
  // Checks cycle over accounts shared with the editor's groups and accounts that are not.
  return { partner, targets: [...targets, 'acc-1', 'acc-2', 'acc-3', 'acc-5'] };
}

/**
 * What a database in service has done long since, and this one only just loaded: vacuumed and
 * analysed its tables (autovacuum may be off, as it is on these machines) and written its dirty pages. Done as the
 * administrator, so that the writes measured are the benchmark's and not the bulk load's.
 */
async function settle(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [schema]);
    for (const { name } of rows) await admin.query(`VACUUM (ANALYZE) ${schema}.${name}`);
    await admin.query('CHECKPOINT');
  } finally {
    await admin.end();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** CPU time (µs) processes have used, from /proc (Linux; clock ticks of 10 ms); 0 for a process gone. */
function cpuMicros(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone since it was listed
    }
  }
  return ticks * 10_000;
}

/** PostgreSQL's processes on this machine (none when it runs elsewhere). */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres');
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface CheckFigures {
  rps: number;
  p99: number;
  /** CPU per request (µs) of the server processes, of PostgreSQL, and of this process (the load generator) */
  cpu: { server: number; postgres: number; load: number };
}

/**
 * The most checks per second the machine's cores allow at the CPU per request measured: each
 * server process uses one core at most, and everything together no more than all of them.
 */
function ceiling(f: CheckFigures, processes: number): number {
  const cores = cpus().length;
  return Math.round(Math.min((processes * 1e6) / f.cpu.server, (cores * 1e6) / (f.cpu.server + f.cpu.postgres + f.cpu.load)));
}

/**
 * Load one server (or several at once) with checks for SECONDS, after a warm-up of 3,000 checks
 * each: their summed req/s, the worst p99, and what each request cost in CPU where, which tells
 * what the figures are worth on a machine that other work shares.
 */
async function checkLoad(name: string, servers: ServerProcess[], caller: Caller, targets: string[]): Promise<CheckFigures> {
  const headers = { cookie: `deputy_session=${caller.cookie}`, 'x-deputy-csrf': caller.csrf, 'content-type': 'application/json' };
  const requests = targets.map((account) => ({ method: 'POST' as const, path: '/api/check', headers, body: JSON.stringify({ action: 'client.data', target: { account } }) }));
  await Promise.all(servers.map((s) => autocannon({ url: s.base, connections: CONNECTIONS, amount: 3_000, requests })));
  const serverPids = servers.map((s) => s.proc.pid!);
  const pgPids = postgresPids();
  const before = { server: cpuMicros(serverPids), postgres: cpuMicros(pgPids), load: cpuMicros([process.pid]) };
  const results = await Promise.all(servers.map((s) => autocannon({ url: s.base, connections: CONNECTIONS, duration: SECONDS, requests })));
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const perRequest = (pids: number[], from: number) => Math.round((cpuMicros(pids) - from) / total);
  const cpu = { server: perRequest(serverPids, before.server), postgres: perRequest(pgPids, before.postgres), load: perRequest([process.pid], before.load) };
  const failed = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
  const rps = results.reduce((n, r) => n + r.requests.average, 0);
  const p99 = Math.max(...results.map((r) => r.latency.p99));
  const p50 = Math.max(...results.map((r) => r.latency.p50));
  console.log(
    `${name}: ${rps.toFixed(0)} req/s, p50 ${p50} ms, p99 ${p99} ms, ${CONNECTIONS} connections per process, failed ${failed}; ` +
      `CPU per request: server${servers.length > 1 ? 's' : ''} ${cpu.server} µs, PostgreSQL ${cpu.postgres} µs, load generator ${cpu.load} µs`,
  );
  if (failed > 0) throw new Error(`${name}: ${failed} failed requests`);
  return { rps, p99, cpu };
}

interface WriteFigures {
  p50: number;
  p99: number;
  readP99: number;
  n: number;
}

/**
 * Sequential acknowledged writes through `writer`, each followed by the probe user's check on
 * `reader`, the other process, which must already decide on the write. Bounded in count and time.
 */
async function writeLoad(
  writer: string,
  reader: string,
  admin: Caller,
  probe: Caller,
  limit: number,
  write: (i: number) => { method: string; url: string; body: unknown; check: { action: string; target: object }; allowed: boolean },
): Promise<WriteFigures> {
  const writes: number[] = [];
  const reads: number[] = [];
  const deadline = performance.now() + WRITE_BUDGET_MS;
  for (let i = 0; i < limit && performance.now() < deadline; i++) {
    const w = write(i);
    const start = performance.now();
    const res = await admin.request(writer, w.method, w.url, w.body);
    if (res.status !== 200) throw new Error(`write answered ${res.status}: ${await res.text()}`);
    writes.push(performance.now() - start);
    const readStart = performance.now();
    const read = await probe.json<{ allowed: boolean }>(reader, 'POST', '/api/check', w.check);
    reads.push(performance.now() - readStart);
    if (read.body.allowed !== w.allowed) throw new Error(`process 2 decided on stale data after write ${i}`);
  }
  writes.sort((a, b) => a - b);
  reads.sort((a, b) => a - b);
  return { p50: percentile(writes, 50), p99: percentile(writes, 99), readP99: percentile(reads, 99), n: writes.length };
}

const describeWrites = (name: string, w: WriteFigures) =>
  console.log(
    `PostgreSQL ${name}, ${w.n} sequential, acknowledged after COMMIT: p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms; ` +
      `the other process's next check (always on the new data) p99 ${w.readP99.toFixed(1)} ms`,
  );

const dir = await mkdtemp(path.join(tmpdir(), 'deputy-pg-bench-'));
const schema = freshSchema('bench');
const servers: ServerProcess[] = [];
const start = async (o: { schema?: string; data: string }) => {
  const s = await timed(`start ${o.schema ? 'PostgreSQL' : 'lowdb'} server`, () =>
    startServer({ ...o, outbox: path.join(dir, 'outbox'), nodeArgs: ['--max-old-space-size=8192'], env: { NODE_ENV: 'production' } }),
  );
  servers.push(s);
  return s;
};
try {
  const { partner, targets } = await timed(`generate ${USERS} users, ${SHARES} shares`, bigPartner);
  const data: StoreData = { format: 'deputy-store/1', partners: { [partner.id]: partner }, sessions: {}, attempts: {}, audit: {} };
  const url = await appDatabaseUrl();
  const store = await PostgresStore.open(url, { schema });
  await timed('restore into PostgreSQL (one transaction)', () => store.restore(data));
  await store.close();
  await timed('settle PostgreSQL after the load (VACUUM ANALYZE, CHECKPOINT)', () => settle(schema));
  const file = path.join(dir, 'data.json');
  await timed('move PostgreSQL -> lowdb file', () => moveStore(url, file, { schema }));
  console.log(`lowdb file: ${((await stat(file)).size / 1e6).toFixed(0)} MB`);
  const outbox = path.join(dir, 'outbox');

  const low = await start({ data: file });
  const lowCaller = await signIn(low.base, outbox, 'client-sharing', 'editor@client-sharing');
  const lowdb = await checkLoad('lowdb, 1 process: POST /api/check', [low], lowCaller, targets);
  await low.stop();

  const one = await start({ schema, data: path.join(dir, 'unused.json') });
  const editor = await signIn(one.base, outbox, 'client-sharing', 'editor@client-sharing');
  const pg1 = await checkLoad('PostgreSQL, 1 process: POST /api/check', [one], editor, targets);
  const two = await start({ schema, data: path.join(dir, 'unused.json') });
  const pg2 = await checkLoad('PostgreSQL, 2 processes: POST /api/check', [one, two], editor, targets);

  const admin = await signIn(one.base, outbox, 'client-sharing', 'admin@client-sharing');
  const probe = await signIn(one.base, outbox, 'client-sharing', 'probe@client-sharing');
  const roles = ['viewOnly', 'editor'];
  const w = await writeLoad(one.base, two.base, admin, probe, 400, (i) => ({
    method: 'PUT', url: '/api/users/u-probe/roles', body: { roles: [roles[i % 2]] },
    check: { action: 'client.data', target: { account: 'acc-0' } }, allowed: i % 2 === 1,
  }));
  describeWrites('role changes (user row + audit)', w);
  await admin.request(one.base, 'PUT', '/api/users/u-probe/roles', { roles: ['editor'] });
  const shares = await writeLoad(one.base, two.base, admin, probe, 100, (i) => ({
    method: 'PUT', url: `/api/accounts/acc-${i + 1}/shares/grp-probe`, body: { right: RIGHTS[i % 3] },
    check: { action: 'client.data', target: { account: `acc-${i + 1}` } }, allowed: RIGHTS[i % 3] !== 'view',
  }));
  describeWrites(`share changes (share row + audit; in memory found through the account's shares among ${SHARES})`, shares);
  console.log(`two processes vs one: ${(pg2.rps / pg1.rps).toFixed(2)}x (target 1.7x; ${cpus().length} cores here shared by the servers, PostgreSQL and the load generator)`);
  const best1 = ceiling(pg1, 1);
  const best2 = ceiling(pg2, 2);
  console.log(
    `CPU ceiling (what the measured CPU per request allows if nothing else ran): one process ${best1} req/s, two ${best2} req/s, ` +
      `${(best2 / best1).toFixed(2)}x; load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
  );
  console.log(
    JSON.stringify({
      pg_check_rps_1: Math.round(pg1.rps),
      pg_check_rps_2: Math.round(pg2.rps),
      pg_check_p99_ms: pg1.p99,
      pg_write_p50_ms: round(w.p50),
      pg_write_p99_ms: round(w.p99),
      pg_share_write_p99_ms: round(shares.p99),
      lowdb_check_p99_ms: lowdb.p99,
      lowdb_check_rps: Math.round(lowdb.rps),
      pg_check_server_cpu_us: pg1.cpu.server,
      pg_check_postgres_cpu_us: pg1.cpu.postgres,
      lowdb_check_server_cpu_us: lowdb.cpu.server,
    }),
  );
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await dropSchema(schema);
  await rm(dir, { recursive: true, force: true });
}
