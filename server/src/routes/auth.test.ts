import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, post, signIn, type Harness } from '../test-helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('sign-in', () => {
  it('signs in without a second factor where the preset has none, with an HttpOnly SameSite cookie', async () => {
    const res = await post(h, '/api/auth/sign-in', { partner: 'client-sharing', login: 'admin@client-sharing', password: 'deputy-demo-pass' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'signed-in' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/deputy_session=[\w-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/api/);
  });

  it('asks operator-portal operators for an emailed one-time code (O1)', async () => {
    const res = await post(h, '/api/auth/sign-in', { partner: 'operator-portal', login: 'admin@operator-portal', password: 'deputy-demo-pass' });
    const body = (await res.json()) as { status: string; channel: string; attempt: string };
    expect(body.status).toBe('second-factor');
    expect(body.channel).toBe('email');
    expect(res.headers.get('set-cookie')).toBeNull();
    const code = h.inbox.lastCode();
    expect(code).toMatch(/^\d{6}$/);
    const ok = await post(h, '/api/auth/second-factor', { attempt: body.attempt, code });
    expect(ok.status).toBe(200);
    const again = await post(h, '/api/auth/second-factor', { attempt: body.attempt, code });
    expect(again.status).toBe(401);
  });

  it('answers wrong password, unknown user and unknown partner alike', async () => {
    const answers = await Promise.all([
      post(h, '/api/auth/sign-in', { partner: 'client-sharing', login: 'admin@client-sharing', password: 'wrong' }),
      post(h, '/api/auth/sign-in', { partner: 'client-sharing', login: 'nobody', password: 'wrong' }),
      post(h, '/api/auth/sign-in', { partner: 'nope', login: 'admin@client-sharing', password: 'deputy-demo-pass' }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Wrong login or password.' } });
    }
  });

  it('reads the session back', async () => {
    const client = await signIn(h, 'member-portal', 'acme-admin@member-portal');
    const { status, body } = await client.json('GET', '/api/session');
    expect(status).toBe(200);
    expect(body.actor.id).toBe('u-acme-admin');
    expect(body.partner.preset).toBe('member-portal');
    expect(body.csrf).toBeTypeOf('string');
  });
});

import * as OTPAuth from 'otpauth';

const signInBody = (login: string, partner = 'operator-portal') => ({ partner, login, password: 'deputy-demo-pass' });

describe('second factor', () => {
  it('sends an SMS code to operators with a phone', async () => {
    const res = await post(h, '/api/auth/sign-in', signInBody('support@operator-portal'));
    expect(await res.json()).toMatchObject({ status: 'second-factor', channel: 'sms' });
    expect(h.inbox.messages.at(-1)).toMatchObject({ channel: 'sms', to: '+15550100' });
  });

  it('allows five guesses per attempt, then the attempt is gone', async () => {
    const { attempt } = (await (await post(h, '/api/auth/sign-in', signInBody('admin@operator-portal'))).json()) as { attempt: string };
    const code = h.inbox.lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await post(h, '/api/auth/second-factor', { attempt, code: wrong })).status).toBe(401);
    expect((await post(h, '/api/auth/second-factor', { attempt, code })).status).toBe(401);
  });

  it('expires codes after 10 minutes', async () => {
    const { attempt } = (await (await post(h, '/api/auth/sign-in', signInBody('admin@operator-portal'))).json()) as { attempt: string };
    const code = h.inbox.lastCode();
    h.clock.advance(10 * 60_000 + 1);
    expect((await post(h, '/api/auth/second-factor', { attempt, code })).status).toBe(401);
  });

  it('stores codes hashed, bound to the attempt', async () => {
    const first = (await (await post(h, '/api/auth/sign-in', signInBody('admin@operator-portal'))).json()) as { attempt: string };
    const code = h.inbox.lastCode();
    const data = JSON.stringify(await import('node:fs/promises').then((fs) => fs.readFile(h.file, 'utf8')));
    expect(data).not.toContain(`"${code}"`);
    expect(data).not.toContain(first.attempt);
    const second = (await (await post(h, '/api/auth/sign-in', signInBody('systemManager@operator-portal'))).json()) as { attempt: string };
    expect((await post(h, '/api/auth/second-factor', { attempt: second.attempt, code })).status).toBe(401);
  });

  it('TOTP: enrol, confirm, then sign in with it instead of a code; a code is never accepted twice', async () => {
    const client = await signIn(h, 'client-sharing', 'editor@client-sharing');
    const enrol = await client.json('POST', '/api/auth/totp');
    expect(enrol.status).toBe(201);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.body.secret), digits: 6, period: 30 });
    expect((await client.json('POST', '/api/auth/totp/confirm', { code: '000000' === totp.generate({ timestamp: h.clock.now() }) ? '111111' : '000000' })).status).toBe(400);
    const confirmCode = totp.generate({ timestamp: h.clock.now() });
    expect((await client.json('POST', '/api/auth/totp/confirm', { code: confirmCode })).status).toBe(200);
    const res = await post(h, '/api/auth/sign-in', signInBody('editor@client-sharing', 'client-sharing'));
    const body = (await res.json()) as { status: string; channel: string; attempt: string };
    expect(body).toMatchObject({ status: 'second-factor', channel: 'totp' });
    expect((await post(h, '/api/auth/second-factor', { attempt: body.attempt, code: confirmCode })).status).toBe(401);
    h.clock.advance(30_000);
    const next = totp.generate({ timestamp: h.clock.now() });
    expect((await post(h, '/api/auth/second-factor', { attempt: body.attempt, code: next })).status).toBe(200);
  });
});

describe('password guessing', () => {
  it('is throttled after ten failures in a row where the policy never locks, and counted in the store', async () => {
    const wrong = () => post(h, '/api/auth/sign-in', { partner: 'client-sharing', login: 'editor@client-sharing', password: 'nope' });
    for (let i = 0; i < 10; i++) expect((await wrong()).status).toBe(401);
    expect((await h.deps.store.loadPartner('client-sharing'))!.users['u-editor']!.failedSignIns).toBe(10);
    const right = () => post(h, '/api/auth/sign-in', signInBody('editor@client-sharing', 'client-sharing'));
    expect((await right()).status).toBe(401);
    h.clock.advance(15 * 60_000);
    expect((await right()).status).toBe(200);
    expect((await h.deps.store.loadPartner('client-sharing'))!.users['u-editor']!.failedSignIns).toBe(0);
  });
});

describe('sessions', () => {
  it('sign-out ends the session; a new sign-in gets a new id', async () => {
    const a = await signIn(h, 'client-sharing', 'admin@client-sharing');
    const b = await signIn(h, 'client-sharing', 'admin@client-sharing');
    expect(a.cookie).not.toBe(b.cookie);
    expect((await a.request('POST', '/api/auth/sign-out')).status).toBe(204);
    expect((await a.request('GET', '/api/session')).status).toBe(401);
    expect((await b.request('GET', '/api/session')).status).toBe(200);
  });

  it('sessions end after 12 hours', async () => {
    const a = await signIn(h, 'client-sharing', 'admin@client-sharing');
    h.clock.advance(12 * 3600_000 + 1);
    expect((await a.request('GET', '/api/session')).status).toBe(401);
  });

  it('the test clock route exists only with the test clock', async () => {
    const res = await post(h, '/api/test/clock', { advanceMs: 1000 });
    expect(res.status).toBe(200);
    const { createApp } = await import('../app.js');
    const { testClock: _omit, ...rest } = h.deps;
    const plain = createApp(rest);
    const res2 = await plain.request('/api/test/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceMs":1}' });
    expect(res2.status).toBe(404);
  });
});
