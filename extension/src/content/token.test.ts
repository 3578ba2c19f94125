import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stopOnToken, tokenChecks, tokenContext, tokenWidget } from './token.ts';

const SERVER = 'http://127.0.0.1:4000';
const PAGE = 'http://127.0.0.1:5174';
const session = {
  partner: { id: 'p', name: 'P', preset: 'client-sharing' },
  actor: { id: 'u-admin', kind: 'operator', firstName: 'Ada', lastName: 'Admin', username: 'admin@p' },
  subject: { account: { id: 'alpha', name: 'Alpha', secure: false, setupCompleted: false, template: false } },
  mode: 'admin',
  expiresAt: Date.UTC(2026, 10, 27, 6),
  policy: { combine: 'most-permissive', roles: [], actions: [], areas: {} },
};

/** Requests made, with the token they carried; the server answers only the token `good`. */
let calls: Array<{ method: string; url: string; authorization?: string }>;
beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const authorization = (init.headers as Record<string, string>).authorization;
    calls.push({ method: init.method ?? 'GET', url, authorization });
    if (authorization !== 'Bearer good') return Response.json({ error: { code: 'unauthenticated', message: 'Sign in.' } }, { status: 401 });
    if (url === `${SERVER}/api/session`) return Response.json(session);
    if (url === `${SERVER}/api/rights?account=alpha`) return Response.json([{ action: 'client.edit', area: 'clients', label: 'Edit', allowed: true, reasons: [] }]);
    if (url === `${SERVER}/api/check` && init.method === 'POST') {
      const { target } = JSON.parse(String(init.body)) as { target: { account?: string } };
      return Response.json({ allowed: target.account === 'alpha', reasons: [{ code: 'granted', text: `on ${target.account}` }] });
    }
    if (url === `${SERVER}/api/impersonation` && init.method === 'DELETE') {
      return Response.json({ ...session, subject: undefined, mode: undefined, token: 'next', expiresAt: session.expiresAt });
    }
    return Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the widget token of a page', () => {
  it('is the first token of a widget whose server is connected; a widget without api talks to the page', () => {
    const widgets = [
      { tag: 'deputy-a', api: 'https://elsewhere.example', token: 'other' },
      { tag: 'deputy-b', api: `${SERVER}/`, token: '' },
      { tag: 'deputy-c', api: `${SERVER}/`, token: 'good' },
    ];
    expect(tokenWidget(widgets, [SERVER], PAGE)).toEqual({ server: SERVER, token: 'good' });
    expect(tokenWidget([{ tag: 'deputy-a', api: '', token: 'own' }], [PAGE], PAGE)).toEqual({ server: PAGE, token: 'own' });
    expect(tokenWidget(widgets, [], PAGE)).toBeUndefined();
  });

  it('gives the session and rights of the token, asked of its own server only', async () => {
    const widgets = [
      { tag: 'deputy-a', api: 'https://elsewhere.example', token: 'secret-elsewhere' },
      { tag: 'deputy-b', api: SERVER, token: 'good' },
    ];
    const context = await tokenContext(widgets, { servers: [SERVER], rights: true }, PAGE);
    expect(context).toMatchObject({ server: SERVER, account: 'alpha', expiresAt: '2026-11-27T06:00:00.000Z' });
    expect(context.session?.mode).toBe('admin');
    expect(context.rights?.map((r) => r.action)).toEqual(['client.edit']);
    expect(calls.every((c) => c.url.startsWith(`${SERVER}/`) && c.authorization === 'Bearer good')).toBe(true);
  });

  it('is no context when the server refuses the token, so the popup falls back to the cookie session', async () => {
    expect(await tokenContext([{ tag: 'deputy-b', api: SERVER, token: 'expired' }], { servers: [SERVER], rights: true }, PAGE)).toEqual({});
  });

  it('decides the lens checks with the token, unmarked targets on the account the token acts as', async () => {
    const checks = [
      { action: 'client.edit', target: {} },
      { action: 'client.edit', target: { account: 'gamma' } },
    ];
    const reply = await tokenChecks([{ tag: 'deputy-b', api: SERVER, token: 'good' }], [SERVER], PAGE, checks);
    expect(reply && 'results' in reply && reply.results.map((r) => [r.allowed, r.reasons[0]!.text])).toEqual([
      [true, 'on alpha'],
      [false, 'on gamma'],
    ]);
    expect(calls.every((c) => c.authorization === 'Bearer good')).toBe(true);
    expect(await tokenChecks([{ tag: 'deputy-b', api: SERVER, token: 'expired' }], [SERVER], PAGE, checks)).toBeUndefined();
    expect(await tokenChecks([{ tag: 'deputy-b', api: SERVER, token: 'good' }], [], PAGE, checks)).toBeUndefined();
  });

  it('signs out as with the token and announces the new one, without handing it on', async () => {
    const announced: unknown[] = [];
    const reply = await stopOnToken([{ tag: 'deputy-b', api: SERVER, token: 'good' }], SERVER, PAGE, (c) => announced.push(c));
    expect(reply.ok).toBe(true);
    expect(reply.session?.subject).toBeUndefined();
    expect(reply.session).not.toHaveProperty('token');
    expect(announced).toEqual([{ old: 'good', token: 'next', expiresAt: session.expiresAt }]);
    expect(calls).toEqual([{ method: 'DELETE', url: `${SERVER}/api/impersonation`, authorization: 'Bearer good' }]);
  });

  it('reports a refused sign out as, announcing nothing', async () => {
    const announced: unknown[] = [];
    const reply = await stopOnToken([{ tag: 'deputy-b', api: SERVER, token: 'expired' }], SERVER, PAGE, (c) => announced.push(c));
    expect(reply).toEqual({ ok: false, error: 'Sign in.' });
    expect(announced).toEqual([]);
  });
});
