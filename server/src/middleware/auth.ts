import type { Context, MiddlewareHandler } from 'hono';
import { bindSession, type Session } from '@deputy/core';
import { sameSecret, sameText, sha256 } from '../auth/crypto.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import type { Deps } from '../deps.js';
import type { PartnerRuntime } from '../domain/partner.js';
import { ApiError } from '../errors.js';
import { nodeSocket, requestHeader } from './headers.js';
import type { SessionRow, UserRow } from '../store/types.js';

/** Who is calling: resolved once per request by `requireSession`. */
export interface Auth {
  /** the stored key (sha256) of the session or token */
  key: string;
  row: SessionRow;
  partner: PartnerRuntime;
  actor: UserRow;
  /** the session as the core sees it */
  session: Session;
}

export type Env = { Variables: { auth: Auth } };

declare module 'hono' {
  interface ContextVariableMap {
    /** the request's session, asked for by the gate together with a shared store's catch-up */
    sessionRead: { key: string; row: Promise<SessionRow | undefined> } | undefined;
  }
}

const unauthenticated = () => new ApiError('unauthenticated', 'Sign in first.');

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** The credential a request presents, and the key (sha256) its session is stored under. */
interface Presented {
  channel: SessionRow['channel'];
  key: string;
}

/**
 * The credential last read on each connection, by the header text it was read from. A keep-alive
 * connection sends the same Cookie (or Authorization) header with every request; reading it again
 * is the same pure function of the same text, so the text is compared instead of parsed and hashed
 * again. Only the outcome is kept, not the session: every request still looks its session up. The
 * header text (with its secret) lives as long as the connection, which sends it with every request,
 * and is compared in constant time (`sameHeader`).
 */
const lastOnConnection = new WeakMap<object, { authorization: string | undefined; cookie: string | undefined; presented: Presented | undefined }>();

/**
 * The credential the request presents — an embed token (`Authorization: Bearer`), else the session
 * cookie — read afresh only when its connection's headers changed (see `lastOnConnection`).
 */
function credential(c: Context): Presented | undefined {
  const authorization = requestHeader(c, 'authorization');
  const cookie = requestHeader(c, 'cookie');
  const connection = nodeSocket(c.env);
  const last = connection && lastOnConnection.get(connection);
  if (last && sameHeader(last.authorization, authorization) && sameHeader(last.cookie, cookie)) return last.presented;
  const presented = read(authorization, cookie);
  if (connection) lastOnConnection.set(connection, { authorization, cookie, presented });
  return presented;
}

/**
 * Whether two header texts are the same, in time that does not depend on where they differ: a
 * connection from a proxy carries several users' requests, and the texts hold their secrets.
 */
function sameHeader(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameText(a, b);
}

/** The credential in these headers, parsed and hashed. */
function read(authorization: string | undefined, cookie: string | undefined): Presented | undefined {
  const token = bearer(authorization);
  if (token) return { channel: 'embed', key: sha256(token) };
  const value = cookieValue(cookie, SESSION_COOKIE);
  return value ? { channel: 'cookie', key: sha256(value) } : undefined;
}

const COOKIE_VALUE = /^[ !#-:<-[\]-~]*$/;

/**
 * The value of cookie `name` in a Cookie header, read as hono's `getCookie` does (the first
 * well-formed pair of that name, quotes removed, percent-decoded) without splitting the header
 * into a record of every cookie first.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (let at = header.indexOf(name); at !== -1; at = header.indexOf(name, at + 1)) {
    if (header.slice(header.lastIndexOf(';', at) + 1, at).trim() !== '') continue;
    const eq = header.indexOf('=', at + name.length);
    if (eq === -1) return undefined;
    if (header.slice(at + name.length, eq).trim() !== '') continue;
    const end = header.indexOf(';', eq);
    let value = header.slice(eq + 1, end === -1 ? undefined : end).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!COOKIE_VALUE.test(value)) continue;
    try {
      return value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * Resolve the session from the `deputy_session` cookie or an embed token (`Authorization: Bearer`).
 * Cookie sessions must echo their CSRF token on every non-GET request; a browser origin must be
 * on the partner's allow-list (or the server's own); an embed token only works from its origin.
 */
export async function authenticate(deps: Deps, c: Context): Promise<Auth> {
  return authenticateNow(deps, c);
}

/**
 * `authenticate` without a promise where the store holds the session in memory (`sessionNow`):
 * the caller gets the `Auth` itself, or a promise of it when the store must be asked. Throws (or
 * rejects) as `authenticate` does.
 */
export function authenticateNow(deps: Deps, c: Context): Auth | Promise<Auth> {
  const presented = credential(c);
  if (!presented) throw unauthenticated();
  const { channel, key } = presented;
  const early = c.get('sessionRead');
  if (early?.key === key) return early.row.then((row) => admit(deps, c, key, channel, row));
  if (deps.store.sessionNow) return admit(deps, c, key, channel, deps.store.sessionNow(key));
  return deps.store.session(key).then((row) => admit(deps, c, key, channel, row));
}

/** The checks on a stored session row that make it this request's `Auth`. */
function admit(deps: Deps, c: Context, key: string, channel: SessionRow['channel'], row: SessionRow | undefined): Auth {
  const now = deps.clock.now();
  if (!row || row.expiresAt <= now || row.channel !== channel) throw unauthenticated();
  const partner = deps.partners.get(row.partner);
  const actor = partner?.user(row.actor);
  if (!partner || !actor || partner.dir.users.get(actor.id)?.status !== 'active') throw unauthenticated();

  const origin = requestHeader(c, 'origin');
  if (origin !== undefined) {
    const own = origin === new URL(c.req.url).origin;
    const trusted = own || partner.state.origins.includes(origin) || (deps.extensionOrigins ?? []).includes(origin);
    const allowed = row.channel === 'embed' ? origin === row.origin : trusted;
    if (!allowed) throw new ApiError('forbidden', 'This origin may not use this session.');
  }
  if (row.channel === 'cookie' && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const sent = c.req.header('X-Deputy-CSRF');
    if (!sent || !row.csrf || !sameSecret(sent, row.csrf)) throw new ApiError('forbidden', 'Missing or wrong X-Deputy-CSRF header.');
  }
  const session: Session = { actor: row.actor };
  if (row.subject) session.subject = row.subject;
  if (row.mode) session.mode = row.mode;
  if (row.since !== undefined) session.since = row.since;
  // bound once: the request's decisions (a list filtered row by row makes thousands) skip looking the actor up
  return { key, row, partner, actor, session: bindSession(partner.dir, session) };
}

/**
 * Ask the store for the request's session now, before `authenticate` needs it: the gate does this
 * beside a shared store's catch-up, so that both reads leave in one round trip instead of two in a
 * row. Both are sent after the request arrived, so neither can be older than the request.
 */
export function readSessionEarly(deps: Deps, c: Context): void {
  const presented = credential(c);
  if (!presented) return;
  const { key } = presented;
  const row = deps.store.session(key);
  row.catch(() => undefined); // a request that never authenticates must not leave a rejection unhandled
  c.set('sessionRead', { key, row });
}

/** `authenticate` as a middleware: the route sees the caller as `c.get('auth')`. */
export function requireSession(deps: Deps): MiddlewareHandler<Env> {
  return (c, next) =>
    authenticate(deps, c).then((auth) => {
      c.set('auth', auth);
      return next();
    });
}
