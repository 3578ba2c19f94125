import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Right } from '@deputy/core';
import type { Change, SessionRow, Subject } from '../store/types.js';
import { secret, sha256 } from './crypto.js';

export const SESSION_COOKIE = 'deputy_session';
/** Cookie sessions end this long after sign-in, whatever happens. */
export const SESSION_TTL_MS = 12 * 3600_000;

export interface NewSession {
  token: string;
  row: SessionRow;
  changes: Change[];
}

/** A fresh cookie session (new id and CSRF token), replacing `previousKey` when given. */
export function newCookieSession(
  partner: string,
  actor: string,
  now: number,
  context: { subject?: Subject; mode?: Right; since?: number } = {},
  previousKey?: string,
): NewSession {
  const token = secret();
  const row: SessionRow = { partner, actor, channel: 'cookie', csrf: secret(), createdAt: now, expiresAt: now + SESSION_TTL_MS, ...context };
  const changes: Change[] = [{ op: 'session.put', key: sha256(token), session: row }];
  if (previousKey) changes.unshift({ op: 'session.delete', key: previousKey });
  return { token, row, changes };
}

/**
 * The session that replaces `prev` at an impersonation switch: a new id on the same channel, the old
 * one deleted in the same commit. An embed token keeps its origin and never outlives the token it replaces.
 */
export function rotateSession(
  prev: SessionRow,
  previousKey: string,
  now: number,
  context: { subject?: Subject; mode?: Right; since?: number },
): NewSession {
  if (prev.channel === 'cookie') return newCookieSession(prev.partner, prev.actor, now, context, previousKey);
  const token = secret();
  const row: SessionRow = { partner: prev.partner, actor: prev.actor, channel: 'embed', createdAt: now, expiresAt: prev.expiresAt, ...context };
  if (prev.origin !== undefined) row.origin = prev.origin;
  return { token, row, changes: [{ op: 'session.delete', key: previousKey }, { op: 'session.put', key: sha256(token), session: row }] };
}

/** Set the session cookie: HttpOnly, SameSite=Lax, Path=/api, Secure over HTTPS. */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/api',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/api' });
}
