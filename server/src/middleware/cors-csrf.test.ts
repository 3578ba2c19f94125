import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, post, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'client-sharing';
const HOST = 'http://localhost:5174';
let h: Harness;
let admin: Client;

beforeAll(async () => {
  h = await harness();
  admin = await signIn(h, P, `admin@${P}`);
});
afterAll(async () => {
  await h.close();
});

const mint = (body: unknown, key = `demo-key-${P}`) => post(h, '/api/embed-tokens', body, { authorization: `Bearer ${key}` });

describe('CORS from the partner allow-list', () => {
  it('echoes an allow-listed origin exactly, with credentials and Vary: Origin', async () => {
    const res = await h.app.request('/api/check', { method: 'OPTIONS', headers: { origin: HOST, 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(HOST);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Deputy-CSRF/);
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives a foreign origin, and the origin null, no CORS headers at all', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost:5174.evil.example']) {
      const res = await h.app.request('/api/check', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const get = await admin.request('GET', '/api/session', undefined, { origin });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      // uncacheable, so not selected by Origin either: no Vary (see NO_CORS)
      expect(get.headers.get('cache-control')).toBe('no-store');
      expect(get.headers.get('vary')).toBeNull();
    }
  });

  it('refuses a cookie session used from a foreign origin', async () => {
    const res = await admin.request('GET', '/api/users', undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await admin.request('GET', '/api/users', undefined, { origin: HOST })).status).toBe(200);
  });
});

describe('CSRF for cookie sessions', () => {
  it('refuses a change without the X-Deputy-CSRF header, or with a wrong one', async () => {
    const before = JSON.stringify(await h.deps.store.loadPartner(P));
    const none = await h.app.request('/api/groups', {
      method: 'POST',
      headers: { cookie: `deputy_session=${admin.cookie}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'csrf' }),
    });
    expect(none.status).toBe(403);
    const wrong = await admin.request('POST', '/api/groups', { name: 'csrf' }, { 'x-deputy-csrf': 'guess' });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(await h.deps.store.loadPartner(P))).toBe(before);
    expect((await admin.request('POST', '/api/groups', { name: 'csrf ok' })).status).toBe(201);
  });

  it('refuses a cross-site form post outright (415) before any session is looked at', async () => {
    const res = await h.app.request('/api/auth/sign-out', {
      method: 'POST',
      headers: { cookie: `deputy_session=${admin.cookie}`, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'a=1',
    });
    expect(res.status).toBe(415);
    expect((await admin.request('GET', '/api/session')).status).toBe(200);
  });
});

describe('embed tokens', () => {
  it('are minted with the partner API key for an allow-listed origin, and work only from it', async () => {
    const res = await mint({ user: 'u-editor', origin: HOST });
    expect(res.status).toBe(201);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: number };
    expect(expiresAt).toBeGreaterThan(h.clock.now());
    const use = (origin?: string) => h.app.request('/api/session', { headers: { authorization: `Bearer ${token}`, ...(origin ? { origin } : {}) } });
    const ok = await use(HOST);
    expect(ok.status).toBe(200);
    const session = (await ok.json()) as { actor: { id: string }; csrf?: string; channel: string };
    expect(session.actor.id).toBe('u-editor');
    expect(session.csrf).toBeUndefined();
    expect(session.channel).toBe('embed');
    expect((await use('http://127.0.0.1:5174')).status).toBe(403);
    const change = await h.app.request('/api/check', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: HOST, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'client.access', target: { account: 'alpha' } }),
    });
    expect(change.status).toBe(200);
    const impersonate = await h.app.request('/api/impersonation', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: 'http://127.0.0.1:5174', 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'alpha' }),
    });
    expect(impersonate.status).toBe(403);
    expect(((await (await use(HOST)).json()) as { subject?: unknown }).subject).toBeUndefined();
    h.clock.advance(11 * 60_000);
    expect((await use(HOST)).status).toBe(401);
  });

  it('refuse a wrong key, another partner\'s key, a foreign origin and an unknown user', async () => {
    expect((await mint({ user: 'u-editor', origin: HOST }, 'wrong-key')).status).toBe(401);
    expect((await mint({ user: 'u-editor', origin: HOST }, 'demo-key-operator-portal')).status).toBe(404);
    expect((await mint({ user: 'u-editor', origin: 'https://evil.example' })).status).toBe(400);
    expect((await mint({ user: 'u-nobody', origin: HOST })).status).toBe(404);
  });

  it('end at once when their user is deleted', async () => {
    const { token } = (await (await mint({ user: 'u-viewOnly', origin: HOST })).json()) as { token: string };
    const use = () => h.app.request('/api/session', { headers: { authorization: `Bearer ${token}` } });
    expect((await use()).status).toBe(200);
    expect((await admin.request('DELETE', '/api/users/u-viewOnly')).status).toBe(204);
    expect((await use()).status).toBe(401);
  });
});
