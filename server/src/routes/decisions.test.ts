import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '@deputy/core';
import { wire, wireJson } from '../domain/guard.js';
import { check, checkBatch, checkQuery, fastBatch, fastCheck, fastCheckQuery, plainCheckQuery } from './decisions.js';
import { harness, signIn, type Client, type Harness } from '../test-helpers.js';

let h: Harness;
let admin: Client;
let editor: Client;

beforeAll(async () => {
  h = await harness();
  admin = await signIn(h, 'client-sharing', 'admin@client-sharing');
  editor = await signIn(h, 'client-sharing', 'editor@client-sharing');
});
afterAll(async () => {
  await h.close();
});

describe('decisions over HTTP (I5)', () => {
  it('check answers the core\'s decision with a sentence for each reason', async () => {
    const res = await editor.json('POST', '/api/check', { action: 'client.edit', target: { account: 'alpha' } });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(res.body.reasons[0]).toMatchObject({ code: 'granted', role: 'editor', scope: 'shared', group: 'team', text: expect.stringMatching(/Editor/) });
    const unknown = await editor.json('POST', '/api/check', { action: 'no.such', target: {} });
    expect(unknown.body).toMatchObject({ allowed: false, reasons: [{ code: 'unknown-action' }] });
  });

  it('answers the same check as a GET', async () => {
    const get = await editor.json('GET', '/api/check?action=client.edit&account=alpha');
    const post = await editor.json('POST', '/api/check', { action: 'client.edit', target: { account: 'alpha' } });
    expect(get).toEqual(post);
    const forOther = await admin.json('GET', '/api/check?action=client.settings&account=beta&for=u-editor');
    expect(forOther.body.allowed).toBe(false);
    expect((await editor.json('GET', '/api/check?action=client.edit&account=alpha&extra=1')).status).toBe(400);
  });

  it('a GET without an Origin skips the gate: answered at once, exactly as through the gate', async () => {
    const get = (url: string, headers: Record<string, string>) => h.app.fetch(new Request(`http://localhost${url}`, { headers }));
    const seen = async (res: Response) => ({ status: res.status, headers: [...res.headers].sort(), body: await res.text() });
    const cookie = { cookie: `deputy_session=${editor.cookie}` };
    const cases: Array<[string, Record<string, string>, number]> = [
      ['/api/check?action=client.edit&account=alpha', cookie, 200],
      ['/api/check?action=client.settings&account=beta', cookie, 200],
      ['/api/check?action=client.settings&account=beta&for=u-admin', cookie, 404],
      ['/api/check?action=no.such', cookie, 200],
      ['/api/check?action=client.edit&account=alpha&extra=1', cookie, 400],
      ['/api/check?action=client.edit&account=alpha', {}, 401],
      ['/api/check?action=client.edit&account=alpha', { cookie: 'deputy_session=forged' }, 401],
    ];
    for (const [url, headers, status] of cases) {
      const plain = get(url, headers);
      // the server's own origin gets no CORS headers, so the gated answer must be the same, byte for byte
      const gated = await get(url, { ...headers, origin: 'http://localhost' });
      expect(plain, url).toBeInstanceOf(Response); // not a promise: nothing waited
      const answer = await seen(plain as Response);
      expect(answer.status, url).toBe(status);
      expect(answer, url).toEqual(await seen(gated));
    }
    expect(JSON.parse((await seen(get(cases[0]![0], cookie) as Response)).body).allowed).toBe(true);
    expect(JSON.parse((await seen(get(cases[1]![0], cookie) as Response)).body).allowed).toBe(false);
  });

  it('checking someone else needs to see them', async () => {
    const ok = await admin.json('POST', '/api/check', { action: 'client.settings', target: { account: 'beta' }, user: 'u-editor' });
    expect(ok.body.allowed).toBe(false);
    expect(ok.body.reasons[0].text).toMatch(/view-only/);
    const viewer = await signIn(h, 'client-sharing', 'viewOnly@client-sharing');
    expect((await viewer.json('POST', '/api/check', { action: 'client.access', target: { account: 'alpha' }, user: 'u-admin' })).status).toBe(404);
  });

  it('a batch of checks answers in order', async () => {
    const checks = Array.from({ length: 100 }, (_, i) => ({ action: i % 2 ? 'client.edit' : 'client.settings', target: { account: i % 3 ? 'alpha' : 'beta' } }));
    const res = await editor.json('POST', '/api/check/batch', { checks });
    expect(res.body.results).toHaveLength(100);
    expect(res.body.results[1].allowed).toBe(true);
    expect(res.body.results[0].allowed).toBe(false);
    expect((await editor.json('POST', '/api/check/batch', { checks: [] })).status).toBe(400);
  });

  it('check and batch carry the same security, Vary and CORS headers as every other API route', async () => {
    const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => k !== 'content-length'));
    for (const origin of [undefined, 'http://localhost:5174', 'https://evil.example']) {
      const extra: Record<string, string> = origin ? { origin } : {};
      const hot = [
        await editor.request('GET', '/api/check?action=client.edit&account=alpha', undefined, extra),
        await editor.request('POST', '/api/check', { action: 'client.edit', target: { account: 'alpha' } }, extra),
        await editor.request('POST', '/api/check/batch', { checks: [{ action: 'client.edit' }] }, extra),
      ];
      const other = await editor.request('GET', '/api/rights?account=alpha', undefined, extra);
      expect(other.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      for (const res of hot) {
        expect(res.status).toBe(other.status);
        expect(headersOf(res)).toEqual(headersOf(other));
      }
    }
  });

  it('decisions go out as the exact JSON of their wire form, shared (frozen) answers and fresh ones alike', async () => {
    const p = h.deps.partners.get('client-sharing')!;
    const sessions = [{ actor: 'u-editor' }, { actor: 'u-admin' }, { actor: 'u-viewOnly' }];
    const targets = [{}, { account: 'alpha' }, { account: 'beta' }, { account: 'nope' }, { user: 'u-editor' }];
    let frozen = 0;
    for (const session of sessions) {
      for (const id of [...Object.keys(p.cp.policy.actions), 'no.such']) {
        for (const target of targets) {
          const d = decide(p.cp, p.dir, session, id, target);
          if (Object.isFrozen(d)) frozen++;
          expect(wireJson(p, d)).toBe(JSON.stringify(wire(p, d)));
          expect(wireJson(p, d)).toBe(JSON.stringify(wire(p, d)));
        }
      }
    }
    expect(frozen).toBeGreaterThan(0);
  });

  it('rights list every account and partner action of the session, and follow the impersonated account', async () => {
    const rights = await editor.json('GET', '/api/rights?account=beta');
    const byAction = Object.fromEntries(rights.body.map((r: { action: string; allowed: boolean }) => [r.action, r.allowed]));
    expect(byAction).toMatchObject({ 'client.access': true, 'client.data': false, 'client.create': false });
    const partnerOnly = await editor.json('GET', '/api/rights');
    expect(partnerOnly.body.every((r: { action: string }) => !r.action.startsWith('client.') || r.action === 'client.create')).toBe(true);
    const inside = await signIn(h, 'client-sharing', 'editor@client-sharing');
    await inside.json('POST', '/api/impersonation', { account: 'alpha', mode: 'admin' });
    const scoped = await inside.json('GET', '/api/rights');
    expect(scoped.body.find((r: { action: string }) => r.action === 'client.data').allowed).toBe(true);
    expect(scoped.body.find((r: { action: string }) => r.action === 'client.settings').allowed).toBe(false);
  });

  it('role-diff says what a change would add and remove', async () => {
    const diff = await admin.json('POST', '/api/users/u-editor/role-diff', { roles: ['viewOnly'] });
    expect(diff.status).toBe(200);
    expect(diff.body.lost.map((r: { action: string }) => r.action)).toContain('client.edit');
    expect(diff.body.gained).toEqual([]);
  });

  it('assignable roles for a new user come from the core', async () => {
    const options = await editor.json('GET', '/api/assignable-roles?kind=operator');
    expect(options.body.every((o: { allowed: boolean }) => !o.allowed)).toBe(true);
    const forAdmin = await admin.json('GET', '/api/assignable-roles?kind=operator');
    expect(forAdmin.body.find((o: { role: string }) => o.role === 'editor').allowed).toBe(true);
  });
});

