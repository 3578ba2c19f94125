import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, post, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'member-portal';
let h: Harness;
const as: Record<string, Client> = {};

beforeAll(async () => {
  h = await harness();
  for (const login of ['operator', 'acme-admin', 'acme-mid', 'acme-basic', 'globex-admin']) as[login] = await signIn(h, P, `${login}@${P}`);
});
afterAll(async () => {
  await h.close();
});

const state = async () => JSON.stringify(await h.deps.store.loadPartner(P));
const member = (account: string, roles: string[], email = 'someone@example.com') => ({ kind: 'member', account, firstName: 'Neu', lastName: 'Member', email, roles });

describe('member-portal over HTTP', () => {
  it('M1/M5: a member who manages users invites into their own account and sets the level; not into another', async () => {
    const ok = await as['acme-admin']!.json('POST', '/api/users', member('acme', ['mid']));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ account: 'acme', roles: ['mid'] });
    const before = await state();
    expect((await as['acme-admin']!.json('POST', '/api/users', member('globex', ['basic']))).status).toBe(404);
    expect((await as['acme-mid']!.json('POST', '/api/users', member('acme', ['admin']))).status).toBe(403);
    expect((await as['acme-basic']!.json('POST', '/api/users', member('acme', ['basic']))).status).toBe(403);
    expect(await state()).toBe(before);
  });

  it('M1: the member list says whether the viewer may invite, with the reason, as POST /api/users then does', async () => {
    const list = async (c: Client) => (await c.json('GET', '/api/users?kind=member&account=acme')).body.create;
    const denied = await list(as['acme-basic']!);
    expect(denied.allowed).toBe(false);
    expect(denied.reasons[0]).toMatchObject({ code: 'no-grant', action: 'member.invite' });
    expect(denied.reasons[0].text).toBe('No role of the user grants Invite users.');
    expect((await as['acme-basic']!.json('POST', '/api/users', member('acme', ['basic']))).status).toBe(403);
    expect((await list(as['acme-admin']!)).allowed).toBe(true);
    expect((await as['acme-admin']!.json('POST', '/api/users', member('acme', ['basic']))).status).toBe(201);
    expect((await as['acme-admin']!.json('GET', '/api/users?kind=member&account=globex')).body.create.allowed).toBe(false);
  });

  it('M3: the first member of an account becomes Admin whatever was asked', async () => {
    const first = await as.operator!.json('POST', '/api/users', member('initech', ['basic']));
    expect(first.status).toBe(201);
    expect(first.body.roles).toEqual(['admin']);
  });

  it('M2: levels decide the areas', async () => {
    const check = async (c: Client, action: string) => (await c.json('POST', '/api/check', { action, target: { account: 'acme' } })).body.allowed;
    expect(await check(as['acme-admin']!, 'myAccount.invoices')).toBe(true);
    expect(await check(as['acme-mid']!, 'myAccount.invoices')).toBe(false);
    expect(await check(as['acme-mid']!, 'member.invite')).toBe(true);
    expect(await check(as['acme-basic']!, 'member.invite')).toBe(false);
    expect(await check(as['acme-basic']!, 'portal.view')).toBe(true);
    expect(await check(as['globex-admin']!, 'portal.view')).toBe(false);
  });

  it('M5/M6: operators set any level; nobody sets their own', async () => {
    expect((await as.operator!.json('PUT', '/api/users/u-globex-admin/roles', { roles: ['mid'] })).body.roles).toEqual(['mid']);
    expect((await as.operator!.json('PUT', '/api/users/u-globex-admin/roles', { roles: ['admin'] })).status).toBe(200);
    const before = await state();
    const own = await as['acme-admin']!.json('PUT', '/api/users/u-acme-admin/roles', { roles: ['basic'] });
    expect(own.status).toBe(403);
    expect(own.body.error.reasons[0].code).toBe('self');
    expect(await state()).toBe(before);
  });

  it('M7: two users share an email; neither changes the other\'s level, and the email alone does not sign in', async () => {
    const sameEmail = await as['acme-admin']!.json('PUT', '/api/users/u-acme-mid/roles', { roles: ['basic'] });
    expect(sameEmail.status).toBe(403);
    expect(sameEmail.body.error.reasons[0].code).toBe('same-email');
    const options = await as['acme-admin']!.json('GET', '/api/users/u-acme-mid/assignable-roles');
    expect(options.body.every((o: { allowed: boolean }) => !o.allowed)).toBe(true);
    const byEmail = await post(h, '/api/auth/sign-in', { partner: P, login: 'shared@member-portal.example', password: 'deputy-demo-pass' });
    expect(byEmail.status).toBe(401);
    const basic = await post(h, '/api/auth/sign-in', { partner: P, login: 'acme-basic.member-portal@example.com', password: 'deputy-demo-pass' });
    expect(basic.status).toBe(200);
  });

  it('Members see only their own account and its members; Basic sees only themselves', async () => {
    const accounts = await as['acme-mid']!.json('GET', '/api/accounts');
    expect(accounts.body.items.map((a: { id: string }) => a.id)).toEqual(['acme']);
    const users = await as['acme-mid']!.json('GET', '/api/users');
    expect(users.body.items.every((u: { account?: string }) => u.account === 'acme')).toBe(true);
    expect((await as['acme-mid']!.json('GET', '/api/users/u-globex-admin')).status).toBe(404);
    const basic = await as['acme-basic']!.json('GET', '/api/users');
    expect(basic.body.items.map((u: { id: string }) => u.id)).toEqual(['u-acme-basic']);
  });

  it('Member deletion follows the level rules (S9 semantics: gone completely)', async () => {
    const made = await as['acme-admin']!.json('POST', '/api/users', member('acme', ['basic'], 'temp@example.com'));
    expect((await as['acme-basic']!.json('DELETE', `/api/users/${made.body.id}`)).status).toBe(404);
    expect((await as['acme-admin']!.request('DELETE', `/api/users/${made.body.id}`)).status).toBe(204);
    expect((await as['acme-admin']!.json('GET', `/api/users/${made.body.id}`)).status).toBe(404);
    expect((await h.deps.store.loadPartner(P))!.users[made.body.id]).toBeUndefined();
  });
});
