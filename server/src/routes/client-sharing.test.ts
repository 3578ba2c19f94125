import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'client-sharing';
let h: Harness;
const as: Record<string, Client> = {};

beforeAll(async () => {
  h = await harness();
  for (const role of ['admin', 'editor', 'viewOnly']) as[role] = await signIn(h, P, `${role}@${P}`);
});
afterAll(async () => {
  await h.close();
});

const state = async () => JSON.stringify(await h.deps.store.loadPartner(P));
const ids = async (c: Client) => ((await c.json('GET', '/api/accounts')).body.items as Array<{ id: string }>).map((a) => a.id);

describe('client-sharing over HTTP', () => {
  it('K2: a client is reached only through a role and a group it is shared with', async () => {
    expect(await ids(as.admin!)).toEqual(['alpha', 'beta', 'gamma']);
    expect(await ids(as.editor!)).toEqual(['alpha', 'beta']);
    expect(await ids(as.viewOnly!)).toEqual(['alpha', 'beta', 'gamma']);
    expect((await as.editor!.json('GET', '/api/accounts/gamma')).status).toBe(404);
  });

  it('K3/K4: sign in to a client at the group right, capped by the role', async () => {
    const editor = await signIn(h, P, `editor@${P}`);
    expect((await editor.json('POST', '/api/impersonation', { account: 'beta', mode: 'admin' })).status).toBe(403);
    const full = await editor.json('POST', '/api/impersonation', { account: 'alpha', mode: 'admin+settings' });
    expect(full.status).toBe(200);
    expect(full.body.mode).toBe('admin+settings');
    const viewer = await signIn(h, P, `viewOnly@${P}`);
    const capped = await viewer.json('POST', '/api/impersonation', { account: 'gamma', mode: 'admin' });
    expect(capped.status).toBe(403);
    expect(capped.body.error.reasons.some((r: { code: string }) => r.code === 'mode-exceeds')).toBe(true);
    const defaulted = await viewer.json('POST', '/api/impersonation', { account: 'gamma' });
    expect(defaulted.body.mode).toBe('view');
  });

  it('K3: while signed in to a client view-only, data work is refused; rights say why', async () => {
    const viewer = await signIn(h, P, `viewOnly@${P}`);
    await viewer.json('POST', '/api/impersonation', { account: 'gamma', mode: 'view' });
    const rights = await viewer.json('GET', '/api/rights?account=gamma');
    const data = rights.body.find((r: { action: string }) => r.action === 'client.data');
    expect(data.allowed).toBe(false);
    expect(data.reasons.map((r: { text: string }) => r.text).join(' ')).toMatch(/view-only mode/);
    expect((await viewer.json('GET', '/api/rights?account=alpha')).status).toBe(404);
  });

  it('K3: the sharing panel data: shares, the rights the viewer may share at, users and sign-in modes', async () => {
    const panel = await as.admin!.json('GET', '/api/accounts/beta/shares');
    expect(panel.body.shares).toEqual([{ group: { id: 'team', name: 'Client Team' }, right: 'view' }]);
    expect(panel.body.shareable.map((s: { allowed: boolean }) => s.allowed)).toEqual([true, true, true]);
    const editorRow = panel.body.users.find((u: { user: { id: string } }) => u.user.id === 'u-editor');
    expect(editorRow.right).toBe('view');
    expect(panel.body.signIn.map((s: { mode: string }) => s.mode)).toEqual(['view', 'admin', 'admin+settings']);
    const forEditor = await as.editor!.json('GET', '/api/accounts/alpha/shares');
    expect(forEditor.body.shareable.every((s: { allowed: boolean }) => !s.allowed)).toBe(true);
  });

  it('K3: the Admin shares and unshares; an Editor may not', async () => {
    const before = await state();
    expect((await as.editor!.json('PUT', '/api/accounts/alpha/shares/viewers', { right: 'view' })).status).toBe(403);
    expect(await state()).toBe(before);
    expect((await as.admin!.json('PUT', '/api/accounts/gamma/shares/team', { right: 'admin' })).status).toBe(200);
    expect(await ids(as.editor!)).toEqual(['alpha', 'beta', 'gamma']);
    expect((await as.admin!.request('DELETE', '/api/accounts/gamma/shares/team')).status).toBe(204);
    expect(await ids(as.editor!)).toEqual(['alpha', 'beta']);
    expect((await as.admin!.json('PUT', '/api/accounts/gamma/shares/nope', { right: 'admin' })).status).toBe(404);
  });

  it('K2: groups are managed by the Admin; renaming keeps the shares', async () => {
    expect((await as.editor!.json('POST', '/api/groups', { name: 'Mine', members: ['u-editor'] })).status).toBe(403);
    // existing and missing groups answer alike to someone who may not manage them
    expect((await as.editor!.json('PUT', '/api/groups/team', { name: 'x' })).status).toBe(403);
    expect((await as.editor!.json('PUT', '/api/groups/no-such', { name: 'x' })).status).toBe(403);
    expect((await as.editor!.request('DELETE', '/api/groups/no-such')).status).toBe(403);
    const made = await as.admin!.json('POST', '/api/groups', { name: 'Night shift', members: ['u-editor'] });
    expect(made.status).toBe(201);
    expect((await as.admin!.json('POST', '/api/groups', { name: 'Bad', members: ['u-nobody'] })).status).toBe(404);
    expect((await as.admin!.json('PUT', '/api/groups/team', { name: 'Client Team A' })).status).toBe(200);
    expect(await ids(as.editor!)).toEqual(['alpha', 'beta']);
    const list = await as.admin!.json('GET', '/api/groups');
    expect(list.body.items.map((g: { name: string }) => g.name)).toContain('Night shift');
    expect((await as.admin!.request('DELETE', `/api/groups/${made.body.id}`)).status).toBe(204);
  });

  it('K1: custom roles built from permissions; never beyond what the creator holds', async () => {
    const role = await as.admin!.json('POST', '/api/roles', { id: 'previewer', label: 'Previewer', permissions: ['client.access', 'client.signIn'], cap: 'view' });
    expect(role.status).toBe(201);
    expect((await as.admin!.json('POST', '/api/roles', { label: 'Broken', permissions: ['no.such'] })).status).toBe(400);
    const assigned = await as.admin!.json('PUT', '/api/users/u-viewOnly/roles', { roles: ['previewer'] });
    expect(assigned.status).toBe(200);
    const check = await as.admin!.json('POST', '/api/check', { action: 'client.signIn', target: { account: 'gamma' }, user: 'u-viewOnly' });
    expect(check.body.allowed).toBe(true);
    expect(check.body.reasons[0].text).toMatch(/Previewer/);
    expect((await as.editor!.json('POST', '/api/roles', { label: 'Sneaky', permissions: ['client.share'] })).status).toBe(403);
  });
});
