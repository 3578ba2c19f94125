import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createClient, DeputyApiError } from './index.js';

const api = inject('api');
const ORIGIN = 'http://localhost:5174';

/** A fetch with a cookie jar and a browser-like Origin header, as a page on an allow-listed origin has. */
function browserLikeFetch(): typeof fetch {
  const jar = new Map<string, string>();
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('origin', ORIGIN);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(input, { ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=');
      if (value) jar.set(name!, value);
      else jar.delete(name!);
    }
    return response;
  };
}

async function embedToken(partner: string, user: string): Promise<string> {
  const response = await fetch(`${api}/api/embed-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer demo-key-${partner}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user, origin: ORIGIN }),
  });
  expect(response.ok).toBe(true);
  return ((await response.json()) as { token: string }).token;
}

function lastCode(to: string): string | undefined {
  const folder = inject('outbox');
  const messages = readdirSync(folder).sort().map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as { to: string; code?: string });
  return messages.filter((m) => m.to === to).at(-1)?.code;
}

describe('with an embed token', () => {
  it('reads the session and the users as the token’s user', async () => {
    const client = createClient({ api, token: await embedToken('client-sharing', 'u-admin'), fetch: browserLikeFetch() });
    const session = await client.session();
    expect(session.actor.id).toBe('u-admin');
    expect(session.partner.id).toBe('client-sharing');
    const users = await client.users.list({ kind: 'operator' });
    expect(users.items.map((u) => u.id)).toContain('u-editor');
    const editor = users.items.find((u) => u.id === 'u-editor');
    expect(editor?.actions.delete?.allowed).toBe(true);
    // client-sharing has no way to block an operator: the row carries no decision for it
    expect(editor && 'block' in editor.actions).toBe(false);
  });

  it('turns a refusal into a DeputyApiError with the server’s code', async () => {
    const client = createClient({ api, token: await embedToken('client-sharing', 'u-editor'), fetch: browserLikeFetch() });
    const error = await client.accounts.share('alpha', 'viewers', 'view').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeputyApiError);
    expect((error as DeputyApiError).status).toBe(403);
    expect((error as DeputyApiError).code).toBe('forbidden');
  });

  it('moves to the new token when an impersonation switch replaces it', async () => {
    const first = await embedToken('client-sharing', 'u-admin');
    const client = createClient({ api, token: first, fetch: browserLikeFetch() });
    const acting = await client.impersonation.start({ account: 'alpha', mode: 'view' });
    expect(acting.subject).toMatchObject({ account: { id: 'alpha' } });
    expect(client.token).toBe(acting.token);
    expect(client.token).not.toBe(first);
    expect((await client.session()).mode).toBe('view');
    await expect(createClient({ api, token: first, fetch: browserLikeFetch() }).session()).rejects.toMatchObject({ status: 401 });
    const back = await client.impersonation.stop();
    expect(back.subject).toBeUndefined();
    expect(client.token).toBe(back.token);
  });

  it('is refused once the token is not valid', async () => {
    const client = createClient({ api, token: 'not-a-token', fetch: browserLikeFetch() });
    await expect(client.session()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
  });
});

describe('with a cookie session', () => {
  it('signs in with the second factor from the outbox and sends the CSRF header on changes', async () => {
    const client = createClient({ api, fetch: browserLikeFetch() });
    const first = await client.auth.signIn({ partner: 'operator-portal', login: 'admin@operator-portal', password: 'deputy-demo-pass' });
    expect(first.status).toBe('second-factor');
    if (first.status !== 'second-factor') return;
    const code = lastCode('admin.operator-portal@example.com');
    expect(code).toMatch(/^\d{6}$/);
    expect(await client.auth.secondFactor({ attempt: first.attempt, code: code! })).toEqual({ status: 'signed-in' });
    const session = await client.session();
    expect(session.actor.id).toBe('u-admin');
    expect(session.csrf).toBeTruthy();

    const { items } = await client.users.list({ kind: 'operator', q: 'Designer' });
    const designer = items.find((u) => u.id === 'u-designer')!;
    const edited = await client.users.update(designer.id, { lastName: 'Renamed' });
    expect(edited.lastName).toBe('Renamed');
    expect((await client.users.list({ kind: 'operator', q: 'Renamed' })).items.map((u) => u.id)).toContain('u-designer');
  });

  it('takes a fresh CSRF token when another client on the page replaced the session (impersonation)', async () => {
    const jar = browserLikeFetch();
    const host = createClient({ api, fetch: jar });
    expect(await host.auth.signIn({ partner: 'client-sharing', login: 'admin@client-sharing', password: 'deputy-demo-pass' })).toEqual({ status: 'signed-in' });
    const before = (await host.session()).csrf;
    const widget = createClient({ api, fetch: jar });
    const acting = await widget.impersonation.start({ account: 'gamma', mode: 'view' });
    expect(acting.subject).toMatchObject({ account: { id: 'gamma' } });
    expect(acting.mode).toBe('view');
    const back = await host.impersonation.stop();
    expect(back.subject).toBeUndefined();
    expect((await host.session()).csrf).not.toBe(before);
  });

  it('refuses a wrong password as unauthenticated', async () => {
    const client = createClient({ api, fetch: browserLikeFetch() });
    await expect(client.auth.signIn({ partner: 'client-sharing', login: 'admin@client-sharing', password: 'wrong' })).rejects.toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
  });

  it('refuses a change without a session', async () => {
    const client = createClient({ api, fetch: browserLikeFetch() });
    await expect(client.users.remove('u-editor')).rejects.toBeInstanceOf(DeputyApiError);
  });
});
