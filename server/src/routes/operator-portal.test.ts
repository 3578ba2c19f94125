import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'operator-portal';
let h: Harness;
const as: Record<string, Client> = {};

beforeAll(async () => {
  h = await harness();
  for (const role of ['admin-secure', 'admin', 'systemManager', 'support', 'webConsultant', 'campaignManager', 'designer', 'sales']) {
    as[role] = await signIn(h, P, `${role}@${P}`);
  }
});
afterAll(async () => {
  await h.close();
});

const state = async () => JSON.stringify(await h.deps.store.loadPartner(P));

describe('operator-portal over HTTP', () => {
  it('O2: admins add operators with name, email and role; support may not', async () => {
    const body = { kind: 'operator', firstName: 'New', lastName: 'Op', email: 'new@example.com', roles: ['support'] };
    const ok = await as.admin!.json('POST', '/api/users', body);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ username: 'new.op', roles: ['support'], status: 'invited' });
    expect(h.inbox.messages.at(-1)).toMatchObject({ to: 'new@example.com', channel: 'email' });
    const before = await state();
    const denied = await as.support!.json('POST', '/api/users', body);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect(denied.body.error.reasons[0].text).toMatch(/No role of the user grants Add operator/);
    expect(await state()).toBe(before);
  });

  it('O5/O7: a System Manager assigns roles but cannot touch an Admin; nobody changes their own role', async () => {
    const ok = await as.systemManager!.json('PUT', '/api/users/u-designer/roles', { roles: ['campaignManager'] });
    expect(ok.status).toBe(200);
    expect(ok.body.roles).toEqual(['campaignManager']);
    const before = await state();
    expect((await as.systemManager!.json('PUT', '/api/users/u-admin/roles', { roles: ['sales'] })).status).toBe(403);
    expect((await as.systemManager!.json('PUT', '/api/users/u-sales/roles', { roles: ['admin'] })).status).toBe(403);
    expect((await as.admin!.json('PUT', '/api/users/u-admin/roles', { roles: ['sales'] })).status).toBe(403);
    expect((await as.admin!.json('PUT', '/api/users/u-sales/roles', { roles: ['sales', 'support'] })).status).toBe(400);
    expect(await state()).toBe(before);
    await as.systemManager!.json('PUT', '/api/users/u-designer/roles', { roles: ['designer'] });
  });

  it('O6: only Secure roles see and reach secure accounts', async () => {
    const ids = async (c: Client) => ((await c.json('GET', '/api/accounts')).body.items as Array<{ id: string }>).map((a) => a.id);
    expect(await ids(as['admin-secure']!)).toContain('health');
    expect(await ids(as.admin!)).not.toContain('health');
    expect((await as.admin!.json('GET', '/api/accounts/health')).status).toBe(404);
    expect((await as.admin!.json('PATCH', '/api/accounts/health', { name: 'x' })).status).toBe(404);
  });

  it('O5: Sales impersonates an account until it is setup-completed', async () => {
    const sales = await signIn(h, P, `sales@${P}`);
    const done = await sales.json('POST', '/api/impersonation', { account: 'done', mode: 'view' });
    expect(done.status).toBe(403);
    expect(done.body.error.reasons.some((r: { code: string }) => r.code === 'condition')).toBe(true);
    const acme = await sales.json('POST', '/api/impersonation', { account: 'acme', mode: 'view' });
    expect(acme.status).toBe(200);
    expect(acme.body.subject).toEqual({ account: expect.objectContaining({ id: 'acme' }) });
  });

  it('O5/O9: Campaign Managers designate templates but cannot mark accounts secure', async () => {
    expect((await as.campaignManager!.json('PATCH', '/api/accounts/acme', { template: true })).status).toBe(200);
    const before = await state();
    expect((await as.campaignManager!.json('PATCH', '/api/accounts/acme', { secure: true })).status).toBe(403);
    expect(await state()).toBe(before);
    await as.campaignManager!.json('PATCH', '/api/accounts/acme', { template: false });
  });

  it('O9: accounts are created, also from a template, and flagged', async () => {
    const made = await as['admin-secure']!.json('POST', '/api/accounts', { name: 'From Template', fromTemplate: 'starter' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'From Template', template: false, secure: false });
    const notTemplate = await as.admin!.json('POST', '/api/accounts', { name: 'X', fromTemplate: 'acme' });
    expect(notTemplate.status).toBe(400);
    expect((await as.designer!.json('POST', '/api/accounts', { name: 'Y' })).status).toBe(403);
    const flagged = await as['admin-secure']!.json('PATCH', `/api/accounts/${made.body.id}`, { setupCompleted: true, secure: true });
    expect(flagged.body).toMatchObject({ setupCompleted: true, secure: true });
  });

  it('O8: the permission table downloads as CSV for those allowed', async () => {
    const res = await as.admin!.request('GET', '/api/permissions.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toMatch(/^Role,accounts: View account/);
    expect(csv).toMatch(/Admin Secure/);
    expect((await as.sales!.request('GET', '/api/permissions.csv')).status).toBe(403);
  });

  it('O4: an Admin logs in as another operator and signs out as; the switch gives new session ids', async () => {
    const admin = await signIn(h, P, `admin@${P}`);
    const oldCookie = admin.cookie;
    const start = await admin.json('POST', '/api/impersonation', { user: 'u-support' });
    expect(start.status).toBe(200);
    expect(start.body.subject.user.id).toBe('u-support');
    expect(admin.cookie).not.toBe(oldCookie);
    expect((await h.app.request('/api/session', { headers: { cookie: `deputy_session=${oldCookie}` } })).status).toBe(401);
    // I3: no nesting
    const nested = await admin.json('POST', '/api/impersonation', { user: 'u-sales' });
    expect(nested.status).toBe(403);
    expect(nested.body.error.reasons[0].code).toBe('nested');
    // sensitive acts refused while impersonating
    const sensitive = await admin.json('PUT', '/api/users/u-sales/roles', { roles: ['designer'] });
    expect(sensitive.status).toBe(403);
    expect(JSON.stringify(sensitive.body)).toMatch(/sensitive/);
    expect((await admin.json('GET', '/api/audit')).status).toBe(403);
    expect((await admin.json('POST', '/api/auth/totp')).status).toBe(403);
    const impersonating = admin.cookie;
    const stop = await admin.json('DELETE', '/api/impersonation');
    expect(stop.status).toBe(200);
    expect(stop.body.subject).toBeUndefined();
    expect(stop.body.actor.id).toBe('u-admin');
    expect((await h.app.request('/api/session', { headers: { cookie: `deputy_session=${impersonating}` } })).status).toBe(401);
  });

  it('O4: impersonating an equal or higher operator is refused', async () => {
    expect((await as.admin!.json('POST', '/api/impersonation', { user: 'u-admin-secure' })).status).toBe(403);
    expect((await as.systemManager!.json('POST', '/api/impersonation', { user: 'u-admin' })).status).toBe(403);
  });

  it('O3: blocking ends the operator\'s sessions at once, including impersonations of them', async () => {
    const victim = await signIn(h, P, `webConsultant@${P}`);
    const admin = await signIn(h, P, `admin@${P}`);
    expect((await admin.json('POST', '/api/impersonation', { user: 'u-webConsultant' })).status).toBe(200);
    const blocker = as['admin-secure']!;
    const blocked = await blocker.json('POST', '/api/users/u-webConsultant/block');
    expect(blocked.status).toBe(200);
    expect(blocked.body.status).toBe('blocked');
    expect((await victim.request('GET', '/api/session')).status).toBe(401);
    expect((await admin.request('GET', '/api/session')).status).toBe(401);
    const back = await h.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ partner: P, login: `webConsultant@${P}`, password: 'deputy-demo-pass' }),
    });
    expect(back.status).toBe(401);
    expect((await blocker.json('POST', '/api/users/u-webConsultant/enable')).body.status).toBe('active');
  });

  it('I4: changes, denied attempts, sign-ins and impersonations are in the audit log', async () => {
    const log = await as['admin-secure']!.json('GET', '/api/audit?limit=500');
    expect(log.status).toBe(200);
    const actions = new Set((log.body.items as Array<{ action: string; outcome: string }>).map((e) => `${e.action}:${e.outcome}`));
    for (const a of ['auth.signIn:allowed', 'user.create:allowed', 'user.create:denied', 'impersonation.start:allowed', 'impersonation.end:allowed', 'user.block:allowed']) {
      expect(actions).toContain(a);
    }
    const denied = await as['admin-secure']!.json('GET', '/api/audit?outcome=denied&actor=u-support');
    expect(denied.body.items.every((e: { actor: string; outcome: string }) => e.actor === 'u-support' && e.outcome === 'denied')).toBe(true);
    expect(denied.body.total).toBeGreaterThan(0);
  });

  it('O5: Support views an account\'s activity history, not the whole log', async () => {
    expect((await as.support!.json('GET', '/api/audit')).status).toBe(403);
    const acme = await as.support!.json('GET', '/api/audit?target=account:acme');
    expect(acme.status).toBe(200);
    expect(acme.body.items.every((e: { target: string }) => e.target === 'account:acme')).toBe(true);
    expect((await as.support!.json('GET', '/api/audit?target=account:health')).status).toBe(403);
  });
});
