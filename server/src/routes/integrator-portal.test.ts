import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, post, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'integrator-portal';
const DAY = 86_400_000;
let h: Harness;
const as: Record<string, Client> = {};

beforeAll(async () => {
  h = await harness();
  for (const role of ['portalAdmin', 'onboardingEdit', 'onboardingView', 'projectManagement']) as[role] = await signIn(h, P, `${role}@${P}`);
});
afterAll(async () => {
  await h.close();
});

const signInAs = (login: string, password = 'deputy-demo-pass') => post(h, '/api/auth/sign-in', { partner: P, login, password });
const ids = async (c: Client) => ((await c.json('GET', '/api/accounts')).body.items as Array<{ id: string }>).map((a) => a.id);

describe('integrator-portal over HTTP', () => {
  it('S2/S3/S4: consultants reach assigned merchants; Project Management views all, edits none', async () => {
    expect(await ids(as.onboardingEdit!)).toEqual(['alpha']);
    expect(await ids(as.onboardingView!)).toEqual(['alpha']);
    expect(await ids(as.projectManagement!)).toEqual(['alpha', 'beta']);
    expect((await as.onboardingEdit!.json('PATCH', '/api/accounts/alpha', { name: 'Alpha Merchant GmbH' })).status).toBe(200);
    expect((await as.onboardingEdit!.json('PATCH', '/api/accounts/beta', { name: 'x' })).status).toBe(404);
    expect((await as.onboardingView!.json('PATCH', '/api/accounts/alpha', { name: 'x' })).status).toBe(403);
    expect((await as.projectManagement!.json('PATCH', '/api/accounts/beta', { name: 'x' })).status).toBe(403);
  });

  it('S1: the Portal Admin assigns consultants', async () => {
    expect((await as.onboardingEdit!.json('PUT', '/api/accounts/alpha/assignments/u-onboardingEdit')).status).toBe(403);
    expect((await as.onboardingEdit!.json('PUT', '/api/accounts/alpha/assignments/u-onboardingView')).status).toBe(403); // asked before the user is looked up, so user ids cannot be probed
    expect((await as.portalAdmin!.json('PUT', '/api/accounts/beta/assignments/u-onboardingEdit')).status).toBe(200);
    expect(await ids(as.onboardingEdit!)).toEqual(['alpha', 'beta']);
    expect((await as.portalAdmin!.request('DELETE', '/api/accounts/beta/assignments/u-onboardingEdit')).status).toBe(204);
    expect(await ids(as.onboardingEdit!)).toEqual(['alpha']);
  });

  it('S5: the username defaults from the names and the email receives it with an initial password', async () => {
    const made = await as.portalAdmin!.json('POST', '/api/users', { kind: 'operator', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', roles: ['onboardingView'] });
    expect(made.status).toBe(201);
    expect(made.body.username).toBe('jane.doe');
    const mail = h.inbox.messages.at(-1)!;
    expect(mail.to).toBe('jane@example.com');
    const password = mail.body.match(/Initial password: (\S+)/)![1]!;
    expect(mail.body).toContain('jane.doe');
    const again = await as.portalAdmin!.json('POST', '/api/users', { kind: 'operator', firstName: 'Jane', lastName: 'Doe', email: 'jane2@example.com', roles: ['onboardingView'] });
    expect(again.body.username).toBe('jane.doe2');
    expect((await signInAs('jane.doe', password)).status).toBe(200);
    expect((await as.portalAdmin!.json('GET', `/api/users/${made.body.id}`)).body.status).toBe('active');
  });

  it('S7: three failures lock; the lock lifts after 60 minutes; an admin unlocks at once', async () => {
    for (let i = 0; i < 3; i++) expect((await signInAs('onboardingView@integrator-portal', 'wrong')).status).toBe(401);
    expect((await signInAs('onboardingView@integrator-portal')).status).toBe(401);
    expect((await as.portalAdmin!.json('GET', '/api/users/u-onboardingView')).body.status).toBe('locked');
    h.clock.advance(61 * 60_000);
    expect((await signInAs('onboardingView@integrator-portal')).status).toBe(200);
    for (let i = 0; i < 3; i++) await signInAs('onboardingView@integrator-portal', 'wrong');
    expect((await signInAs('onboardingView@integrator-portal')).status).toBe(401);
    const admin = await signIn(h, P, `portalAdmin@${P}`);
    expect((await admin.json('POST', '/api/users/u-onboardingView/unlock')).body.status).toBe('active');
    expect((await signInAs('onboardingView@integrator-portal')).status).toBe(200);
  });

  it('S6: 80 days without sign-in expire a user; an admin re-activates them', async () => {
    h.clock.advance(79 * DAY);
    const admin = await signIn(h, P, `portalAdmin@${P}`);
    h.clock.advance(2 * DAY);
    const fresh = await signIn(h, P, `portalAdmin@${P}`);
    // the list judges every user's status by the clock, before anyone asked for that user
    const expired = (await fresh.json('GET', '/api/users?status=expired')).body.items as Array<{ id: string; status: string }>;
    expect(expired.map((u) => u.id)).toContain('u-projectManagement');
    expect(expired.every((u) => u.status === 'expired')).toBe(true);
    expect((await signInAs('projectManagement@integrator-portal')).status).toBe(401);
    expect((await fresh.json('GET', '/api/users/u-projectManagement')).body.status).toBe('expired');
    const cannot = await fresh.json('POST', '/api/impersonation', { account: 'alpha' });
    expect(cannot.status).toBe(200);
    await fresh.json('DELETE', '/api/impersonation');
    expect((await fresh.json('POST', '/api/users/u-projectManagement/activate')).body.status).toBe('active');
    expect((await signInAs('projectManagement@integrator-portal')).status).toBe(200);
    expect((await admin.request('GET', '/api/session')).status).toBe(401);
  });

  it('S8: disabled users leave the list unless show disabled is on, and enable again', async () => {
    const admin = await signIn(h, P, `portalAdmin@${P}`);
    expect((await admin.json('POST', '/api/users/u-onboardingEdit/disable')).body.status).toBe('disabled');
    const list = async (q: string) => ((await admin.json('GET', `/api/users${q}`)).body.items as Array<{ id: string }>).map((u) => u.id);
    expect(await list('')).not.toContain('u-onboardingEdit');
    expect(await list('?showDisabled=true')).toContain('u-onboardingEdit');
    expect(await list('?status=disabled')).toEqual(['u-onboardingEdit']);
    expect((await signInAs('onboardingEdit@integrator-portal')).status).toBe(401);
    expect((await admin.json('POST', '/api/users/u-onboardingEdit/enable')).body.status).toBe('active');
    expect((await signInAs('onboardingEdit@integrator-portal')).status).toBe(200);
  });

  it('S9: delete removes a user completely; only admins may', async () => {
    const admin = await signIn(h, P, `portalAdmin@${P}`);
    await admin.json('POST', '/api/users/u-onboardingView/activate');
    const viewer = await signIn(h, P, `onboardingView@${P}`);
    expect((await viewer.request('DELETE', '/api/users/u-projectManagement')).status).toBe(404);
    expect((await admin.request('DELETE', '/api/users/u-projectManagement')).status).toBe(204);
    expect((await h.deps.store.loadPartner(P))!.users['u-projectManagement']).toBeUndefined();
    expect((await signInAs('projectManagement@integrator-portal')).status).toBe(401);
  });
});
