import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { PartnerRuntime } from '../domain/partner.js';
import { accountView, userView } from '../domain/views.js';
import { requireSession, type Env } from '../middleware/auth.js';
import type { SessionRow, UserRow } from '../store/types.js';

/** The current session's context: partner, actor, subject, mode, since, CSRF token and the policy's vocabulary. */
export function sessionRoutes(deps: Deps) {
  return new Hono<Env>().get('/', requireSession(deps), (c) => {
    const { partner, row, actor } = c.get('auth');
    return c.json(sessionContext(partner, row, actor));
  });
}

/** What `GET /api/session` answers; also the answer of an impersonation switch. */
export function sessionContext(p: PartnerRuntime, row: SessionRow, actor: UserRow) {
  const policy = p.cp.policy;
  let subject: { user: ReturnType<typeof userView> } | { account: ReturnType<typeof accountView> } | undefined;
  if (row.subject && 'user' in row.subject) {
    const u = p.user(row.subject.user);
    if (u) subject = { user: userView(p, u) };
  } else if (row.subject) {
    const a = p.account(row.subject.account);
    if (a) subject = { account: accountView(a) };
  }
  return {
    partner: { id: p.id, name: p.state.name, preset: p.state.preset },
    actor: userView(p, actor),
    ...(subject ? { subject } : {}),
    ...(row.mode ? { mode: row.mode } : {}),
    ...(row.since !== undefined ? { since: row.since } : {}),
    ...(row.csrf ? { csrf: row.csrf } : {}),
    channel: row.channel,
    policy: {
      id: policy.id,
      name: policy.name,
      combine: policy.combine,
      roles: [...p.cp.roles.values()].map((r) => ({
        id: r.id,
        label: r.def.label,
        description: r.def.description,
        holder: r.def.holder,
        signIn: r.def.signIn !== false,
        custom: r.def.custom === true,
      })),
      actions: [...p.cp.actions.values()].map((a) => ({ id: a.id, area: a.def.area, label: a.def.label, target: a.def.target, right: a.def.right ?? 'view' })),
      areas: policy.areas,
      secondFactor: policy.signIn.secondFactor,
    },
  };
}
