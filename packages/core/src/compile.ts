import type { ActionDef, Condition, CustomRoleInput, Policy, Right, RoleDef, Scope } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';
import type { Decision, Reason } from './reasons.js';

/** One grant of one role for one action, ready for the evaluator. */
export interface CompiledGrant {
  role: string;
  scope: Scope;
  when: Condition[] | undefined;
}

/**
 * A grant as the evaluator walks it for one action, with the answers that do not depend on the
 * state built once (frozen: decisions share them).
 */
export interface EvalGrant extends CompiledGrant {
  /** the deny when the target is outside the grant's scope */
  outOfScope: Decision;
  /** for every scope but `shared` (whose right depends on the share): the right reached, as granted and as too low */
  granted: Reason;
  tooLow: Decision;
  /** the whole allow, when the grant has no conditions (for `shared` grants: on partner-wide actions) */
  allow: Decision | undefined;
  /**
   * For `shared` grants, filled as decisions are made: group id → by the group's right (as a rank),
   * the one-reason decision it gives (an allow, or right too low), frozen and reused.
   */
  viaGroup: Map<string, Decision[]>;
}

/** One role's grants of one action. */
export interface RoleGrants {
  role: CompiledRole;
  grants: EvalGrant[];
}

export interface CompiledRole {
  id: string;
  def: RoleDef;
  /** holds the secure variant: reaches accounts flagged `secure` */
  secure: boolean;
  cap: Right;
  capRank: number;
  /** the deny when this role meets an account marked secure without being a Secure variant */
  secureRequired: Decision;
  /** every role this one outranks, transitively */
  outranks: Set<string>;
  /** action id → this role's grants of it */
  byAction: Map<string, CompiledGrant[]>;
}

export interface CompiledAction {
  id: string;
  /** the action's position in the policy: indexes per-action memos */
  index: number;
  /** `def.target`, read on every decision (from one object shape whatever the policy's JSON) */
  target: ActionDef['target'];
  def: ActionDef;
  rightRank: number;
  /** role id → that role's grants of this action */
  byRole: Map<string, RoleGrants>;
  /** the deny when no role of the user grants the action, and when the target does not exist */
  noGrant: Decision;
  notFound: Decision;
}

/** A policy with secure variants expanded and indexes built; what every evaluator function takes. */
export interface CompiledPolicy {
  policy: Policy;
  /** `policy.secureAccounts`, read on every decision */
  secureAccounts: boolean;
  roles: Map<string, CompiledRole>;
  actions: Map<string, CompiledAction>;
}

/** The id of a role's secure variant. */
export function secureId(role: string): string {
  return `${role}.secure`;
}

/** The policy with each `secureVariant` role doubled into a `.secure` twin that outranks it. */
export function expandSecureVariants(policy: Policy): Policy {
  const roles: Record<string, RoleDef> = {};
  const hasVariant = (id: string) => policy.roles[id]?.secureVariant === true;
  for (const [id, role] of Object.entries(policy.roles)) {
    roles[id] = role;
    if (!role.secureVariant) continue;
    const above = role.above ?? [];
    roles[secureId(id)] = {
      ...role,
      label: `${role.label} Secure`,
      description: `${role.description} Also reaches client accounts marked secure.`,
      secureVariant: false,
      above: [...above, ...above.filter(hasVariant).map(secureId), id],
    };
  }
  return { ...policy, roles };
}

/** Add a partner's custom roles to a policy, as its `customRoles` kind says. */
export function withCustomRoles(policy: Policy, custom: CustomRoleInput[]): Policy {
  if (custom.length === 0) return policy;
  const roles = { ...policy.roles };
  const kind = policy.customRoles.kind;
  for (const role of custom) {
    const permissions = kind === 'permissions' ? role.permissions : [];
    const grants = permissions.length ? [{ actions: permissions, scope: policy.customRoles.scope ?? 'all' }] : [];
    roles[role.id] = {
      label: role.label,
      description: role.description,
      holder: 'operator',
      custom: true,
      ...(role.cap ? { cap: role.cap } : {}),
      grants,
    };
  }
  return { ...policy, roles };
}

/**
 * Build the evaluator's indexes. The policy must already be valid (see `loadPolicy`); presets are.
 */