describe('the hot routes\' hand-written validation', () => {
  const long = 'x'.repeat(201);
  const checks: unknown[] = [
    { action: 'a' }, { action: 'a', target: {} }, { action: 'a', target: { account: 'b', user: 'c', lead: 'd', content: 'e' } },
    { action: 'a', user: 'u' }, { action: 'x'.repeat(200), target: { account: 'x'.repeat(200) } },
    { action: '' }, { action: long }, { action: 5 }, {}, { action: 'a', target: null }, { action: 'a', target: [] }, { action: 'a', target: 'b' },
    { action: 'a', target: { account: '' } }, { action: 'a', target: { account: long } }, { action: 'a', target: { account: 1 } },
    { action: 'a', target: { other: 'b' } }, { action: 'a', extra: 1 }, { action: 'a', user: '' }, { action: 'a', user: null },
    JSON.parse('{"action":"a","__proto__":{"x":1}}'), JSON.parse('{"action":"a","target":{"__proto__":{"account":"b"}}}'),
    { action: 'a', target: { account: undefined } }, [], null, 'a', Object.create({ action: 'a' }),
  ];
  const same = <T>(fast: (v: unknown) => T | undefined, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, value: unknown) => {
    const quick = fast(value);
    const full = schema.safeParse(value);
    if (quick !== undefined) expect(full).toEqual({ success: true, data: quick });
    return quick !== undefined;
  };

  it('accepts only what the zod schema accepts, with the same result, and leaves the rest to it', () => {
    const accepted = checks.filter((v) => same(fastCheck, check, v));
    // the first five, plus an explicit undefined, which zod takes as well
    expect(accepted).toEqual([...checks.slice(0, 5), checks[21]]);
    expect(same(fastBatch, checkBatch, { checks: checks.slice(0, 5) })).toBe(true);
    for (const batch of [{ checks: [] }, { checks: checks.slice(0, 6) }, { checks: {} }, { checks: [{ action: 'a' }], more: 1 }, { checks: Array(1001).fill({ action: 'a' }) }]) {
      expect(same(fastBatch, checkBatch, batch)).toBe(false);
    }
    const queries = [{ action: 'a' }, { action: 'a', account: 'b', user: 'c', lead: 'd', content: 'e', for: 'f' }, { action: ['a', 'b'] }, { action: 'a', extra: 'b' }, { account: 'b' }, { action: '' }, { action: long }];
    expect(queries.filter((q) => same(fastCheckQuery, checkQuery, q))).toHaveLength(2);
  });

  it('reads a plain check query string as the schema reads it, and leaves every other one to it', () => {
    /** The general path: the query as hono's validator hands it over, through the schema, as a check. */
    const general = (url: string) => {
      const value: Record<string, string | string[]> = {};
      for (const [k, v] of new URL(url).searchParams) value[k] = k in value ? [value[k]!, v].flat() : v;
      const parsed = checkQuery.safeParse(value);
      if (!parsed.success) return undefined;
      const { action, for: user, ...target } = parsed.data;
      return user === undefined ? { action, target } : { action, target, user };
    };
    const base = 'http://localhost/api/check';
    const plain = ['?action=a', '?action=a&account=b', '?account=b&action=a', '?action=a&account=b&user=c&lead=d&content=e&for=f', `?action=${'x'.repeat(200)}&account=-._~!$'()*,;:@/`, '?action==a', '?action=a&account=b=c'];
    const others = [
      '', '?', '?action=', '?action=a&', '?action=a&&account=b', '?action=a&account', '?action=a&account=', '?action=a&action=b',
      '?action=a&account=b&account=c', '?action=a&extra=1', '?account=b', '?action=a%20b', '?action=a+b', '?acc%6Funt=b&action=a',
      `?action=${'x'.repeat(201)}`, '?action=a&for=',
    ];
    for (const q of plain) {
      expect(plainCheckQuery(base + q), q).toBeDefined();
      expect(plainCheckQuery(base + q), q).toEqual(general(base + q));
    }
    for (const q of others) expect(plainCheckQuery(base + q), q).toBeUndefined();
  });
});
