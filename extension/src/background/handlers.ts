import type { Runtime } from 'webextension-polyfill';
import { clientFor, currentSession, errorText, type SessionView } from '../api.ts';
import type { MessageType, Reply, Request, TabRequest, TabMessages, TokenContext } from '../messaging.ts';
import { lensTarget } from '../content/lens.ts';
import { defaultAccount } from '../rights.ts';
import { serverFor, type Settings } from '../servers.ts';

/** What the handlers need from the service worker around them. */
export interface HandlerContext {
  settings(): Settings;
  /** records a fresh session of a server and updates the badge */
  sessionSeen(server: string, session: SessionView | null): Promise<void>;
  /** records the session of a tab's widget embed token (null: none) and updates the badge */
  tokenSeen(tabId: number, session: SessionView | null): Promise<void>;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** sends a request to the extension's content script in a tab, injecting it first when absent */
  toTab<T extends keyof TabMessages>(tabId: number, request: TabRequest<T>): Promise<TabMessages[T]['res']>;
  lensTabs: Set<number>;
}

type Handlers = { [T in MessageType]: (req: Request<T>, sender: Runtime.MessageSender, ctx: HandlerContext) => Promise<Reply<T>> };

/** The connected server a request names, or an error sentence. */
function connected(ctx: HandlerContext, server: string): string | undefined {
  return ctx.settings().servers.includes(server) ? server : undefined;
}

const notConnected = (server: string) => `${server} is not a connected Deputy server.`;

/** The session without its CSRF token: extension pages never need it, the client keeps its own. */
function publicView(session: SessionView): SessionView {
  const { csrf: _csrf, ...view } = session;
  return view;
}

/** Renews the client's CSRF token (an impersonation in any tab replaces the session id) before a POST. */
async function fresh(ctx: HandlerContext, server: string): Promise<void> {
  await ctx.sessionSeen(server, await currentSession(server));
}

export const handlers: Handlers = {
  async 'context/get'(req, _sender, ctx) {
    const settings = ctx.settings();
    // The page's widget token comes first: it is the session the page's widgets act on.
    if (req.tabId !== undefined && req.server === undefined) {
      const token = await ctx
        .toTab(req.tabId, { type: 'token/context', servers: settings.servers, rights: true, ...(req.account === undefined ? {} : { account: req.account }) })
        .catch(() => ({}) as TokenContext);
      void ctx.tokenSeen(req.tabId, token.session ?? null);
      if (token.server && token.session && settings.servers.includes(token.server)) {
        const { server, session, expiresAt, account, rights, error } = token;
        return {
          server,
          session: publicView(session),
          source: 'token',
          lens: ctx.lensTabs.has(req.tabId),
          ...(expiresAt ? { expiresAt } : {}),
          ...(account === undefined ? {} : { account }),
          ...(rights ? { rights } : {}),
          ...(error ? { error } : {}),
        };
      }
    }
    const server =
      req.server !== undefined && connected(ctx, req.server)
        ? req.server
        : serverFor(settings, req.tabId === undefined ? undefined : await ctx.tabUrl(req.tabId));
    if (!server) return { error: 'No Deputy server is connected: add one in the options.' };
    let session: SessionView | null;
    try {
      session = await currentSession(server);
    } catch (e) {
      return { server, error: errorText(e) };
    }
    void ctx.sessionSeen(server, session); // the badge need not hold up the popup
    const lens = req.tabId !== undefined && ctx.lensTabs.has(req.tabId);
    if (!session) return { server, session: null, lens };
    const account = req.account ?? defaultAccount(session);
    if (account === undefined) return { server, session: publicView(session), source: 'cookie', lens };
    try {
      return { server, session: publicView(session), source: 'cookie', account, rights: await clientFor(server).rights(account), lens };
    } catch (e) {
      return { server, session: publicView(session), source: 'cookie', account, lens, error: errorText(e) };
    }
  },

  async 'impersonation/stop'(req, _sender, ctx) {
    if (!connected(ctx, req.server)) return { ok: false, error: notConnected(req.server) };
    if (req.token && req.tabId !== undefined) {
      try {
        const { ok, session, error } = await ctx.toTab(req.tabId, { type: 'token/stop', server: req.server });
        if (session) await ctx.tokenSeen(req.tabId, session);
        return error === undefined ? { ok } : { ok, error };
      } catch (e) {
        return { ok: false, error: errorText(e) };
      }
    }
    try {
      await fresh(ctx, req.server);
      await clientFor(req.server).impersonation.stop();
      await fresh(ctx, req.server);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
  },

  async 'checker/options'(req, _sender, ctx) {
    if (!connected(ctx, req.server)) return { users: [], accounts: [], error: notConnected(req.server) };
    const client = clientFor(req.server);
    try {
      const [users, accounts] = await Promise.all([client.users.list({ q: req.q, limit: 100 }), client.accounts.list({ limit: 100 })]);
      return { users: users.items, accounts: accounts.items };
    } catch (e) {
      return { users: [], accounts: [], error: errorText(e) };
    }
  },

  async 'accounts/list'(req, _sender, ctx) {
    if (!connected(ctx, req.server)) return { accounts: [], error: notConnected(req.server) };
    try {
      return { accounts: (await clientFor(req.server).accounts.list({ limit: 100 })).items };
    } catch (e) {
      return { accounts: [], error: errorText(e) };
    }
  },

  async 'checker/check'(req, _sender, ctx) {
    if (!connected(ctx, req.server)) return { error: notConnected(req.server) };
    try {
      await fresh(ctx, req.server);
      return await clientFor(req.server).check({ action: req.action, target: { account: req.account }, user: req.user });
    } catch (e) {
      return { error: errorText(e) };
    }
  },

  async 'lens/set'(req, _sender, ctx) {
    try {
      const { marked, error } = await ctx.toTab(req.tabId, { type: 'lens/toggle', on: req.on, servers: ctx.settings().servers });
      if (req.on) ctx.lensTabs.add(req.tabId);
      else ctx.lensTabs.delete(req.tabId);
      return error === undefined ? { ok: true, marked } : { ok: false, marked, error };
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
  },

  async 'inspector/get'(req, _sender, ctx) {
    try {
      return await ctx.toTab(req.tabId, { type: 'inspector/collect' });
    } catch (e) {
      return { widgets: [], error: errorText(e) };
    }
  },

  async 'lens/check'(req, sender, ctx) {
    const server = serverFor(ctx.settings(), sender.url, req.api === undefined ? [] : [req.api]);
    if (!server) return { error: 'No Deputy server is connected.' };
    try {
      const session = await currentSession(server);
      await ctx.sessionSeen(server, session);
      if (!session) return { error: `Not signed in on ${server}.` };
      const account = defaultAccount(session);
      const client = clientFor(server);
      const results = await Promise.all(
        req.checks.map(({ action, target }) => client.check({ action, target: lensTarget(target, account) })),
      );
      return { results };
    } catch (e) {
      return { error: errorText(e) };
    }
  },
};

/** Runs the handler of an accepted request. */
export function handle(req: Request, sender: Runtime.MessageSender, ctx: HandlerContext): Promise<unknown> {
  const handler = handlers[req.type] as (req: Request, sender: Runtime.MessageSender, ctx: HandlerContext) => Promise<unknown>;
  return handler(req, sender, ctx);
}
