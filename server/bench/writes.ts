/**
 * Acknowledged write latency on the lowdb store with many users, measured in-process through
 * app.request (routing, session, the core's decision, commit with fsync), with the event loop's
 * longest stall over the same run. `pnpm bench` runs it in a process of its own, as a server has
 * one: `tsx bench/writes.ts <users> <samples>` prints the figures as JSON (in the load generator's
 * process, its heap full of autocannon's results, a collection inside the loop stalled it 24 ms).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { nullNotifier } from '../src/auth/notifier.js';
import { systemClock } from '../src/clock.js';
import { Partners } from '../src/domain/partner.js';
import { demoPartners } from '../src/seed/demo.js';
import { LowdbStore } from '../src/store/lowdb.js';
import type { UserRow } from '../src/store/types.js';

export interface WriteFigures {
  users: number;
  p50: number;
  p99: number;
  maxStall: number;
  fileMb: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function measureWrites(users: number, samples: number): Promise<WriteFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deputy-bench-'));
  const file = path.join(dir, 'data.json');
  try {
    const store = await LowdbStore.open(file);
    const partners = new Partners(store, systemClock);
    await partners.load();
    const seeded = await demoPartners(systemClock.now());
    const partner = seeded.find((p) => p.id === 'client-sharing')!;
    const template = partner.users['u-viewOnly']!;
    for (let i = 0; i < users; i++) {
      const id = `u-bench-${i}`;
      const user: UserRow = { ...template, id, username: `bench${i}`, email: `bench${i}@example.com`, firstName: `Bench${i}`, lastName: 'User' };
      partner.users[id] = user;
    }
    await partners.commit(partner.id, [{ op: 'partner.put', partner }]);
    const app = createApp({ store, partners, clock: systemClock, notifier: nullNotifier });
    const signIn = await app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ partner: 'client-sharing', login: 'admin@client-sharing', password: 'deputy-demo-pass' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.match(/deputy_session=([^;]+)/)![1]!;
    const session = (await (await app.request('/api/session', { headers: { cookie: `deputy_session=${cookie}` } })).json()) as { csrf: string };
    const headers = { cookie: `deputy_session=${cookie}`, 'x-deputy-csrf': session.csrf, 'content-type': 'application/json' };
    const stall = monitorEventLoopDelay({ resolution: 1 });
    stall.enable();
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      const res = await app.request('/api/accounts/alpha', { method: 'PATCH', headers, body: JSON.stringify({ name: `Alpha ${i}` }) });
      if (res.status !== 200) throw new Error(`write answered ${res.status}`);
      times.push(performance.now() - start);
    }
    stall.disable();
    await store.close();
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
    times.sort((a, b) => a - b);
    return { users, p50: percentile(times, 50), p99: percentile(times, 99), maxStall: stall.max / 1e6, fileMb: size / 1e6 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureWrites(Number(process.argv[2]), Number(process.argv[3]))));
}
