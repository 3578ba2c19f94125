import { z } from 'zod';
import { compilePolicy, secureId, type CompiledPolicy } from './compile.js';
import type { Policy, TargetKind } from './policy.js';
import { RIGHTS } from './policy.js';

const id = z.string().regex(/^[A-Za-z][\w.+-]*$/, 'must be an identifier');
const right = z.enum(RIGHTS);
const scope = z.enum(['all', 'assigned', 'shared', 'own', 'self']);

const condition = z.union(
  [
    z.strictObject({ account: z.enum(['secure', 'setupCompleted', 'template']), is: z.boolean() }),
    z.strictObject({ setting: id, is: z.boolean() }),
    z.strictObject({ setting: id, includesRole: z.literal(true) }),
    z.strictObject({ lead: z.literal('source'), in: z.array(z.string()).min(1) }),
    z.strictObject({ lead: z.literal('assignedToSelf') }),
    z.strictObject({ content: z.literal('audience') }),
  ],
  {
    error:
      'must be one of {account: "secure"|"setupCompleted"|"template", is: boolean}, {setting, is: boolean}, ' +
      '{setting, includesRole: true}, {lead: "source", in: [...]}, {lead: "assignedToSelf"}, {content: "audience"}',
  },
);

const action = z.strictObject({
  area: id,
  label: z.string().min(1),
  target: z.enum(['partner', 'account', 'user', 'lead', 'content']),
  right: right.optional(),
  sensitive: z.boolean().optional(),
  rank: z.enum(['below', 'atOrBelow']).optional(),
  notSelf: z.boolean().optional(),
  notSameEmail: z.boolean().optional(),
});

const role = z.strictObject({
  label: z.string().min(1),
  description: z.string(),
  holder: z.enum(['operator', 'member']),
  signIn: z.boolean().optional(),
  above: z.array(id).optional(),
  secureVariant: z.boolean().optional(),
  cap: right.optional(),
  custom: z.boolean().optional(),
  grants: z.array(z.strictObject({ actions: z.array(z.string()).min(1), scope, when: z.array(condition).optional() })),
});

/** The schema of the policy format (structure only; `loadPolicy` also checks references). */
export const policySchema = z.strictObject({
  format: z.literal('deputy-policy/1'),
  id,
  name: z.string().min(1),
  description: z.string(),
  areas: z.record(id, z.string()),
  actions: z.record(id, action),
  roles: z.record(id, role),
  combine: z.enum(['most-permissive', 'single']),
  firstUserRole: z.strictObject({ operator: id.optional(), member: id.optional() }),
  secureAccounts: z.boolean(),
  impersonation: z.strictObject({ user: id.optional(), account: id.optional() }),
  sharing: id.optional(),
  assignment: z.strictObject({ operator: id.optional(), member: id.optional() }),
  customRoles: z.strictObject({ kind: z.enum(['none', 'permissions', 'groups-only']), scope: scope.optional() }),
  signIn: z.strictObject({
    secondFactor: z.array(z.enum(['email', 'sms', 'totp'])),
    lockAfter: z.number().int().positive().optional(),
    lockMinutes: z.number().int().positive().optional(),
    expireAfterDays: z.number().int().positive().optional(),
  }),
  settings: z.record(id, z.strictObject({ label: z.string(), default: z.union([z.boolean(), z.array(z.string())]) })),
});

/** One problem with a policy: where, and what. */
export interface PolicyIssue {
  path: string;
  message: string;
}

/** A policy that was refused; `issues` lists every problem found. */
export class PolicyError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`Invalid policy: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'PolicyError';
  }
}

/** A path as one reads it in code: `roles.admin.grants[0]`, quoting keys that hold dots (`actions["account.edit"]`). */
function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `${out}[${JSON.stringify(name)}]`;
    return out ? `${out}.${name}` : name;
  }, '');
}

/** Validate a policy without throwing: the policy, or every issue found. */
export function checkPolicy(input: unknown): { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] } {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })) };
  }
  const policy = parsed.data as Policy;
  const issues = referenceIssues(policy);
  return issues.length ? { ok: false, issues } : { ok: true, policy };
}

/** Validate and compile a policy; throws `PolicyError` naming each path and problem. */
export function loadPolicy(input: unknown): CompiledPolicy {
  const checked = checkPolicy(input);
  if (!checked.ok) throw new PolicyError(checked.issues);
  return compilePolicy(checked.policy);
}

function referenceIssues(p: Policy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const issue = (path: PropertyKey[], message: string) => issues.push({ path: pathText(path), message });
  const roleIds = new Set(Object.keys(p.roles));
  for (const [rid, r] of Object.entries(p.roles)) if (r.secureVariant) roleIds.add(secureId(rid));
  const needAction = (path: PropertyKey[], a: string | undefined, target?: TargetKind) => {
    if (a === undefined) return;
    const def = p.actions[a];
    if (!def) issue(path, `unknown action "${a}"`);
    else if (target && def.target !== target) issue(path, `action "${a}" must have target "${target}" (it has "${def.target}")`);
  };
  for (const [aid, a] of Object.entries(p.actions)) {
    if (!(a.area in p.areas)) issue(['actions', aid, 'area'], `unknown area "${a.area}"`);
  }
  for (const [rid, r] of Object.entries(p.roles)) {
    if (r.secureVariant && secureId(rid) in p.roles) issue(['roles', rid, 'secureVariant'], `role "${secureId(rid)}" already exists`);
    (r.above ?? []).forEach((other, i) => {
      if (!roleIds.has(other)) issue(['roles', rid, 'above', i], `unknown role "${other}"`);
    });
    r.grants.forEach((g, gi) => {
      g.actions.forEach((a, ai) => {
        if (a !== '*') needAction(['roles', rid, 'grants', gi, 'actions', ai], a);
      });
      (g.when ?? []).forEach((c, ci) => {
        if ('setting' in c && !(c.setting in p.settings)) issue(['roles', rid, 'grants', gi, 'when', ci, 'setting'], `unknown setting "${c.setting}"`);
      });
    });
  }
  const cycle = rankCycle(p);
  if (cycle) issue(['roles', cycle[0]!, 'above'], `rank cycle: ${cycle.join(' > ')}`);
  for (const holder of ['operator', 'member'] as const) {
    const first = p.firstUserRole[holder];
    if (first !== undefined && !roleIds.has(first)) issue(['firstUserRole', holder], `unknown role "${first}"`);
    const firstDef = first === undefined ? undefined : p.roles[first] ?? p.roles[first.replace(/\.secure$/, '')];
    if (firstDef && firstDef.holder !== holder) issue(['firstUserRole', holder], `role "${first}" is for ${firstDef.holder}s`);
    needAction(['assignment', holder], p.assignment[holder], 'user');
  }
  needAction(['impersonation', 'user'], p.impersonation.user, 'user');
  needAction(['impersonation', 'account'], p.impersonation.account, 'account');
  needAction(['sharing'], p.sharing, 'account');
  return issues;
}

/** A cycle in the `above` relation among declared roles, as the list of role ids around it. */
function rankCycle(p: Policy): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (rid: string): string[] | undefined => {
    if (state.get(rid) === 'done') return undefined;
    if (state.get(rid) === 'open') return [...trail.slice(trail.indexOf(rid)), rid];
    state.set(rid, 'open');
    trail.push(rid);
    for (const next of p.roles[rid]?.above ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    trail.pop();
    state.set(rid, 'done');
    return undefined;
  };
  for (const rid of Object.keys(p.roles)) {
    const found = visit(rid);
    if (found) return found;
  }
  return undefined;
}