export function compilePolicy(source: Policy): CompiledPolicy {
  const policy = expandSecureVariants(source);
  const actions = new Map<string, CompiledAction>();
  // nobody changes their own roles (M6), whatever the policy says of its assignment actions
  const assignment = new Set(Object.values(policy.assignment));
  for (const [id, given] of Object.entries(policy.actions)) {
    const def = assignment.has(id) && !given.notSelf ? { ...given, notSelf: true } : given;
    actions.set(id, {
      id,
      index: actions.size,
      target: def.target,
      def,
      rightRank: rightRank(def.right ?? 'view'),
      byRole: new Map(),
      noGrant: frozenDeny({ code: 'no-grant', action: id }),
      notFound: frozenDeny({ code: 'not-found', what: def.target }),
    });
  }
  const roles = new Map<string, CompiledRole>();
  for (const [id, def] of Object.entries(policy.roles)) {
    const byAction = new Map<string, CompiledGrant[]>();
    for (const grant of def.grants) {
      const actionIds = grant.actions.includes('*') ? [...actions.keys()] : grant.actions;
      for (const action of actionIds) {
        let list = byAction.get(action);
        if (!list) byAction.set(action, (list = []));
        list.push({ role: id, scope: grant.scope, when: grant.when?.length ? grant.when : undefined });
      }
    }
    const cap = def.cap ?? 'admin+settings';
    const secure = id.endsWith('.secure') && source.roles[id.slice(0, -7)]?.secureVariant === true;
    const role: CompiledRole = {
      id, def, secure, cap, capRank: rightRank(cap), secureRequired: frozenDeny({ code: 'secure-required', role: id, flag: 'secure' }), outranks: new Set(), byAction,
    };
    roles.set(id, role);
    for (const [action, grants] of byAction) {
      const act = actions.get(action);
      if (act) act.byRole.set(id, { role, grants: grants.map((g) => evalGrant(g, role, act)) });
    }
  }
  for (const role of roles.values()) closeOutranks(role, roles);
  rankCustomRoles(roles);
  return { policy, secureAccounts: policy.secureAccounts === true, roles, actions };
}

/**
 * Custom roles sit below the top built-in roles (those no other built-in role outranks), so the
 * partner's administrators can assign them and manage their holders; what a custom role grants is
 * still checked against what the assigner holds (I1).
 */
function rankCustomRoles(roles: Map<string, CompiledRole>): void {
  const custom = [...roles.values()].filter((r) => r.def.custom).map((r) => r.id);
  if (custom.length === 0) return;
  const builtIn = [...roles.values()].filter((r) => !r.def.custom);
  const top = builtIn.filter((r) => !builtIn.some((other) => other.outranks.has(r.id)));
  for (const role of top) for (const id of custom) if (id !== role.id) role.outranks.add(id);
}

function frozenDeny(reason: Reason): Decision {
  return Object.freeze({ allowed: false, reasons: Object.freeze([Object.freeze(reason)]) as Reason[] });
}

function evalGrant(g: CompiledGrant, role: CompiledRole, act: CompiledAction): EvalGrant {
  const right = RIGHTS[role.capRank]!;
  const granted: Reason = Object.freeze({ code: 'granted', role: role.id, scope: g.scope, right });
  const need = act.def.right ?? 'view';
  // a literal, not a spread of `g`: every grant gets one object shape, so the evaluator's property
  // reads stay monomorphic (spread copies took several shapes and made them megamorphic)
  return {
    role: g.role,
    scope: g.scope,
    when: g.when,
    outOfScope: frozenDeny({ code: 'out-of-scope', role: role.id, scope: g.scope }),
    granted,
    tooLow: frozenDeny({ code: 'right-too-low', role: role.id, have: right, need, cap: role.cap }),
    allow: g.when ? undefined : Object.freeze({ allowed: true, reasons: Object.freeze([granted]) as Reason[] }),
    viaGroup: new Map(),
  };
}

function closeOutranks(role: CompiledRole, roles: Map<string, CompiledRole>): void {
  const stack = [...(role.def.above ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    if (role.outranks.has(next) || next === role.id) continue;
    role.outranks.add(next);
    stack.push(...(roles.get(next)?.def.above ?? []));
  }
}
