import { canImpersonate, decide, effectiveRight, RIGHTS, shareableRights } from '@deputy/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { commitAudited, refuse, wire, wireReasons } from '../domain/guard.js';
import { decideAccountOp } from '../domain/operations.js';
import { canSee, visibleUser } from '../domain/users.js';
import { ApiError } from '../errors.js';
import type { Env } from '../middleware/auth.js';
import { body, fields } from '../validation.js';
import { visibleAccount } from '../domain/accounts.js';

export const shareBody = z.strictObject({ right: fields.right });

/** Sharing an account with groups at a right (K3), and consultant assignments (S2–S4). */
export function accessRoutes(deps: Deps) {
  return new Hono<Env>()
    .get('/:id/shares', (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const account = visibleAccount(auth, c.req.param('id'));
      const shares = p.state.shares
        .filter((s) => s.account === account.id)
        .map((s) => ({ group: { id: s.group, name: p.group(s.group)?.name ?? s.group }, right: s.right }));
      const shareable = shareableRights(p.cp, p.dir, auth.session, account.id).map((d) => ({ right: d.right, ...wire(p, d) }));
      const users = Object.values(p.state.users)
        .filter((u) => u.kind === 'operator' && canSee(p, auth.session, u.id))
        .map((u) => {
          const r = effectiveRight(p.cp, p.dir, u.id, account.id);
          return {
            user: { id: u.id, firstName: u.firstName, lastName: u.lastName },
            ...(r.right ? { right: r.right } : {}),
            reasons: wireReasons(p, r.reasons),
          };
        });
      const signIn = RIGHTS.map((mode) => ({ mode, ...wire(p, canImpersonate(p.cp, p.dir, auth.session, { account: account.id }, mode)) }));
      return c.json({ shares, shareable, users, signIn });
    })
    .put('/:id/shares/:groupId', body(shareBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const account = visibleAccount(auth, c.req.param('id'));
      const { right } = c.req.valid('json');
      const d = shareableRights(p.cp, p.dir, auth.session, account.id).find((s) => s.right === right)!;
      if (!d.allowed) await refuse(deps, auth, d, 'account.share', `account:${account.id}`);
      const group = p.group(c.req.param('groupId'));
      if (!group) throw new ApiError('not_found', 'No such group.');
      await commitAudited(deps, auth, [{ op: 'share.put', share: { account: account.id, group: group.id, right } }], 'account.share', `account:${account.id}`, `group ${group.id} at ${right}`);
      return c.json({ group: { id: group.id, name: group.name }, right });
    })
    .delete('/:id/shares/:groupId', async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const account = visibleAccount(auth, c.req.param('id'));
      const groupId = c.req.param('groupId');
      const action = p.cp.policy.sharing;
      const d = action ? decide(p.cp, p.dir, auth.session, action, { account: account.id }) : { allowed: false, reasons: [{ code: 'unknown-action' as const, action: 'sharing' }] };
      if (!d.allowed) await refuse(deps, auth, d, 'account.unshare', `account:${account.id}`);
      const share = p.state.shares.find((s) => s.account === account.id && s.group === groupId);
      if (!share) throw new ApiError('not_found', 'No such share.');
      await commitAudited(deps, auth, [{ op: 'share.delete', account: account.id, group: groupId }], 'account.unshare', `account:${account.id}`, `group ${groupId}`);
      return c.body(null, 204);
    })
    .get('/:id/assignments', (c) => {
      const auth = c.get('auth');
      const account = visibleAccount(auth, c.req.param('id'));
      const users = auth.partner.state.assignments.filter((a) => a.account === account.id && canSee(auth.partner, auth.session, a.user)).map((a) => a.user);
      return c.json({ users });
    })
    .put('/:id/assignments/:userId', async (c) => {
      const auth = c.get('auth');
      const account = visibleAccount(auth, c.req.param('id'));
      const d = decideAccountOp(auth.partner.cp, auth.partner.dir, auth.session, 'assignments', account.id);
      if (!d.allowed) await refuse(deps, auth, d, 'account.assign', `account:${account.id}`);
      const { row } = visibleUser(auth, c.req.param('userId'));
      if (row.kind !== 'operator') throw new ApiError('invalid', 'Only operators are assigned to accounts.', 'userId');
      await commitAudited(deps, auth, [{ op: 'assignment.put', assignment: { user: row.id, account: account.id } }], 'account.assign', `account:${account.id}`, `user ${row.id}`);
      return c.json({ user: row.id, account: account.id });
    })
    .delete('/:id/assignments/:userId', async (c) => {
      const auth = c.get('auth');
      const account = visibleAccount(auth, c.req.param('id'));
      const d = decideAccountOp(auth.partner.cp, auth.partner.dir, auth.session, 'assignments', account.id);
      if (!d.allowed) await refuse(deps, auth, d, 'account.unassign', `account:${account.id}`);
      const { row } = visibleUser(auth, c.req.param('userId'));
      await commitAudited(deps, auth, [{ op: 'assignment.delete', assignment: { user: row.id, account: account.id } }], 'account.unassign', `account:${account.id}`, `user ${row.id}`);
      return c.body(null, 204);
    });
}
