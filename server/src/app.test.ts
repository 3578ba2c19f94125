import { hc } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppType } from './app.js';
import { harness, signIn, type Harness } from './test-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

describe('AppType', () => {
  it('types a hono/client over the app', async () => {
    const admin = await signIn(h, 'client-sharing', 'admin@client-sharing');
    const client = hc<AppType>('http://deputy.test', {
      fetch: (input: Request | URL | string, init?: RequestInit) => h.app.request(input instanceof Request ? input : String(input), init),
      headers: { cookie: `deputy_session=${admin.cookie}`, 'x-deputy-csrf': admin.csrf },
    });
    const res = await client.api.accounts.$get({ query: {} });
    const body = await res.json();
    expect(body.items.map((a) => a.id)).toEqual(['alpha', 'beta', 'gamma']);
    const check = await client.api.check.$post({ json: { action: 'client.edit', target: { account: 'alpha' } } });
    const decision = await check.json();
    expect(decision.allowed).toBe(true);
  });
});
