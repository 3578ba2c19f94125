/**
 * The store contract: one suite, run unchanged against every implementation of `Store` (the
 * lowdb file and PostgreSQL). Each test gets an empty store; `reopen` closes it and opens the
 * same data again, as a restarted server would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbStore } from './lowdb.js';
import { PostgresStore } from './postgres.js';
import { appDatabaseUrl, dropSchema, freshSchema } from './postgres-testing.js';
import type { AuditEntry, PartnerState, SessionRow, Store, UserRow } from './types.js';

interface Backend {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const backends: Record<string, () => Promise<Backend>> = {
  lowdb: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'deputy-contract-'));
    const file = path.join(dir, 'data.json');
    return { open: () => LowdbStore.open(file), dispose: () => rm(dir, { recursive: true, force: true }) };
  },
  postgres: async () => {
    const schema = freshSchema('contract');
    const url = await appDatabaseUrl();
    return { open: () => PostgresStore.open(url, { schema, poolSize: 4 }), dispose: () => dropSchema(schema) };
  },
};

const partner = (id: string, extra: Partial<PartnerState> = {}): PartnerState => ({
  id, name: `Partner ${id}`, preset: 'client-sharing', apiKeyHash: 'ab12', origins: ['http://localhost:5174'], settings: { flag: true },
  users: {}, accounts: {}, groups: {}, shares: [], assignments: [], leads: [{ id: 'l1', source: 'web' }], contents: [{ id: 'c1', audience: ['admin'] }],
  customRoles: [], ...extra,
});
const user = (id: string, roles = ['admin'], extra: Partial<UserRow> = {}): UserRow => ({
  id, kind: 'operator', firstName: 'First', lastName: id, username: `${id}@x`, email: `${id}@example.com`, roles, status: 'active',
  createdAt: 1, activeSince: 1, failedSignIns: 0, ...extra,
});
const session = (partnerId: string, actor: string, extra: Partial<SessionRow> = {}): SessionRow => ({
  partner: partnerId, actor, channel: 'cookie', csrf: 'c', createdAt: 1, expiresAt: 2, ...extra,
});
const entry = (id: string, at: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({ id, at, actor: 'u1', action: 'user.edit', outcome: 'allowed', ...extra });
const page = { offset: 0, limit: 100 };

describe.each(Object.keys(backends))('Store contract: %s', (name) => {
  let backend: Backend;
  let store: Store;
  const reopen = async () => {
    await store.close();
    store = await backend.open();
    return store;
  };
  beforeEach(async () => {
    backend = await backends[name]!();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await backend.dispose();
  });

  it('starts empty', async () => {
    expect(await store.partners()).toEqual([]);
    expect(await store.loadPartner('p')).toBeUndefined();
    expect(await store.session('k')).toBeUndefined();
    expect(await store.attempt('k')).toBeUndefined();
    expect(await store.audit('p', page)).toEqual({ items: [], total: 0 });
  });

  it('keeps a whole partner as put, lists partners in the order they came, and replaces a partner put again', async () => {
    const full = partner('b', {
      policy: undefined,
      users: { u1: user('u1'), u2: user('u2', ['viewOnly'], { totp: { secret: 'S', confirmed: true, lastCounter: 3 }, lockedUntil: 9, passwordHash: 'h' }) },
      accounts: { a1: { id: 'a1', name: 'A', secure: true, setupCompleted: false, template: false, createdAt: 5 } },
      groups: { g1: { id: 'g1', name: 'G', members: ['u2'] } },
      shares: [{ account: 'a1', group: 'g1', right: 'admin' }],
      assignments: [{ user: 'u1', account: 'a1' }],
      customRoles: [{ id: 'custom', label: 'Custom', description: 'd', permissions: ['x'], cap: 'view' }],
    });
    delete full.policy;
    await store.commit('b', [{ op: 'partner.put', partner: full }]);
    await store.commit('a', [{ op: 'partner.put', partner: partner('a') }]);
    expect(await store.partners()).toEqual(['b', 'a']);
    expect(await store.loadPartner('b')).toEqual(full);
    await store.commit('b', [{ op: 'partner.put', partner: partner('b', { name: 'Renamed' }) }]);
    expect(await store.partners()).toEqual(['b', 'a']);
    expect(await (await reopen()).loadPartner('b')).toEqual(partner('b', { name: 'Renamed' }));
  });

  it('hands out copies: changing what it returned changes nothing stored', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p', { users: { u1: user('u1') } }) }]);
    const copy = (await store.loadPartner('p'))!;
    copy.users.u1!.roles.push('hacker');
    copy.settings.flag = false;
    expect(await store.loadPartner('p')).toEqual(partner('p', { users: { u1: user('u1') } }));
  });

  it('puts users in place and appends new ones', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p', { users: { u1: user('u1'), u2: user('u2') } }) }]);
    await store.commit('p', [{ op: 'user.put', user: user('u1', ['viewOnly']) }, { op: 'user.put', user: user('u3') }]);
    const p = (await reopen()).loadPartner('p');
    expect(Object.keys((await p)!.users)).toEqual(['u1', 'u2', 'u3']);
    expect((await p)!.users.u1!.roles).toEqual(['viewOnly']);
  });

  it('deletes a user with their group memberships and assignments, and nothing else', async () => {
    await store.commit('p', [
      {
        op: 'partner.put',
        partner: partner('p', {
          users: { u1: user('u1'), u2: user('u2') },
          groups: { g1: { id: 'g1', name: 'G', members: ['u1', 'u2'] }, g2: { id: 'g2', name: 'u1', members: ['u2'] } },
          assignments: [{ user: 'u1', account: 'a' }, { user: 'u2', account: 'a' }],
        }),
      },
    ]);
    await store.commit('p', [{ op: 'user.delete', id: 'u1' }]);
    const p = (await (await reopen()).loadPartner('p'))!;
    expect(Object.keys(p.users)).toEqual(['u2']);
    expect(p.groups).toEqual({ g1: { id: 'g1', name: 'G', members: ['u2'] }, g2: { id: 'g2', name: 'u1', members: ['u2'] } });
    expect(p.assignments).toEqual([{ user: 'u2', account: 'a' }]);
  });

  it('puts accounts and groups, and deleting a group removes its shares', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await store.commit('p', [
      { op: 'account.put', account: { id: 'a1', name: 'A', secure: false, setupCompleted: false, template: false, createdAt: 1 } },
      { op: 'group.put', group: { id: 'g1', name: 'G1', members: [] } },
      { op: 'group.put', group: { id: 'g2', name: 'G2', members: [] } },
      { op: 'share.put', share: { account: 'a1', group: 'g1', right: 'view' } },
      { op: 'share.put', share: { account: 'a1', group: 'g2', right: 'view' } },
    ]);
    await store.commit('p', [
      { op: 'account.put', account: { id: 'a1', name: 'A2', secure: true, setupCompleted: true, template: false, createdAt: 1 } },
      { op: 'group.delete', id: 'g1' },
    ]);
    const p = (await (await reopen()).loadPartner('p'))!;
    expect(p.accounts.a1).toMatchObject({ name: 'A2', secure: true });
    expect(Object.keys(p.groups)).toEqual(['g2']);
    expect(p.shares).toEqual([{ account: 'a1', group: 'g2', right: 'view' }]);
  });

  it('replaces a share of the same account and group (moving it last) and deletes one', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await store.commit('p', [
      { op: 'share.put', share: { account: 'a1', group: 'g1', right: 'view' } },
      { op: 'share.put', share: { account: 'a2', group: 'g1', right: 'view' } },
      { op: 'share.put', share: { account: 'a1', group: 'g1', right: 'admin+settings' } },
      { op: 'share.put', share: { account: 'a3', group: 'g1', right: 'admin' } },
    ]);
    await store.commit('p', [{ op: 'share.delete', account: 'a3', group: 'g1' }, { op: 'share.delete', account: 'none', group: 'g1' }]);
    expect((await (await reopen()).loadPartner('p'))!.shares).toEqual([
      { account: 'a2', group: 'g1', right: 'view' },
      { account: 'a1', group: 'g1', right: 'admin+settings' },
    ]);
  });

  it('assigns once however often asked, and unassigns', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await store.commit('p', [
      { op: 'assignment.put', assignment: { user: 'u1', account: 'a1' } },
      { op: 'assignment.put', assignment: { user: 'u2', account: 'a1' } },
      { op: 'assignment.put', assignment: { user: 'u1', account: 'a1' } },
    ]);
    expect((await store.loadPartner('p'))!.assignments).toEqual([{ user: 'u1', account: 'a1' }, { user: 'u2', account: 'a1' }]);
    await store.commit('p', [{ op: 'assignment.delete', assignment: { user: 'u1', account: 'a1' } }]);
    expect((await (await reopen()).loadPartner('p'))!.assignments).toEqual([{ user: 'u2', account: 'a1' }]);
  });

  it('sets settings', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await store.commit('p', [{ op: 'setting.put', key: 'flag', value: false }, { op: 'setting.put', key: 'roles', value: ['a', 'b'] }]);
    expect((await (await reopen()).loadPartner('p'))!.settings).toEqual({ flag: false, roles: ['a', 'b'] });
  });

  it('replaces custom roles (moving them last) and deleting one takes it from every holder', async () => {
    const role = (id: string, label = id) => ({ id, label, description: '', permissions: ['account.view'] });
    await store.commit('p', [{ op: 'partner.put', partner: partner('p', { users: { u1: user('u1', ['admin', 'r1']), u2: user('u2', ['r2']) } }) }]);
    await store.commit('p', [{ op: 'customRole.put', role: role('r1') }, { op: 'customRole.put', role: role('r2') }, { op: 'customRole.put', role: role('r1', 'One') }]);
    expect((await store.loadPartner('p'))!.customRoles).toEqual([role('r2'), role('r1', 'One')]);
    await store.commit('p', [{ op: 'customRole.delete', id: 'r1' }]);
    const p = (await (await reopen()).loadPartner('p'))!;
    expect(p.customRoles).toEqual([role('r2')]);
    expect(p.users.u1!.roles).toEqual(['admin']);
    expect(p.users.u2!.roles).toEqual(['r2']);
  });

  it('ignores directory changes to a partner it does not hold, but keeps that commit’s sessions and audit', async () => {
    await store.commit('ghost', [{ op: 'user.put', user: user('u1') }, { op: 'session.put', key: 'k', session: session('ghost', 'u1') }, { op: 'audit.append', entry: entry('e1', 1) }]);
    expect(await store.partners()).toEqual([]);
    expect(await store.session('k')).toEqual(session('ghost', 'u1'));
    expect((await store.audit('ghost', page)).total).toBe(1);
  });

  it('keeps tenants apart: the same ids in two partners never touch each other', async () => {
    const shared = { users: { u1: user('u1') }, groups: { g1: { id: 'g1', name: 'G', members: ['u1'] } }, shares: [{ account: 'a1', group: 'g1', right: 'view' as const }] };
    await store.commit('a', [{ op: 'partner.put', partner: partner('a', structuredClone(shared)) }]);
    await store.commit('b', [{ op: 'partner.put', partner: partner('b', structuredClone(shared)) }]);
    await store.commit('b', [
      { op: 'user.put', user: user('u1', ['viewOnly']) },
      { op: 'share.delete', account: 'a1', group: 'g1' },
      { op: 'setting.put', key: 'flag', value: false },
      { op: 'audit.append', entry: entry('e1', 1) },
    ]);
    await store.commit('b', [{ op: 'user.delete', id: 'u1' }]);
    expect(await (await reopen()).loadPartner('a')).toEqual(partner('a', shared));
    expect((await store.audit('a', page)).total).toBe(0);
    expect((await store.audit('b', page)).total).toBe(1);
  });

  it('stores, replaces and ends sessions; ending a user’s sessions takes those as actor and as subject, in that partner only', async () => {
    await store.commit('p', [
      { op: 'session.put', key: 'own', session: session('p', 'u1') },
      { op: 'session.put', key: 'as', session: session('p', 'u2', { subject: { user: 'u1' }, mode: 'admin', since: 5 }) },
      { op: 'session.put', key: 'account', session: session('p', 'u2', { subject: { account: 'u1' } }) },
      { op: 'session.put', key: 'other', session: session('q', 'u1') },
      { op: 'session.put', key: 'token', session: session('p', 'u3', { channel: 'embed', origin: 'http://x' }) },
    ]);
    await store.commit('p', [{ op: 'session.put', key: 'token', session: session('p', 'u3', { channel: 'embed', origin: 'http://y' }) }]);
    expect(await store.session('token')).toEqual(session('p', 'u3', { channel: 'embed', origin: 'http://y' }));
    await store.commit('p', [{ op: 'session.deleteForUser', user: 'u1' }, { op: 'session.delete', key: 'token' }]);
    await reopen();
    expect(await store.session('own')).toBeUndefined();
    expect(await store.session('as')).toBeUndefined();
    expect(await store.session('token')).toBeUndefined();
    expect(await store.session('account')).toEqual(session('p', 'u2', { subject: { account: 'u1' } }));
    expect(await store.session('other')).toEqual(session('q', 'u1'));
    // a store that answers without a promise answers the same
    if (store.sessionNow) for (const key of ['own', 'as', 'token', 'account', 'other']) expect(store.sessionNow(key)).toEqual(await store.session(key));
  });

  it('stores, replaces and deletes sign-in attempts', async () => {
    const attempt = { partner: 'p', user: 'u1', channel: 'email' as const, codeHash: 'h', guesses: 0, expiresAt: 9 };
    await store.commit('p', [{ op: 'attempt.put', key: 'a', attempt }]);
    await store.commit('p', [{ op: 'attempt.put', key: 'a', attempt: { ...attempt, guesses: 1 } }]);
    expect(await (await reopen()).attempt('a')).toEqual({ ...attempt, guesses: 1 });
    await store.commit('p', [{ op: 'attempt.delete', key: 'a' }]);
    expect(await store.attempt('a')).toBeUndefined();
  });

  it('forgets the sessions, tokens and attempts of every partner that expired, and only those', async () => {
    const attempt = (expiresAt: number) => ({ partner: 'q', user: 'u1', channel: 'totp' as const, guesses: 0, expiresAt });
    await store.commit('p', [
      { op: 'session.put', key: 'old', session: session('p', 'u1', { expiresAt: 100 }) },
      { op: 'session.put', key: 'other-old', session: session('q', 'u1', { channel: 'embed', expiresAt: 100.5 }) },
      { op: 'session.put', key: 'live', session: session('p', 'u1', { expiresAt: 101 }) },
      { op: 'attempt.put', key: 'old', attempt: attempt(99) },
      { op: 'attempt.put', key: 'live', attempt: attempt(200) },
    ]);
    await store.commit('p', [{ op: 'session.prune', now: 100.5 }]);
    await reopen();
    expect(await store.session('old')).toBeUndefined();
    expect(await store.session('other-old')).toBeUndefined();
    expect(await store.session('live')).toEqual(session('p', 'u1', { expiresAt: 101 }));
    expect(await store.attempt('old')).toBeUndefined();
    expect(await store.attempt('live')).toEqual(attempt(200));
  });

  it('answers audit queries newest first, filtered, paged, with the total', async () => {
    const entries = [
      entry('e1', 10, { actor: 'u1', action: 'sign-in', outcome: 'failed', detail: 'wrong password' }),
      entry('e2', 20, { actor: 'u2', subject: { user: 'u1' }, target: 'user:u3' }),
      entry('e3', 30, { actor: 'u2', subject: { account: 'a1' }, target: 'account:a1', outcome: 'denied' }),
      entry('e4', 40, { actor: 'u1', target: 'group:g1' }),
    ];
    for (const e of entries) await store.commit('p', [{ op: 'audit.append', entry: e }]);
    await store.commit('q', [{ op: 'audit.append', entry: entry('other', 25) }]);
    await reopen();
    const ids = async (q: object) => {
      const r = await store.audit('p', { ...page, ...q });
      return { ids: r.items.map((e) => e.id), total: r.total };
    };
    expect(await store.audit('p', page)).toEqual({ items: [...entries].reverse(), total: 4 });
    expect(await ids({ actor: 'u1' })).toEqual({ ids: ['e4', 'e1'], total: 2 });
    expect(await ids({ subject: 'user:u1' })).toEqual({ ids: ['e2'], total: 1 });
    expect(await ids({ subject: 'account:a1' })).toEqual({ ids: ['e3'], total: 1 });
    expect(await ids({ action: 'sign-in' })).toEqual({ ids: ['e1'], total: 1 });
    expect(await ids({ target: 'account:a1' })).toEqual({ ids: ['e3'], total: 1 });
    expect(await ids({ targets: ['user:u3', 'group:g1'] })).toEqual({ ids: ['e4', 'e2'], total: 2 });
    expect(await ids({ outcome: 'denied' })).toEqual({ ids: ['e3'], total: 1 });
    expect(await ids({ from: 20, to: 30 })).toEqual({ ids: ['e3', 'e2'], total: 2 });
    expect(await ids({ offset: 1, limit: 2 })).toEqual({ ids: ['e3', 'e2'], total: 4 });
    expect(await ids({ offset: 10, limit: 2 })).toEqual({ ids: [], total: 4 });
    expect(await ids({ actor: 'nobody' })).toEqual({ ids: [], total: 0 });
  });

  it('keeps every one of many concurrent commits', async () => {
    await store.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.commit('p', [{ op: 'user.put', user: user(`u${i}`) }, { op: 'share.put', share: { account: `a${i}`, group: 'g', right: 'view' } }, { op: 'audit.append', entry: entry(`e${i}`, i) }]),
      ),
    );
    const p = (await (await reopen()).loadPartner('p'))!;
    expect(Object.keys(p.users)).toHaveLength(100);
    expect(p.shares).toHaveLength(100);
    expect((await store.audit('p', page)).total).toBe(100);
  });

  it('keeps odd text exactly: NUL, lone surrogates, emoji, quotes, and ids like __proto__', async () => {
    const odd = 'a\u0000b \ud800 \u{1F600} "q" \\ \n';
    const u = user('__proto__', ['admin'], { firstName: odd, lastName: 'constructor' });
    await store.commit('p', [{ op: 'partner.put', partner: partner('p', { name: odd, users: Object.fromEntries([['__proto__', u]]) }) }]);
    await store.commit('p', [
      { op: 'user.put', user: user(odd, [odd]) },
      { op: 'session.put', key: odd, session: session('p', odd) },
      { op: 'audit.append', entry: entry('e', 1, { actor: odd, detail: odd }) },
    ]);
    const p = (await (await reopen()).loadPartner('p'))!;
    expect(p.name).toBe(odd);
    expect(Object.hasOwn(p.users, '__proto__')).toBe(true);
    expect(p.users['__proto__']).toEqual(u);
    expect(p.users[odd]).toEqual(user(odd, [odd]));
    expect(await store.session(odd)).toEqual(session('p', odd));
    expect((await store.audit('p', { ...page, actor: odd })).items[0]).toEqual(entry('e', 1, { actor: odd, detail: odd }));
    await store.commit(odd, [{ op: 'partner.put', partner: partner(odd) }, { op: 'audit.append', entry: entry('e', 2) }]);
    expect(await (await reopen()).partners()).toEqual(['p', odd]);
    expect(await store.loadPartner(odd)).toEqual(partner(odd));
    expect((await store.audit(odd, page)).total).toBe(1);
  });
});
