import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, post, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'partner-portal';
let h: Harness;
const as: Record<string, Client> = {};

beforeAll(async () => {
  h = await harness();
  for (const role of ['administrator', 'marketing', 'sales']) as[role] = await signIn(h, P, `${role}@${P}`);
});
afterAll(async () => {
  await h.close();
});

const state = async () => JSON.stringify(await h.deps.store.loadPartner(P));
const sees = async (c: Client, action: string, target: Record<string, string>) => (await c.json('POST', '/api/check', { action, target })).body.allowed;

describe('partner-portal over HTTP', () => {
  it('U6: a Sales Rep never signs in', async () => {
    const res = await post(h, '/api/auth/sign-in', { partner: P, login: `salesRep@${P}`, password: 'deputy-demo-pass' });
    expect(res.status).toBe(401);
  });

  it('U3: only the Administrator changes partner settings', async () => {
    const before = await state();
    expect((await as.marketing!.json('PATCH', '/api/settings', { leadVisibilityByRole: ['sales'] })).status).toBe(403);
    expect(await state()).toBe(before);
    expect((await as.administrator!.json('PATCH', '/api/settings', { unknownSetting: true })).status).toBe(400);
    expect((await as.administrator!.json('PATCH', '/api/settings', { leadVisibilityByRole: true })).status).toBe(400);
  });

  it('U4/U5: Marketing sees every lead; Sales only marketing and distributed leads, unless lead visibility by role allows', async () => {
    expect(await sees(as.marketing!, 'leads.view', { lead: 'lead-registered' })).toBe(true);
    expect(await sees(as.sales!, 'leads.view', { lead: 'lead-marketing' })).toBe(true);
    expect(await sees(as.sales!, 'leads.view', { lead: 'lead-distributed' })).toBe(true);
    expect(await sees(as.sales!, 'leads.view', { lead: 'lead-registered' })).toBe(false);
    const set = await as.administrator!.json('PATCH', '/api/settings', { leadVisibilityByRole: ['sales'] });
    expect(set.status).toBe(200);
    expect(await sees(as.sales!, 'leads.view', { lead: 'lead-registered' })).toBe(true);
    await as.administrator!.json('PATCH', '/api/settings', { leadVisibilityByRole: [] });
    expect(await sees(as.sales!, 'leads.view', { lead: 'lead-registered' })).toBe(false);
  });

  it('U3: administrators assign roles to new users only while the setting allows it', async () => {
    const user = { kind: 'operator', firstName: 'Sal', lastName: 'Person', email: 'sal@example.com', roles: ['sales'] };
    expect((await as.administrator!.json('POST', '/api/users', user)).status).toBe(201);
    await as.administrator!.json('PATCH', '/api/settings', { administratorsAssignRoles: false });
    const before = await state();
    expect((await as.administrator!.json('POST', '/api/users', { ...user, email: 'sal2@example.com' })).status).toBe(403);
    expect(await state()).toBe(before);
    await as.administrator!.json('PATCH', '/api/settings', { administratorsAssignRoles: true });
  });

  it('U1/U2/U7: custom roles carry no permissions but restrict content; users hold several roles', async () => {
    const role = await as.administrator!.json('POST', '/api/roles', { id: 'partners', label: 'Key partners', permissions: ['settings.manage'] });
    expect(role.status).toBe(201);
    expect((await as.marketing!.json('POST', '/api/roles', { label: 'Nope' })).status).toBe(403);
    const both = await as.administrator!.json('PUT', '/api/users/u-marketing/roles', { roles: ['marketing', 'partners'] });
    expect(both.status).toBe(200);
    expect(both.body.roles).toEqual(['marketing', 'partners']);
    expect(await sees(as.marketing!, 'settings.manage', {})).toBe(false);
    expect(await sees(as.marketing!, 'content.view', { content: 'content-sales' })).toBe(false);
    expect(await sees(as.sales!, 'content.view', { content: 'content-sales' })).toBe(true);
    expect(await sees(as.marketing!, 'content.view', { content: 'content-all' })).toBe(true);
    const roles = await as.administrator!.json('GET', '/api/roles');
    expect(roles.body.items.map((r: { id: string }) => r.id)).toEqual(['partners']);
    expect((await as.administrator!.request('DELETE', '/api/roles/partners')).status).toBe(204);
    expect((await as.administrator!.json('GET', '/api/users/u-marketing')).body.roles).toEqual(['marketing']);
  });

  it('U5: Sales has My Settings for themselves only', async () => {
    expect(await sees(as.sales!, 'mySettings.manage', { user: 'u-sales' })).toBe(true);
    expect(await sees(as.sales!, 'mySettings.manage', { user: 'u-marketing' })).toBe(false);
  });
});
