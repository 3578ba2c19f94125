import { Hono } from 'hono';
import { z } from 'zod';
import { newId } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { commitAudited, refuse } from '../domain/guard.js';
import { decideAccountOp } from '../domain/operations.js';
import { canSee } from '../domain/users.js';
import { ApiError } from '../errors.js';
import { requireSession, type Auth, type Env } from '../middleware/auth.js';
import type { GroupRow } from '../store/types.js';
import { body, fields } from '../validation.js';

const members = z.array(fields.id).max(10_000);
export const groupCreateBody = z.strictObject({ name: fields.name, members: members.default([]) });
export const groupEditBody = z.strictObject({ name: fields.name.optional(), members: members.optional() });

/** Members must be users the session can see; 404 names the first that is not. */
function checkMembers(auth: Auth, ids: string[]): string[] {
  for (const id of ids) {
    if (!auth.partner.user(id) || !canSee(auth.partner, auth.session, id)) throw new ApiError('not_found', `No such user ${id}.`, 'members');
  }
  return [...new Set(ids)];
}

/** Groups of users, which accounts are shared with (K2). The permission is asked before the group is looked up, so ids cannot be probed. */
export function groupRoutes(deps: Deps) {
  const gate = async (auth: Auth, action: string, target?: string) => {
    const d = decideAccountOp(auth.partner.cp, auth.partner.dir, auth.session, 'groups');
    if (!d.allowed) await refuse(deps, auth, d, action, target);
  };
  return new Hono<Env>()
    .use(requireSession(deps))
    .get('/', async (c) => {
      const auth = c.get('auth');
      const d = decideAccountOp(auth.partner.cp, auth.partner.dir, auth.session, 'viewGroups');
      if (!d.allowed) throw new ApiError('forbidden', 'Not allowed to view groups.');
      const items = Object.values(auth.partner.state.groups)
        .map((g) => ({ id: g.id, name: g.name, members: [...g.members] }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return c.json({ items, total: items.length });
    })
    .post('/', body(groupCreateBody), async (c) => {
      const auth = c.get('auth');
      const input = c.req.valid('json');
      const id = newId('grp');
      await gate(auth, 'group.create', `group:${id}`);
      const group: GroupRow = { id, name: input.name, members: checkMembers(auth, input.members) };
      await commitAudited(deps, auth, [{ op: 'group.put', group }], 'group.create', `group:${id}`);
      return c.json(group, 201);
    })
    .put('/:id', body(groupEditBody), async (c) => {
      const auth = c.get('auth');
      const input = c.req.valid('json');
      await gate(auth, 'group.edit', `group:${c.req.param('id')}`);
      const current = auth.partner.group(c.req.param('id'));
      if (!current) throw new ApiError('not_found', 'No such group.');
      const group: GroupRow = {
        id: current.id,
        name: input.name ?? current.name,
        members: input.members ? checkMembers(auth, input.members) : [...current.members],
      };
      await commitAudited(deps, auth, [{ op: 'group.put', group }], 'group.edit', `group:${group.id}`);
      return c.json(group);
    })
    .delete('/:id', async (c) => {
      const auth = c.get('auth');
      await gate(auth, 'group.delete', `group:${c.req.param('id')}`);
      const group = auth.partner.group(c.req.param('id'));
      if (!group) throw new ApiError('not_found', 'No such group.');
      await commitAudited(deps, auth, [{ op: 'group.delete', id: group.id }], 'group.delete', `group:${group.id}`);
      return c.body(null, 204);
    });
}
