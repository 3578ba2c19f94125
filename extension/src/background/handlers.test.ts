import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionView } from '../api.ts';
import type { TabRequest } from '../messaging.ts';
import { handlers, type HandlerContext } from './handlers.ts';

const SERVER = 'http://127.0.0.1:4000';
const account = { id: 'alpha', name: 'Alpha', secure: false, setupCompleted: false, template: false };
const session = {
  partner: { id: 'p', name: 'P', preset: 'client-sharing' },
  actor: { id: 'u-admin', kind: 'operator', firstName: 'Ada', lastName: 'Admin', username: 'admin@p' },
  subject: { account },
  mode: 'view',
  csrf: 'csrf-secret',
  policy: { combine: 'most-permissive', roles: [], actions: [], areas: {} },
};

/** Requests the handlers made, answered from `routes` as the server would. */
let calls: Array<{ method: string; path: string; body?: unknown; headers: Record<string, string> }>;
const routes: Record<string, (body: unknown) => unknown> = {
  'GET /api/session': () => session,
  'GET /api/rights?account=alpha': () => [{ action: 'client.edit', area: 'clients', label: 'Edit', allowed: false, reasons: [] }],
  'POST /api/check': (body) => ({ allowed: true, reasons: [{ code: 'granted', text: `checked ${JSON.stringify(body)}` }] }),
};

/** `tab`: what the tab's content script answers (default: nothing of a token). */
function context(tab: (request: TabRequest) => unknown = () => ({ marked: 0, widgets: [] })) {
  const seen: Array<SessionView | null> = [];
  const tokens: Array<[number, SessionView | null]> = [];
  const toTab = async (_tabId: number, request: TabRequest) => tab(request);
  const ctx: HandlerContext & { seen: typeof seen; tokens: typeof tokens } = {
    seen,
    tokens,
    settings: () => ({ servers: [SERVER], pages: [] }),
    sessionSeen: async (_server, s) => void seen.push(s),
    tokenSeen: async (tabId, s) => void tokens.push([tabId, s]),
    tabUrl: async () => `${SERVER}/somewhere`,
    toTab: toTab as HandlerContext['toTab'],
    lensTabs: new Set([7]),
  };
  return ctx;
}

const popupSender = { id: 'ext', url: 'chrome-extension://ext/popup.html' };

beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const path = url.slice(SERVER.length);
    const body = init.body === undefined ? undefined : JSON.parse(String(init.body));
    calls.push({ method: init.method ?? 'GET', path, body, headers: init.headers as Record<string, string> });
    const route = routes[`${init.method} ${path}`];
    return route ? Response.json(route(body)) : Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('handlers', () => {
  it('context/get: the session without its CSRF token and the rights on the account acted as', async () => {
    const ctx = context();
    const reply = await handlers['context/get']({ type: 'context/get', tabId: 7 }, popupSender, ctx);
    expect(reply.server).toBe(SERVER);
    expect(reply.session).not.toHaveProperty('csrf');
    expect(reply.account).toBe('alpha');
    expect(reply.rights?.map((r) => r.action)).toEqual(['client.edit']);
    expect(reply.lens).toBe(true);
    expect(ctx.seen).toHaveLength(1);
  });

  it('lens/check: checks unmarked targets against the account acted as, with the CSRF header', async () => {
    const reply = await handlers['lens/check'](
      { type: 'lens/check', checks: [{ action: 'client.edit', target: {} }, { action: 'client.edit', target: { account: 'gamma' } }] },
      { id: 'ext', url: `${SERVER}/page` },
      context(),
    );
    expect('results' in reply && reply.results.map((r) => r.reasons[0]!.text)).toEqual([
      'checked {"action":"client.edit","target":{"account":"alpha"}}',
      'checked {"action":"client.edit","target":{"account":"gamma"}}',
    ]);
    expect(calls.filter((c) => c.method === 'POST').every((c) => c.headers['x-deputy-csrf'] === 'csrf-secret')).toBe(true);
  });

  it('checker/check: decides for the chosen user on the chosen account', async () => {
    const reply = await handlers['checker/check'](
      { type: 'checker/check', server: SERVER, user: 'u-editor', action: 'client.edit', account: 'alpha' },
      popupSender,
      context(),
    );
    expect(reply).toMatchObject({ allowed: true });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'client.edit', target: { account: 'alpha' }, user: 'u-editor' });
  });

  it('refuses servers that are not connected, without calling them', async () => {
    const ctx = context();
    expect(await handlers['impersonation/stop']({ type: 'impersonation/stop', server: 'https://evil.example' }, popupSender, ctx)).toEqual({
      ok: false,
      error: 'https://evil.example is not a connected Deputy server.',
    });
    expect(await handlers['checker/check']({ type: 'checker/check', server: 'https://evil.example', user: 'u', action: 'a', account: 'c' }, popupSender, ctx)).toEqual({
      error: 'https://evil.example is not a connected Deputy server.',
    });
    expect(calls).toEqual([]);
  });

  it('context/get: the session of the page\'s widget token comes before the cookie session, without calling the server itself', async () => {
    const tokenSession = { ...session, csrf: undefined, mode: 'admin' };
    const asked: TabRequest[] = [];
    const ctx = context((request) => {
      asked.push(request);
      return { server: SERVER, session: tokenSession, expiresAt: '2026-11-27T06:00:00.000Z', account: 'alpha', rights: [] };
    });
    const reply = await handlers['context/get']({ type: 'context/get', tabId: 7, account: 'alpha' }, popupSender, ctx);
    expect(asked).toEqual([{ type: 'token/context', servers: [SERVER], rights: true, account: 'alpha' }]);
    expect(reply).toMatchObject({ server: SERVER, source: 'token', expiresAt: '2026-11-27T06:00:00.000Z', account: 'alpha', rights: [] });
    expect(reply.session?.mode).toBe('admin');
    expect(ctx.tokens).toEqual([[7, tokenSession]]);
    expect(calls).toEqual([]);
  });

  it('context/get: falls back to the cookie session when the page has no usable token', async () => {
    const ctx = context(() => ({}));
    const reply = await handlers['context/get']({ type: 'context/get', tabId: 7 }, popupSender, ctx);
    expect(reply.source).toBe('cookie');
    expect(reply.session?.mode).toBe('view');
    expect(ctx.tokens).toEqual([[7, null]]);
  });

  it('impersonation/stop on a token: the tab signs out as with its token, the badge gets the session after it', async () => {
    const own = { ...session, subject: undefined, mode: undefined };
    const asked: TabRequest[] = [];
    const ctx = context((request) => {
      asked.push(request);
      return { ok: true, session: own };
    });
    expect(await handlers['impersonation/stop']({ type: 'impersonation/stop', server: SERVER, tabId: 7, token: true }, popupSender, ctx)).toEqual({ ok: true });
    expect(asked).toEqual([{ type: 'token/stop', server: SERVER }]);
    expect(ctx.tokens).toEqual([[7, own]]);
    expect(calls).toEqual([]);
  });

  it('reports a server error as text instead of throwing', async () => {
    const reply = await handlers['context/get']({ type: 'context/get', account: 'nowhere' }, popupSender, context());
    expect(reply.error).toBe('No such route.');
    expect(reply.session).toBeDefined();
  });
});
