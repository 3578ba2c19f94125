import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import * as OTPAuth from 'otpauth';
import type { Deps } from '../deps.js';
import type { PartnerRuntime } from '../domain/partner.js';
import { newId, sha256 } from './crypto.js';
import { newCookieSession, SESSION_COOKIE, setSessionCookie } from './sessions.js';
import type { AttemptRow, AuditEntry, Change, UserRow } from '../store/types.js';

/** How long a second-factor code or attempt lives, and how many guesses it gets. */
export const ATTEMPT_TTL_MS = 10 * 60_000;
export const MAX_GUESSES = 5;

/** The user a login names: a username, or an email address that only one user has (M7). */
export function findLogin(p: PartnerRuntime, login: string): UserRow | undefined {
  const wanted = login.trim().toLowerCase();
  const users = Object.values(p.state.users);
  const byName = users.find((u) => u.username.toLowerCase() === wanted);
  if (byName) return byName;
  const byEmail = users.filter((u) => u.email.toLowerCase() === wanted);
  return byEmail.length === 1 ? byEmail[0] : undefined;
}

/** Whether the user may sign in at all: active (or invited, first time) and holding a role that signs in (U6). */
export function maySignIn(p: PartnerRuntime, user: UserRow): boolean {
  p.user(user.id);
  const status = p.dir.users.get(user.id)?.status;
  if (status !== 'active' && status !== 'invited') return false;
  return user.roles.some((r) => p.cp.roles.get(r)?.def.signIn !== false);
}

/**
 * The second factor this user owes: TOTP when enrolled; else, where the preset asks for a code,
 * SMS for users with a phone number and email for the others.
 */
export function secondFactorOf(p: PartnerRuntime, user: UserRow): AttemptRow['channel'] | undefined {
  if (user.totp?.confirmed) return 'totp';
  const channels = p.cp.policy.signIn.secondFactor;
  if (channels.includes('sms') && user.phone) return 'sms';
  if (channels.includes('email')) return 'email';
  return undefined;
}

export function signInAudit(deps: Deps, actor: string, outcome: AuditEntry['outcome'], detail?: string): Change {
  const entry: AuditEntry = { id: newId('ev'), at: deps.clock.now(), actor, action: 'auth.signIn', outcome };
  if (detail) entry.detail = detail;
  return { op: 'audit.append', entry };
}

/** Sign the user in: new session id (the old cookie's session ends), counters reset, cookie set. */
export async function completeSignIn(deps: Deps, c: Context, p: PartnerRuntime, user: UserRow, extra: Change[] = []): Promise<void> {
  const now = deps.clock.now();
  const previous = getCookie(c, SESSION_COOKIE);
  const { token, changes } = newCookieSession(p.id, user.id, now, {}, previous ? sha256(previous) : undefined);
  const updated: UserRow = { ...user, lastSignInAt: now, activeSince: now, failedSignIns: 0, status: user.status === 'invited' ? 'active' : user.status };
  delete updated.lockedUntil;
  delete updated.lastFailedAt;
  const prune: Change = { op: 'session.prune', now };
  await deps.partners.commit(p.id, [prune, ...extra, { op: 'user.put', user: updated }, ...changes, signInAudit(deps, user.id, 'allowed')]);
  setSessionCookie(c, token);
}

/** After this many failures in a row, one password guess per `THROTTLE_MS` at most (all policies). */
export const THROTTLE_AFTER = 10;
export const THROTTLE_MS = 15 * 60_000;

/** Whether password guessing for this user is throttled now (state on the user row, in the store). */
export function throttled(user: UserRow, now: number): boolean {
  return user.failedSignIns >= THROTTLE_AFTER && user.lastFailedAt !== undefined && now - user.lastFailedAt < THROTTLE_MS;
}

/** A failed password: count it, and lock the user when the policy says so (S7). */
export function failedPassword(deps: Deps, p: PartnerRuntime, user: UserRow): Change[] {
  const rules = p.cp.policy.signIn;
  const failed = user.failedSignIns + 1;
  const updated: UserRow = { ...user, failedSignIns: failed, lastFailedAt: deps.clock.now() };
  let detail = 'wrong password';
  if (rules.lockAfter !== undefined && failed >= rules.lockAfter) {
    updated.failedSignIns = 0;
    updated.lockedUntil = deps.clock.now() + (rules.lockMinutes ?? 60) * 60_000;
    detail = 'wrong password; locked';
  }
  return [{ op: 'user.put', user: updated }, signInAudit(deps, user.id, 'failed', detail)];
}

/** A TOTP generator for a user's secret. */
export function totpOf(secret: string, label: string, issuer: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** The time step a TOTP code is valid for (±1 step), or undefined; never one at or before `after`. */
export function totpCounter(totp: OTPAuth.TOTP, code: string, now: number, after?: number): number | undefined {
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  const counter = totp.counter({ timestamp: now }) + delta;
  return after !== undefined && counter <= after ? undefined : counter;
}
