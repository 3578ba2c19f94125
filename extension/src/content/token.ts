/**
 * The session of a page's widget embed token, asked by the content script from the page's own
 * origin (the server binds an embed token to the origin it was minted for). The token stays in
 * the page and the content script: it goes only to the widget's own server, and only when that
 * server is a connected one; what leaves the content script is the session it stands for.
 */
import { createClient, type SessionView } from '@deputy/client';
import type { WireDecision } from '../api.ts';
import type { LensCheck, TokenContext } from '../messaging.ts';
import { defaultAccount } from '../rights.ts';
import { toOrigin } from '../servers.ts';
import { lensTarget } from './lens.ts';
import type { ProbeWidget } from './probe-protocol.ts';

/** The first widget carrying a token for one of `servers` (a widget without `api` talks to the page's own origin). */
export function tokenWidget(widgets: readonly ProbeWidget[], servers: readonly string[], pageOrigin: string): { server: string; token: string } | undefined {
  for (const w of widgets) {
    const server = toOrigin(w.api || pageOrigin);
    if (w.token && server && servers.includes(server)) return { server, token: w.token };
  }
  return undefined;
}

/** `expiresAt` of a session or switch answer (epoch ms or ISO), as ISO. */
function expiry(view: object): string | undefined {
  const at = (view as { expiresAt?: unknown }).expiresAt;
  if (typeof at !== 'number' && typeof at !== 'string') return undefined;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The token's session, and with `rights` its rights on `account` (default: the account acted as,
 * else the subject's or actor's own). No `server` when the page has no such token or the server
 * refuses it: the popup then falls back to the cookie session.
 */
export async function tokenContext(
  widgets: readonly ProbeWidget[],
  req: { servers: string[]; account?: string; rights: boolean },
  pageOrigin: string,
): Promise<TokenContext> {
  const found = tokenWidget(widgets, req.servers, pageOrigin);
  if (!found) return {};
  const client = createClient({ api: found.server, token: found.token });
  let session: SessionView;
  try {
    session = await client.session();
  } catch {
    return {};
  }
  const expiresAt = expiry(session);
  const context: TokenContext = { server: found.server, session, ...(expiresAt ? { expiresAt } : {}) };
  const account = req.account ?? defaultAccount(session);
  if (!req.rights || account === undefined) return context;
  try {
    return { ...context, account, rights: await client.rights(account) };
  } catch (e) {
    return { ...context, account, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The lens's decisions for the token's session (unmarked targets: its current account); `undefined`
 * when the page has no such token or the server refuses it, so the lens asks with the cookie session.
 */
export async function tokenChecks(
  widgets: readonly ProbeWidget[],
  servers: readonly string[],
  pageOrigin: string,
  checks: readonly LensCheck[],
): Promise<{ results: WireDecision[] } | { error: string } | undefined> {
  const found = tokenWidget(widgets, servers, pageOrigin);
  if (!found) return undefined;
  const client = createClient({ api: found.server, token: found.token });
  let session: SessionView;
  try {
    session = await client.session();
  } catch {
    return undefined;
  }
  const account = defaultAccount(session);
  try {
    return { results: await Promise.all(checks.map(({ action, target }) => client.check({ action, target: lensTarget(target, account) }))) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Sign out as on the token's session. The server rotates the token: `announce` hands the new one
 * to the page. Answers the context after it, without the token.
 */
export async function stopOnToken(
  widgets: readonly ProbeWidget[],
  server: string,
  pageOrigin: string,
  announce: (change: { old: string; token: string; expiresAt?: number }) => void,
): Promise<{ ok: boolean; session?: SessionView; error?: string }> {
  const found = tokenWidget(widgets, [server], pageOrigin);
  if (!found) return { ok: false, error: `No widget on this page holds a token for ${server}.` };
  try {
    const { token, expiresAt, ...session } = await createClient({ api: found.server, token: found.token }).impersonation.stop();
    if (token) announce({ old: found.token, token, ...(expiresAt === undefined ? {} : { expiresAt }) });
    return { ok: true, session };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
