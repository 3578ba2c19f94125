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
