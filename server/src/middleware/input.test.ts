import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, signIn, type Client, type Harness } from '../test-helpers.js';

const P = 'client-sharing';
let h: Harness;
let admin: Client;

beforeAll(async () => {
  h = await harness();
  admin = await signIn(h, P, `admin@${P}`);
});
afterAll(async () => {
  await h.close();
});

const state = async () => JSON.stringify(await h.deps.store.loadPartner(P));
const raw = async (url: string, body: string, contentType = 'application/json', method = 'POST'): Promise<Response> =>
  h.app.request(url, { method, headers: { cookie: `deputy_session=${admin.cookie}`, 'x-deputy-csrf': admin.csrf, 'content-type': contentType }, body });

describe('bad input (I7): a clear 4xx, nothing changed, the server keeps serving', () => {
  const cases: Array<[string, () => Promise<Response>, number, string, string?]> = [
    ['malformed JSON', () => raw('/api/groups', '{"name": "x", '), 400, 'invalid'],
    ['unknown field', () => raw('/api/groups', JSON.stringify({ name: 'x', members: [], owner: 'me' })), 400, 'invalid', 'owner'],
    ['several unknown fields are all named', () => raw('/api/groups', JSON.stringify({ name: 'x', a: 1, b: 2 })), 400, 'invalid', 'a'],
    ['wrong type', () => raw('/api/groups', JSON.stringify({ name: 42 })), 400, 'invalid', 'name'],
    ['wrong type in an array', () => raw('/api/groups', JSON.stringify({ name: 'x', members: [1] })), 400, 'invalid', 'members.0'],
    ['__proto__ key', () => raw('/api/groups', '{"name":"x","__proto__":{"admin":true}}'), 400, 'invalid', '__proto__'],
    ['nested __proto__ key', () => raw('/api/settings', '{"leadVisibility":{"__proto__":{"x":1}}}', 'application/json', 'PATCH'), 400, 'invalid'],
    ['constructor key', () => raw('/api/groups', '{"name":"x","constructor":{"prototype":{}}}'), 400, 'invalid', 'constructor'],
    ['deep nesting', () => raw('/api/groups', `{"name":"x","members":${'['.repeat(100)}${']'.repeat(100)}}`), 400, 'invalid'],
    ['text/plain body', () => raw('/api/groups', JSON.stringify({ name: 'x' }), 'text/plain'), 415, 'unsupported_media_type'],
    ['form body', () => raw('/api/groups', 'name=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
    ['form body on a route without a body', () => raw('/api/users/u-editor/block', 'x=1', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
    ['10 MB body', () => raw('/api/groups', JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) })), 413, 'too_large'],
    ['array instead of object', () => raw('/api/groups', '[]'), 400, 'invalid'],
    ['null body', () => raw('/api/groups', 'null'), 400, 'invalid'],
    ['unknown role id', () => raw('/api/users/u-editor/roles', JSON.stringify({ roles: ['root'] }), 'application/json', 'PUT'), 400, 'invalid', 'roles'],
    ['unknown user id', () => raw('/api/users/u-nobody/roles', JSON.stringify({ roles: ['editor'] }), 'application/json', 'PUT'), 404, 'not_found'],
    ['prototype-named id', () => raw('/api/accounts/constructor', JSON.stringify({ name: 'x' }), 'application/json', 'PATCH'), 404, 'not_found'],
    ['bad query value', () => admin.request('GET', '/api/users?limit=abc'), 400, 'invalid', 'limit'],
    ['unknown query field', () => admin.request('GET', '/api/users?role=admin'), 400, 'invalid', 'role'],
    ['unknown route', () => admin.request('GET', '/api/nothing-here'), 404, 'not_found'],
  ];

  for (const [name, send, status, code, field] of cases) {
    it(name, async () => {
      const before = await state();
      const res = await send();
      expect(res.status).toBe(status);
      // refused at the gate or in the route, an error carries every API header
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toBeTruthy();
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
      if (field) expect(body.error.field).toBe(field);
      expect(await state()).toBe(before);
      expect((await admin.request('GET', '/api/session')).status).toBe(200);
    });
  }

  it('names every unknown field in the message', async () => {
    const res = await raw('/api/groups', JSON.stringify({ name: 'x', alpha: 1, beta: 2 }));
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Unknown fields: alpha, beta.');
  });
});
