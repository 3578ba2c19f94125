/**
 * Two server processes on one PostgreSQL database: what one process acknowledges, the other
 * enforces on its very next request; concurrent changes through both are all kept; kill -9 of a
 * process loses nothing it acknowledged. PostgreSQL must answer: these tests never skip.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema } from '../store/postgres-testing.js';
import { lastCode, signIn, startServer, trySignIn, type Caller, type ServerProcess } from './harness.js';

let dir: string;
let schema: string;
let a: ServerProcess;
let b: ServerProcess;
const started: ServerProcess[] = [];

async function start(seed = false): Promise<ServerProcess> {
  const s = await startServer({ schema, data: path.join(dir, 'unused.json'), outbox: path.join(dir, 'outbox'), seed });
  started.push(s);
  return s;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deputy-scale-'));
  schema = freshSchema('scale');
  a = await start(true);
  b = await start();
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await dropSchema(schema);
  await rm(dir, { recursive: true, force: true });
});

const check = (caller: Caller, base: string, action: string, target: object) =>
  caller.json<{ allowed: boolean }>(base, 'POST', '/api/check', { action, target }).then((r) => {
    expect(r.status).toBe(200);
    return r.body.allowed;
  });

describe('two server processes on one database', () => {
  it('serve each other’s sessions', async () => {
    const admin = await signIn(a.base, path.join(dir, 'outbox'), 'client-sharing', 'admin@client-sharing');
    const session = await admin.json(b.base, 'GET', '/api/session');
    expect(session.status).toBe(200);
    expect(session.body.actor.id).toBe('u-admin');
  });

  it('a role change through one is enforced by the other on the next request, both ways', async () => {
    const outbox = path.join(dir, 'outbox');
    const admin = await signIn(a.base, outbox, 'integrator-portal', 'portalAdmin@integrator-portal');
    const pm = await signIn(b.base, outbox, 'integrator-portal', 'projectManagement@integrator-portal');
    expect(await check(pm, b.base, 'merchant.view', { account: 'beta' })).toBe(true);

    const changed = await admin.json(a.base, 'PUT', '/api/users/u-projectManagement/roles', { roles: ['onboardingView'] });
    expect(changed.status).toBe(200);
    expect(await check(pm, b.base, 'merchant.view', { account: 'beta' })).toBe(false);

    expect(await check(pm, a.base, 'merchant.view', { account: 'beta' })).toBe(false);
    const back = await admin.json(b.base, 'PUT', '/api/users/u-projectManagement/roles', { roles: ['projectManagement'] });
    expect(back.status).toBe(200);
    expect(await check(pm, a.base, 'merchant.view', { account: 'beta' })).toBe(true);
  });

  it('a share change through one is enforced by the other on the next request', async () => {
    const outbox = path.join(dir, 'outbox');
    const admin = await signIn(a.base, outbox, 'client-sharing', 'admin@client-sharing');
    const editor = await signIn(b.base, outbox, 'client-sharing', 'editor@client-sharing');
    expect(await check(editor, b.base, 'client.data', { account: 'beta' })).toBe(false);
    expect((await admin.json(a.base, 'PUT', '/api/accounts/beta/shares/team', { right: 'admin' })).status).toBe(200);
    expect(await check(editor, b.base, 'client.data', { account: 'beta' })).toBe(true);
    expect((await admin.json(a.base, 'DELETE', '/api/accounts/beta/shares/team')).status).toBeLessThan(300);
    expect(await check(editor, b.base, 'client.access', { account: 'beta' })).toBe(false);
  });

  it('a block through one is enforced by the other: the session ends and sign-in is refused', async () => {
    const outbox = path.join(dir, 'outbox');
    const admin = await signIn(a.base, outbox, 'operator-portal', 'admin@operator-portal');
    const designer = await signIn(b.base, outbox, 'operator-portal', 'designer@operator-portal');
    expect((await designer.json(b.base, 'GET', '/api/session')).status).toBe(200);
    expect((await trySignIn(b.base, 'operator-portal', 'designer@operator-portal')).status).toBe(200);

    expect((await admin.json(a.base, 'POST', '/api/users/u-designer/block')).status).toBe(200);
    expect((await designer.json(b.base, 'GET', '/api/session')).status).toBe(401);
    expect((await trySignIn(b.base, 'operator-portal', 'designer@operator-portal')).status).toBe(401);
  });

  it('an end of impersonation through one is enforced by the other', async () => {
    const outbox = path.join(dir, 'outbox');
    const admin = await signIn(a.base, outbox, 'operator-portal', 'admin@operator-portal');
    expect((await admin.json(a.base, 'POST', '/api/impersonation', { user: 'u-sales' })).status).toBe(200);
    const acting = admin.cookie;
    const onB = await admin.json(b.base, 'GET', '/api/session');
    expect(onB.body.subject?.user?.id).toBe('u-sales');

    expect((await admin.json(b.base, 'DELETE', '/api/impersonation')).status).toBe(200);
    const stale = await fetch(`${a.base}/api/session`, { headers: { cookie: `deputy_session=${acting}` } });
    expect(stale.status).toBe(401);
    const own = await admin.json(a.base, 'GET', '/api/session');
    expect(own.status).toBe(200);
    expect(own.body.subject).toBeUndefined();
  });

  it('an embed token minted through one works on the other, and deleting its user through that one ends it on the first', async () => {
    const origin = 'http://localhost:5174';
    const minted = await fetch(`${a.base}/api/embed-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-key-client-sharing' },
      body: JSON.stringify({ user: 'u-viewOnly', origin }),
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const withToken = (base: string) => fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${token}`, origin } });
    expect((await withToken(b.base)).status).toBe(200);
    const admin = await signIn(a.base, path.join(dir, 'outbox'), 'client-sharing', 'admin@client-sharing');
    expect((await admin.json(b.base, 'DELETE', '/api/users/u-viewOnly')).status).toBeLessThan(300);
    expect((await withToken(a.base)).status).toBe(401);
  });

  it('counts failed sign-ins across processes: the lock-out of one is the lock-out of all', async () => {
    const login = 'onboardingView@integrator-portal';
    for (const base of [a.base, b.base, a.base]) expect((await trySignIn(base, 'integrator-portal', login, 'wrong-password')).status).toBe(401);
    expect((await trySignIn(b.base, 'integrator-portal', login)).status).toBe(401);
    expect((await trySignIn(a.base, 'integrator-portal', login)).status).toBe(401);
    expect((await trySignIn(a.base, 'integrator-portal', 'onboardingEdit@integrator-portal')).status).toBe(200);
  });

  it('finishes on one process a second factor begun on the other', async () => {
    const started = await trySignIn(a.base, 'operator-portal', 'campaignManager@operator-portal');
    const { attempt, status } = (await started.json()) as { attempt: string; status: string };
    expect(status).toBe('second-factor');
    const code = await lastCode(path.join(dir, 'outbox'), 'campaignManager@operator-portal');
    const wrong = code === '000000' ? '111111' : '000000';
    const second = (body: object) =>
      fetch(`${b.base}/api/auth/second-factor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await second({ attempt, code: wrong })).status).toBe(401);
    expect((await second({ attempt, code })).status).toBe(200);
    expect((await second({ attempt, code })).status).toBe(401);
  });

  it('keeps every one of many concurrent changes made through both', async () => {
    const admin = await signIn(a.base, path.join(dir, 'outbox'), 'client-sharing', 'admin@client-sharing');
    const names = Array.from({ length: 40 }, (_, i) => `Concurrent ${i}`);
    const answers = await Promise.all(
      names.map((name, i) => {
        const base = i % 2 ? a.base : b.base;
        return i % 4 < 2
          ? admin.json(base, 'POST', '/api/groups', { name, members: [] })
          : admin.json(base, 'POST', '/api/users', { kind: 'operator', firstName: 'Con', lastName: `Current${i}`, email: `c${i}@example.com`, roles: ['viewOnly'] });
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(names.map(() => 201));
    for (const base of [a.base, b.base]) {
      const groups = await admin.json<{ items: Array<{ name: string }> }>(base, 'GET', '/api/groups');
      const users = await admin.json<{ items: Array<{ lastName: string }> }>(base, 'GET', '/api/users?limit=200');
      const groupNames = new Set(groups.body.items.map((g) => g.name));
      const lastNames = new Set(users.body.items.map((u) => u.lastName));
      names.forEach((name, i) => expect(i % 4 < 2 ? groupNames.has(name) : lastNames.has(`Current${i}`)).toBe(true));
    }
  });

  it('kill -9 of one process loses nothing it acknowledged', async () => {
    const outbox = path.join(dir, 'outbox');
    const victim = await start();
    const admin = await signIn(victim.base, outbox, 'client-sharing', 'admin@client-sharing');
    const acknowledged: string[] = [];
    let sent = 0;
    const writer = async () => {
      for (;;) {
        const name = `Crash ${sent++}`;
        const res = await admin.request(victim.base, 'POST', '/api/groups', { name, members: [] }).catch(() => undefined);
        if (!res) return;
        if (res.status === 201) acknowledged.push(name);
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
    await victim.kill9();
    await Promise.all(writers);

    const groups = await admin.json<{ items: Array<{ name: string }> }>(b.base, 'GET', '/api/groups');
    const kept = new Set(groups.body.items.map((g) => g.name));
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(acknowledged.filter((n) => !kept.has(n))).toEqual([]);
  });
});
