import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { wireReasons } from '../domain/guard.js';
import { decideAccountOp } from '../domain/operations.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { AuditQuery } from '../store/types.js';
import { fields, page, query } from '../validation.js';

const time = z.coerce.number().int().min(0);
export const auditQuery = z.strictObject({
  actor: fields.id.optional(),
  subject: z.string().max(300).optional(),
  action: z.string().max(200).optional(),
  target: z.string().max(300).optional(),
  outcome: z.enum(['allowed', 'denied', 'failed']).optional(),
  from: time.optional(),
  to: time.optional(),
  offset: fields.offset,
  limit: fields.limit,
});

/**
 * The audit log, newest first. The whole log needs the policy's audit action; an account's
 * activity history (`target=account:ID`, O5) needs its activity action and also lists what
 * was done to the account's members.
 */
export function auditRoutes(deps: Deps) {
  return new Hono<Env>()
    .use(requireSession(deps))
    .get('/', query(auditQuery), async (c) => {
      const { partner: p, session } = c.get('auth');
      const q = c.req.valid('query');
      const filter: AuditQuery = { ...q, ...page(q) };
      const all = decideAccountOp(p.cp, p.dir, session, 'audit');
      if (!all.allowed) {
        const account = q.target?.startsWith('account:') ? q.target.slice('account:'.length) : undefined;
        const activity = account !== undefined && p.account(account) ? decideAccountOp(p.cp, p.dir, session, 'activity', account) : undefined;
        if (!activity?.allowed) {
          const reasons = wireReasons(p, (activity ?? all).reasons);
          throw new ApiError('forbidden', `Not allowed to view the audit log. ${reasons.map((r) => r.text).join(' ')}`.trim(), undefined, reasons);
        }
        delete filter.target;
        const members = Object.values(p.state.users).filter((u) => u.account === account).map((u) => `user:${u.id}`);
        filter.targets = [`account:${account}`, ...members];
      }
      return c.json(await deps.store.audit(p.id, filter));
    });
}
