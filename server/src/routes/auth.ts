import { Hono } from 'hono';
import { z } from 'zod';
import { DUMMY_HASH, oneTimeCode, sameSecret, secret, sha256, verifyPassword } from '../auth/crypto.js';
import { clearSessionCookie } from '../auth/sessions.js';
import {
  ATTEMPT_TTL_MS, MAX_GUESSES, completeSignIn, failedPassword, findLogin, maySignIn, secondFactorOf, signInAudit, throttled, totpCounter, totpOf,
} from '../auth/sign-in.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { AttemptRow, Change } from '../store/types.js';
import { body } from '../validation.js';

const refused = () => new ApiError('unauthenticated', 'Wrong login or password.');

export const signInBody = z.strictObject({ partner: z.string().min(1).max(200), login: z.string().min(1).max(320), password: z.string().min(1).max(1000) });
export const secondFactorBody = z.strictObject({ attempt: z.string().min(1).max(200), code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });

/** Sign-in with password and second factor, and sign-out. */
export function authRoutes(deps: Deps) {
  return new Hono<Env>()
    .post('/sign-in', body(signInBody), async (c) => {
      const { partner, login, password } = c.req.valid('json');
      const p = deps.partners.get(partner);
      const user = p && findLogin(p, login);
      if (!p || !user) {
        await verifyPassword(DUMMY_HASH, password);
        if (p) await deps.partners.commit(p.id, [signInAudit(deps, login.slice(0, 100), 'failed', 'unknown login')]);
        throw refused();
      }
      if (throttled(user, deps.clock.now())) {
        await verifyPassword(DUMMY_HASH, password);
        await deps.partners.commit(p.id, [signInAudit(deps, user.id, 'failed', 'throttled')]);
        throw refused();
      }
      const ok = await verifyPassword(user.passwordHash, password);
      const current = p.user(user.id)!;
      if (!maySignIn(p, current)) {
        await deps.partners.commit(p.id, [signInAudit(deps, user.id, 'failed', `cannot sign in (${p.dir.users.get(user.id)?.status})`)]);
        throw refused();
      }
      if (!ok) {
        await deps.partners.commit(p.id, failedPassword(deps, p, current));
        throw refused();
      }
      const channel = secondFactorOf(p, current);
      if (!channel) {
        await completeSignIn(deps, c, p, current);
        return c.json({ status: 'signed-in' as const }, 200);
      }
      const attempt = secret();
      const row: AttemptRow = { partner: p.id, user: user.id, channel, guesses: 0, expiresAt: deps.clock.now() + ATTEMPT_TTL_MS };
      const code = channel === 'totp' ? undefined : oneTimeCode();
      if (code) row.codeHash = sha256(code);
      const changes: Change[] = [{ op: 'attempt.put', key: sha256(attempt), attempt: row }];
      if (current.failedSignIns > 0) changes.push({ op: 'user.put', user: { ...current, failedSignIns: 0 } });
      await deps.partners.commit(p.id, changes);
      if (code) {
        const to = channel === 'sms' ? current.phone! : current.email;
        await deps.notifier.send({ to, channel: channel as 'email' | 'sms', subject: `${p.state.name}: your sign-in code`, body: `Your sign-in code is ${code}. It is valid for 10 minutes.`, code });
      }
      return c.json({ status: 'second-factor' as const, attempt, channel }, 200);
    })
    .post('/second-factor', body(secondFactorBody), async (c) => {
      const { attempt, code } = c.req.valid('json');
      const key = sha256(attempt);
      const row = await deps.store.attempt(key);
      const now = deps.clock.now();
      const p = row && deps.partners.get(row.partner);
      const user = p && row && p.user(row.user);
      if (!row || !p || !user || row.expiresAt <= now) throw refused();
      if (!maySignIn(p, user)) {
        await deps.partners.commit(p.id, [{ op: 'attempt.delete', key }, signInAudit(deps, user.id, 'failed', 'cannot sign in')]);
        throw refused();
      }
      let signed = user;
      let right = false;
      if (row.channel === 'totp' && user.totp?.confirmed) {
        const counter = totpCounter(totpOf(user.totp.secret, user.username, p.state.name), code, now, user.totp.lastCounter);
        if (counter !== undefined) {
          right = true;
          signed = { ...user, totp: { ...user.totp, lastCounter: counter } };
        }
      } else if (row.codeHash) {
        right = sameSecret(sha256(code), row.codeHash);
      }
      if (!right) {
        const guesses = row.guesses + 1;
        const next: Change = guesses >= MAX_GUESSES ? { op: 'attempt.delete', key } : { op: 'attempt.put', key, attempt: { ...row, guesses } };
        await deps.partners.commit(p.id, [next, signInAudit(deps, user.id, 'failed', 'wrong second-factor code')]);
        throw new ApiError('unauthenticated', 'Wrong or expired code.');
      }
      await completeSignIn(deps, c, p, signed, [{ op: 'attempt.delete', key }]);
      return c.json({ status: 'signed-in' as const }, 200);
    })
    .post('/sign-out', requireSession(deps), async (c) => {
      const auth = c.get('auth');
      await deps.partners.commit(auth.partner.id, [{ op: 'session.delete', key: auth.key }]);
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
