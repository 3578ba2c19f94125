import { canImpersonate, startImpersonation, stopImpersonation } from '@deputy/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { rotateSession, setSessionCookie, type NewSession } from '../auth/sessions.js';
import type { Deps } from '../deps.js';
import { auditOf, refuse } from '../domain/guard.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { Context } from 'hono';
import type { Subject } from '../store/types.js';
import { body, fields } from '../validation.js';
import { sessionContext } from './session.js';

export const startBody = z.union([
  z.strictObject({ user: fields.id, mode: fields.right.optional() }),
  z.strictObject({ account: fields.id, mode: fields.right.optional() }),
]);

const targetOf = (s: Subject) => ('user' in s ? `user:${s.user}` : `account:${s.account}`);

/**
 * Log in as an operator (O4) or sign in to a client account at a mode (K3), and sign out as.
 * Each switch gives a new session id and ends the old one; stopping returns the actor's own
 * session. A cookie session gets a new cookie; an embed token gets a new token in the body
 * (`token`, `expiresAt`), and the old token stops working at once.
 */
export function impersonationRoutes(deps: Deps) {
  return new Hono<Env>()
    .use(requireSession(deps))
    .post('/', body(startBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const input = c.req.valid('json');
      const subject: Subject = 'user' in input ? { user: input.user } : { account: input.account };
      const exists = 'user' in subject ? p.user(subject.user) !== undefined : p.account(subject.account) !== undefined;
      if (!exists) throw new ApiError('not_found', `No such ${'user' in subject ? 'user' : 'account'}.`);
      const probe = canImpersonate(p.cp, p.dir, auth.session, subject, 'view');
      const mode = input.mode ?? probe.maxMode ?? 'view';
      const now = deps.clock.now();
      const { decision, session } = startImpersonation(p.cp, p.dir, auth.session, subject, mode, now);
      if (!decision.allowed || !session) await refuse(deps, auth, decision, 'impersonation.start', targetOf(subject));
      const next = rotateSession(auth.row, auth.key, now, { subject, mode, since: now });
      await deps.partners.commit(p.id, [...next.changes, auditOf(deps, { ...auth, row: next.row }, 'impersonation.start', targetOf(subject), 'allowed', `mode ${mode}`)]);
      return switched(c, next);
    })
    .delete('/', async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      if (!auth.row.subject) throw new ApiError('conflict', 'Not acting as anyone.');
      stopImpersonation(auth.session);
      const next = rotateSession(auth.row, auth.key, deps.clock.now(), {});
      await deps.partners.commit(p.id, [...next.changes, auditOf(deps, auth, 'impersonation.end', targetOf(auth.row.subject), 'allowed')]);
      return switched(c, next);
    });
}

/** Answer a switch: the new context, with the new session as a cookie or, for embed tokens, in the body. */
function switched(c: Context<Env>, next: NewSession) {
  const { partner, actor } = c.get('auth');
  const context = sessionContext(partner, next.row, actor);
  if (next.row.channel === 'cookie') {
    setSessionCookie(c, next.token);
    return c.json(context);
  }
  return c.json({ ...context, token: next.token, expiresAt: next.row.expiresAt });
}
