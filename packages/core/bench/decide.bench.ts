/// <reference types="node" />
/**
 * Deputy's `decide` against CASL and casbin on one generated partner (see ./scenario.ts), at 10,000
 * and at 100,000 client accounts. It first checks that the three engines agree on every sampled
 * request, then prints ns per decision (median of several rounds), decisions per second, the heap
 * each engine's state takes, and the ratios; the last line is one JSON object with the headline figures.
 *
 * Run: pnpm --filter @deputy/core bench
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compilePolicy, decide, Directory, effectiveRights, type Session } from '../src/index.js';
import { buildCasbin, buildCasl } from './engines.js';
import { benchPolicy, scenario } from './scenario.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const OPERATORS = 1_000;
const GROUPS = 50;
const REQUESTS = 20_000;
const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Heap taken by what `build` returns (after full collections on both sides). */
async function withHeap<T>(build: () => T | Promise<T>): Promise<{ value: T; bytes: number }> {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = await build();
  gc();
  gc();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}

/** Median ns per call of `one` over `rounds` rounds of `n` calls, after one warm-up round. */
function nsPer(n: number, rounds: number, one: (i: number) => boolean): number {
  let sink = 0;
  for (let i = 0; i < n; i++) if (one(i)) sink++;
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) if (one(i)) sink++;
    samples.push(Number(process.hrtime.bigint() - start) / n);
  }
  if (sink < 0) console.log(sink);
  return median(samples);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function run(accounts: number) {
  const s = scenario(OPERATORS, accounts, GROUPS, REQUESTS);
  const cp = compilePolicy(benchPolicy);
  const deputy = await withHeap(() => new Directory(s.data));
  const casl = await withHeap(() => buildCasl(s));
  const casbin = await withHeap(() => buildCasbin(s));
  const dir = deputy.value;
  const { abilities, accounts: caslAccounts } = casl.value;
  const { enforcer, accounts: casbinAccounts } = casbin.value;

  const sessions = new Map<string, Session>(s.data.users!.map((u) => [u.id, { actor: u.id }]));
  const req = s.requests.map((r) => ({
    ...r,
    session: sessions.get(r.user)!,
    target: { account: r.account },
    ability: abilities.get(r.user)!,
    caslAccount: caslAccounts.get(r.account)!,
    casbinAccount: casbinAccounts.get(r.account)!,
  }));
  const byDeputy = (i: number) => {
    const r = req[i]!;
    return decide(cp, dir, r.session, r.action, r.target).allowed;
  };
  const byCasl = (i: number) => {
    const r = req[i]!;
    return r.ability.can(r.action, r.caslAccount);
  };
  const byCasbin = (i: number) => {
    const r = req[i]!;
    return enforcer.enforceSync(r.user, r.account, r.action, r.casbinAccount);
  };

  let agree = 0;
  let allowed = 0;
  for (let i = 0; i < req.length; i++) {
    const [d, c, b] = [byDeputy(i), byCasl(i), byCasbin(i)];
    if (d !== c || d !== b) {
      const r = req[i]!;
      console.error(`DISAGREEMENT on ${r.user} (${dir.users.get(r.user)!.roles.join('+')}) ${r.action} ${r.account}: deputy ${d}, casl ${c}, casbin ${b}`);
      console.error(JSON.stringify(decide(cp, dir, r.session, r.action, r.target)));
      process.exit(1);
    }
    agree++;
    if (d) allowed++;
  }

  const ns = {
    deputy: nsPer(req.length, ROUNDS, byDeputy),
    casl: nsPer(req.length, ROUNDS, byCasl),
    casbin: nsPer(req.length, 3, byCasbin),
  };

  const probe = req.find((r) => byDeputy(req.indexOf(r)) && dir.users.get(r.user)!.roles.some((x) => x.startsWith('editor'))) ?? req[0]!;
  const rightsUs = nsPer(2_000, ROUNDS, () => effectiveRights(cp, dir, probe.session, probe.account).length > 0) / 1_000;

  const label = `${fmt(accounts)} accounts`;
  console.log(`\n== ${label}: ${fmt(OPERATORS)} operators, ${GROUPS} groups, ${fmt(s.data.shares!.length)} shares, ${fmt(s.data.assignments!.length)} assignments`);
  console.log(`agreement: ${fmt(agree)}/${fmt(req.length)} sampled requests (${fmt((100 * allowed) / req.length, 1)}% allowed) — deputy, casl and casbin agree on every one`);
  console.log('engine   ns/decision   decisions/s   state heap MB   time vs deputy');
  const heap = { deputy: deputy.bytes, casl: casl.bytes, casbin: casbin.bytes };
  for (const engine of ['deputy', 'casl', 'casbin'] as const) {
    console.log(
      `${engine.padEnd(8)} ${fmt(ns[engine], 1).padStart(11)}   ${fmt(1e9 / ns[engine]).padStart(11)}   ${fmt(heap[engine] / 2 ** 20, 1).padStart(13)}   ${fmt(ns[engine] / ns.deputy, 2).padStart(13)}×`,
    );
  }
  console.log(`effectiveRights of one session on one account (${probe.user} on ${probe.account}): ${fmt(rightsUs, 2)} µs`);
  return { ns, rightsUs };
}

const small = await run(10_000);
const large = await run(100_000);
console.log(
  JSON.stringify({
    decide_ns_10k: Math.round(small.ns.deputy),
    casl_ns_10k: Math.round(small.ns.casl),
    casbin_ns_10k: Math.round(small.ns.casbin),
    decide_ns_100k: Math.round(large.ns.deputy),
    casl_ns_100k: Math.round(large.ns.casl),
    rights_us_10k: Number(small.rightsUs.toFixed(2)),
  }),
);
