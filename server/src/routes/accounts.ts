import type { Decision } from '@deputy/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { newId } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { commitAudited, refuse } from '../domain/guard.js';
import { decideAccountOp, type AccountOp } from '../domain/operations.js';
import type { PartnerRuntime } from '../domain/partner.js';
import { accountView } from '../domain/views.js';
import { ApiError } from '../errors.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { AccountRow } from '../store/types.js';
import { body, fields, page, query } from '../validation.js';
import { accessRoutes } from './account-access.js';
import { visibleAccount } from '../domain/accounts.js';

export const accountListQuery = z.strictObject({ q: z.string().max(200).optional(), offset: fields.offset, limit: fields.limit });
export const accountCreateBody = z.strictObject({
  name: fields.name,
  secure: z.boolean().optional(),
  template: z.boolean().optional(),
  fromTemplate: fields.id.optional(),
});
export const accountEditBody = z.strictObject({
  name: fields.name.optional(),
  secure: z.boolean().optional(),
  setupCompleted: z.boolean().optional(),
  template: z.boolean().optional(),
});

/** The operation each account field needs. */
const FLAG_OPS = { name: 'rename', secure: 'markSecure', setupCompleted: 'markSetupCompleted', template: 'designateTemplate' } as const satisfies Record<
  string,
  AccountOp
>;

/** Decide on an account that does not exist yet, as it would be (the Directory is restored at once). */
function onNewAccount(p: PartnerRuntime, account: AccountRow, decide: () => Decision): Decision {
  p.dir.putAccount({ id: account.id, secure: account.secure, setupCompleted: account.setupCompleted, template: account.template });
  try {
    return decide();
  } finally {
    p.dir.removeAccount(account.id);
  }
}

/** Client accounts: list, read, create (also from a template), edit name and flags; shares and assignments. */
export function accountRoutes(deps: Deps) {
  return new Hono<Env>()
    .use(requireSession(deps))
    .get('/', query(accountListQuery), (c) => {
      const { partner: p, session } = c.get('auth');
      const { q } = c.req.valid('query');
      const { offset, limit } = page(c.req.valid('query'));
      const needle = q?.toLowerCase();
      const rows = Object.values(p.state.accounts)
        .filter((a) => !needle || a.name.toLowerCase().includes(needle))
        .filter((a) => decideAccountOp(p.cp, p.dir, session, 'view', a.id).allowed)
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return c.json({ items: rows.slice(offset, offset + limit).map(accountView), total: rows.length });
    })
    .get('/:id', (c) => c.json(accountView(visibleAccount(c.get('auth'), c.req.param('id')))))
    .post('/', body(accountCreateBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const input = c.req.valid('json');
      const id = newId('acc');
      const create = decideAccountOp(p.cp, p.dir, auth.session, 'create');
      if (!create.allowed) await refuse(deps, auth, create, 'account.create', `account:${id}`);
      let secure = input.secure ?? false;
      if (input.fromTemplate !== undefined) {
        const template = visibleAccount(auth, input.fromTemplate);
        if (!template.template) throw new ApiError('invalid', 'That account is not a template.', 'fromTemplate');
        const d = decideAccountOp(p.cp, p.dir, auth.session, 'createFromTemplate', template.id);
        if (!d.allowed) await refuse(deps, auth, d, 'account.createFromTemplate', `account:${template.id}`);
        secure = input.secure ?? template.secure;
      }
      const account: AccountRow = { id, name: input.name, secure: false, setupCompleted: false, template: false, createdAt: deps.clock.now() };
      for (const flag of ['secure', 'template'] as const) {
        const wanted = flag === 'secure' ? secure : (input.template ?? false);
        if (!wanted) continue;
        const d = onNewAccount(p, account, () => decideAccountOp(p.cp, p.dir, auth.session, FLAG_OPS[flag], id));
        if (!d.allowed) await refuse(deps, auth, d, 'account.create', `account:${id}`);
      }
      account.secure = secure;
      account.template = input.template ?? false;
      const detail = input.fromTemplate ? `from template ${input.fromTemplate}` : undefined;
      await commitAudited(deps, auth, [{ op: 'account.put', account }], 'account.create', `account:${id}`, detail);
      return c.json(accountView(account), 201);
    })
    .patch('/:id', body(accountEditBody), async (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const input = c.req.valid('json');
      const account = visibleAccount(auth, c.req.param('id'));
      const changed = (Object.keys(input) as Array<keyof typeof input>).filter((k) => input[k] !== undefined && input[k] !== account[k]);
      for (const field of changed) {
        const d = decideAccountOp(p.cp, p.dir, auth.session, FLAG_OPS[field], account.id);
        if (!d.allowed) await refuse(deps, auth, d, 'account.edit', `account:${account.id}`);
      }
      const updated: AccountRow = { ...account, ...Object.fromEntries(changed.map((k) => [k, input[k]])) };
      if (changed.length > 0) {
        await commitAudited(deps, auth, [{ op: 'account.put', account: updated }], 'account.edit', `account:${account.id}`, changed.join(', '));
      }
      return c.json(accountView(updated));
    })
    .route('/', accessRoutes(deps));
}
