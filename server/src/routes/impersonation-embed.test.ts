import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from '../test-helpers.js';

const P = 'client-sharing';
const HOST = 'http://localhost:5174';
let h: Harness;

beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

async function mintFor(user: string): Promise<string> {
  const res = await post(h, '/api/embed-tokens', { user, origin: HOST }, { authorization: `Bearer demo-key-${P}` });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const call = (token: string, method: string, url: string, body?: unknown) =>
  h.app.request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, origin: HOST, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('impersonation through an embed token', () => {
  it('rotates the token at start and at stop; the old token stops working at once', async () => {
    const first = await mintFor('u-editor');
    const started = await call(first, 'POST', '/api/impersonation', { account: 'alpha', mode: 'admin' });
    expect(started.status).toBe(200);
    const ctx = (await started.json()) as { token: string; expiresAt: number; mode: string; subject: { account: { id: string } } };
    expect(ctx.mode).toBe('admin');
    expect(ctx.subject.account.id).toBe('alpha');
    expect(ctx.token).not.toBe(first);
    expect(started.headers.get('set-cookie')).toBeNull();
    expect((await call(first, 'GET', '/api/session')).status).toBe(401);

    const session = (await (await call(ctx.token, 'GET', '/api/session')).json()) as { subject?: unknown };
    expect(session.subject).toBeDefined();
    expect((await call(ctx.token, 'POST', '/api/impersonation', { account: 'alpha', mode: 'view' })).status).toBe(403);

    const stopped = await call(ctx.token, 'DELETE', '/api/impersonation');
    expect(stopped.status).toBe(200);
    const own = (await stopped.json()) as { token: string; expiresAt: number; subject?: unknown };
    expect(own.subject).toBeUndefined();
    expect(own.expiresAt).toBe(ctx.expiresAt);
    expect((await call(ctx.token, 'GET', '/api/session')).status).toBe(401);
    expect((await call(own.token, 'GET', '/api/session')).status).toBe(200);
  });

  it('a refused start leaves the token as it was', async () => {
    const token = await mintFor('u-viewOnly');
    const refused = await call(token, 'POST', '/api/impersonation', { account: 'gamma', mode: 'admin' });
    expect(refused.status).toBe(403);
    const session = (await (await call(token, 'GET', '/api/session')).json()) as { subject?: unknown };
    expect(session.subject).toBeUndefined();
  });
});

describe('health', () => {
  it('answers without a session, for scripts waiting on start-up', async () => {
    const res = await h.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
