import { roleChangeDiff, type UserRecord } from '@deputy/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { hashPassword, newId } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { commitAudited, refuse, wire } from '../domain/guard.js';
import { decideUserOp, userAction } from '../domain/operations.js';
import {
  assignableFor, checkRoles, defaultUsername, initialPassword, isFirstUser, refusedRole, seer, usernameTaken, visibleUser,
} from '../domain/users.js';
import { statusOf } from '../domain/status.js';
import { userView } from '../domain/views.js';
import { visibleAccount } from '../domain/accounts.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { UserRow } from '../store/types.js';
import { body, fields, page, query } from '../validation.js';
import { userStatusRoutes } from './user-status.js';

export const userListQuery = z.strictObject({
  kind: z.enum(['operator', 'member']).optional(),
  account: fields.id.optional(),
  q: z.string().max(200).optional(),
  status: z.enum(['active', 'invited', 'locked', 'expired', 'blocked', 'disabled']).optional(),
  showDisabled: fields.flag.optional(),
  offset: fields.offset,
  limit: fields.limit,
});

export const userCreateBody = z.strictObject({
  kind: z.enum(['operator', 'member']),
  account: fields.id.optional(),
  firstName: fields.name,
  lastName: fields.name,
  username: z.string().trim().min(1).max(200).regex(/^[^\s]+$/, 'must not contain spaces').optional(),
  email: fields.email,
  phone: z.string().regex(/^\+?[0-9 ()-]{5,20}$/).optional(),
  roles: z.array(fields.id).max(50).optional(),
});

export const userEditBody = z.strictObject({ firstName: fields.name.optional(), lastName: fields.name.optional(), email: fields.email.optional() });
export const rolesBody = z.strictObject({ roles: z.array(fields.id).max(50) });

/** A user about to be created, as the core sees one when asked whether they may be added. */
function candidateOf(id: string, kind: 'operator' | 'member', account: string | undefined, email = ''): UserRecord {
  const candidate: UserRecord = { id, kind, roles: [], email, status: 'invited' };
  if (account) candidate.account = account;
  return candidate;
}

