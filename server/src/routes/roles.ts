import { roleRefusal, withCustomRoles, type CustomRoleInput } from '@deputy/core';
import { loadPolicy, PolicyError } from '@deputy/core/schema';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { commitAudited, refuse } from '../domain/guard.js';
import { decideAccountOp } from '../domain/operations.js';
import { policyOf } from '../domain/partner.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import { body, fields } from '../validation.js';

export const roleBody = z.strictObject({
  id: z.string().regex(/^[A-Za-z][\w-]{0,60}$/, 'must be an identifier').optional(),
  label: fields.name,
  description: z.string().max(1000).default(''),
  permissions: z.array(fields.id).max(200).default([]),
  cap: fields.right.optional(),
});

/** Custom roles: built from permissions (K1) or carrying none, defining partner groups (U7). */
export function roleRoutes(deps: Deps) {
  return new Hono<Env>()
    .use(requireSession(deps))
    .get('/', (c) => {
      const p = c.get('auth').partner;
      return c.json({
        kind: p.cp.policy.customRoles.kind,
        items: p.state.customRoles,
        permissions: [...p.cp.actions.values()].map((a) => ({ id: a.id, area: a.def.area, label: a.def.label })),
      });
    })
    .post('/', body(roleBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const input = c.req.valid('json');
      const id = input.id ?? `custom-${input.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'role'}`;
      const d = decideAccountOp(p.cp, p.dir, auth.session, 'roles');
      if (!d.allowed) await refuse(deps, auth, d, 'role.create', `role:${id}`);
      if (p.cp.policy.customRoles.kind === 'none') throw new ApiError('forbidden', 'This policy has no custom roles.');
      if (p.cp.roles.has(id)) throw new ApiError('conflict', `A role ${id} exists.`, 'id');
      const role: CustomRoleInput = { id, label: input.label, description: input.description, permissions: input.permissions };
      if (input.cap) role.cap = input.cap;
      let next;
      try {
        next = loadPolicy(withCustomRoles(policyOf(p.state), [role]));
      } catch (e) {
        if (e instanceof PolicyError) throw new ApiError('invalid', e.message, 'permissions');
        throw e;
      }
      const refusal = roleRefusal(next, p.dir.users.get(auth.session.actor)?.roles ?? [], id);
      if (refusal?.code === 'exceeds-own') await refuse(deps, auth, { allowed: false, reasons: [refusal] }, 'role.create', `role:${id}`);
      await commitAudited(deps, auth, [{ op: 'customRole.put', role }], 'role.create', `role:${id}`);
      return c.json(role, 201);
    })
    .delete('/:id', async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const role = p.state.customRoles.find((r) => r.id === c.req.param('id'));
      if (!role) throw new ApiError('not_found', 'No such custom role.');
      const d = decideAccountOp(p.cp, p.dir, auth.session, 'roles');
      if (!d.allowed) await refuse(deps, auth, d, 'role.delete', `role:${role.id}`);
      await commitAudited(deps, auth, [{ op: 'customRole.delete', id: role.id }], 'role.delete', `role:${role.id}`);
      return c.body(null, 204);
    });
}