/** Operators and members: list, read, add or invite, edit, change roles, delete. */
export function userRoutes(deps: Deps) {
  return new Hono<Env>()
    .use(requireSession(deps))
    .get('/', query(userListQuery), (c) => {
      const auth = c.get('auth');
      const { partner: p, session } = auth;
      const q = c.req.valid('query');
      const needle = q.q?.toLowerCase();
      const rows: UserRow[] = [];
      const sees = seer(p, session);
      const policy = p.cp.policy;
      const now = deps.clock.now();
      for (const u of p.ordered) {
        if ((q.kind && u.kind !== q.kind) || (q.account && u.account !== q.account)) continue;
        if (needle && ![u.firstName, u.lastName, u.username, u.email].some((s) => s.toLowerCase().includes(needle))) continue;
        const status = statusOf(u, policy, now);
        if (q.status ? status !== q.status : status === 'disabled' && q.showDisabled !== true) continue;
        if (sees(u)) rows.push(u);
      }
      const { offset, limit } = page(q);
      const items = rows.slice(offset, offset + limit).map((u) => userView(p, u, session));
      // Whether the viewer may add a user to this list: the question POST /api/users asks, for the listed
      // kind and account (the viewer's own when the query names none).
      const kind = q.kind ?? auth.actor.kind;
      const account = kind === 'member' ? (q.account ?? auth.actor.account) : undefined;
      const create = wire(p, decideUserOp(p, session, 'create', candidateOf('(new)', kind, account), false));
      return c.json({ items, total: rows.length, create });
    })
    .get('/:id', (c) => {
      const auth = c.get('auth');
      return c.json(userView(auth.partner, visibleUser(auth, c.req.param('id')).row, auth.session));
    })
    .post('/', body(userCreateBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const input = c.req.valid('json');
      const password = initialPassword();
      const passwordHash = await hashPassword(password);
      if (input.kind === 'member') {
        if (!input.account) throw new ApiError('invalid', 'Members belong to an account.', 'account');
        visibleAccount(auth, input.account);
      }
      if (input.kind === 'operator' && input.account) throw new ApiError('invalid', 'Operators belong to no account.', 'account');
      const first = isFirstUser(p, input.kind, input.account);
      const firstRole = first ? p.cp.policy.firstUserRole[input.kind] : undefined;
      const roles = firstRole ? [firstRole] : (input.roles ?? []);
      checkRoles(p, input.kind, roles);
      const id = newId('u');
      const candidate = candidateOf(id, input.kind, input.account, input.email);
      const gate = decideUserOp(p, auth.session, 'create', candidate, false);
      if (!gate.allowed) await refuse(deps, auth, gate, 'user.create', `user:${id}`);
      const refused = firstRole ? undefined : refusedRole(p, auth.session, { candidate }, roles);
      if (refused) await refuse(deps, auth, refused, 'user.create', `user:${id}`);
      if (input.username && usernameTaken(p, input.username)) throw new ApiError('conflict', 'That username is taken.', 'username');
      const now = deps.clock.now();
      const row: UserRow = {
        id, kind: input.kind, firstName: input.firstName, lastName: input.lastName,
        username: input.username ?? defaultUsername(p, input.firstName, input.lastName), email: input.email, roles, status: 'invited',
        createdAt: now, activeSince: now, failedSignIns: 0, passwordHash,
      };
      if (input.account) row.account = input.account;
      if (input.phone) row.phone = input.phone;
      await commitAudited(deps, auth, [{ op: 'user.put', user: row }], 'user.create', `user:${id}`, `roles ${roles.join(', ') || 'none'}`);
      await deps.notifier.send({
        to: row.email, channel: 'email', subject: `${p.state.name}: your account`,
        body: `You have been invited to ${p.state.name}. Username: ${row.username}. Initial password: ${password}`,
      });
      return c.json(userView(p, row, auth.session), 201);
    })
    .patch('/:id', body(userEditBody), async (c) => {
      const auth = c.get('auth');
      const input = c.req.valid('json');
      const { row, record } = visibleUser(auth, c.req.param('id'));
      const d = decideUserOp(auth.partner, auth.session, 'edit', record);
      if (!d.allowed) await refuse(deps, auth, d, 'user.edit', `user:${row.id}`);
      if (input.email !== undefined && input.email !== row.email && auth.session.subject) {
        const action = userAction(auth.partner.cp, 'edit', row.kind) ?? 'user.edit';
        await refuse(deps, auth, { allowed: false, reasons: [{ code: 'sensitive', action }] }, 'user.edit', `user:${row.id}`);
      }
      const updated: UserRow = { ...row, ...input };
      await commitAudited(deps, auth, [{ op: 'user.put', user: updated }], 'user.edit', `user:${row.id}`, Object.keys(input).join(', '));
      return c.json(userView(auth.partner, updated, auth.session));
    })
    .put('/:id/roles', body(rolesBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const { roles } = c.req.valid('json');
      const { row, record } = visibleUser(auth, c.req.param('id'));
      const d = decideUserOp(p, auth.session, 'assignRole', record);
      if (!d.allowed) await refuse(deps, auth, d, 'user.assignRole', `user:${row.id}`);
      checkRoles(p, row.kind, roles);
      const changed = [...roles.filter((r) => !row.roles.includes(r)), ...row.roles.filter((r) => !roles.includes(r))];
      const refused = refusedRole(p, auth.session, { user: row.id }, changed);
      if (refused) await refuse(deps, auth, refused, 'user.assignRole', `user:${row.id}`);
      const updated: UserRow = { ...row, roles };
      await commitAudited(deps, auth, [{ op: 'user.put', user: updated }], 'user.assignRole', `user:${row.id}`, `${row.roles.join(', ')} → ${roles.join(', ')}`);
      return c.json(userView(p, updated, auth.session));
    })
    .get('/:id/assignable-roles', (c) => {
      const auth = c.get('auth');
      const { row } = visibleUser(auth, c.req.param('id'));
      return c.json(assignableFor(auth, { user: row.id }));
    })
    .post('/:id/role-diff', body(rolesBody), (c) => {
      const auth = c.get('auth');
      const { row } = visibleUser(auth, c.req.param('id'));
      const { roles } = c.req.valid('json');
      checkRoles(auth.partner, row.kind, roles);
      return c.json(roleChangeDiff(auth.partner.cp, row.roles, roles));
    })
    .delete('/:id', async (c) => {
      const auth = c.get('auth');
      const { row, record } = visibleUser(auth, c.req.param('id'));
      const d = decideUserOp(auth.partner, auth.session, 'delete', record);
      if (!d.allowed) await refuse(deps, auth, d, 'user.delete', `user:${row.id}`);
      await commitAudited(deps, auth, [{ op: 'user.delete', id: row.id }, { op: 'session.deleteForUser', user: row.id }], 'user.delete', `user:${row.id}`);
      return c.body(null, 204);
    })
    .route('/', userStatusRoutes(deps));
}

export const candidateQuery = z.strictObject({ kind: z.enum(['operator', 'member']), account: fields.id.optional() });

/** `GET /api/assignable-roles?kind=&account=`: the roles the session may give a new user. */
export function newUserRoleRoutes(deps: Deps) {
  return new Hono<Env>().get('/', requireSession(deps), query(candidateQuery), (c) => {
    const auth = c.get('auth');
    const { kind, account } = c.req.valid('query');
    if (kind === 'member' && (!account || !auth.partner.account(account))) throw new ApiError('not_found', 'No such account.', 'account');
    const candidate = candidateOf('(new)', kind, kind === 'member' ? account : undefined);
    return c.json(assignableFor(auth, { candidate }));
  });
}
