import { secureId, type CompiledGrant, type CompiledPolicy } from './compile.js';
import { decide, evaluate, outranks, type Target } from './decide.js';
import type { Session } from './session.js';
import type { Condition, Right, Scope } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';
import type { Decision, Reason } from './reasons.js';
import type { Directory, UserRecord } from './state.js';

/** One role the actor could give a target, and whether they may. */
export interface RoleOption extends Decision {
  role: string;
  label: string;
  description: string;
}

/** Whom the roles would go to: an existing user, or one about to be invited. */
export type AssignTarget = { user: string } | { candidate: UserRecord };

/**
 * The roles (or levels) `session` may give the target, each with its decision. A role is allowed
 * only when the actor may assign roles to this target at all (self, rank and same-email rules
 * included) and the actor already holds everything the role grants, at least as broadly (I1).
 */
export function assignableRoles(cp: CompiledPolicy, dir: Directory, session: Session, target: AssignTarget): RoleOption[] {
  const holder = 'user' in target ? dir.users.get(target.user)?.kind : target.candidate.kind;
  const action = holder && cp.policy.assignment[holder];
  const gate: Decision = !holder
    ? { allowed: false, reasons: [{ code: 'not-found', what: 'user' }] }
    : !action
      ? { allowed: false, reasons: [{ code: 'unknown-action', action: `assignment.${holder}` }] }
      : decide(cp, dir, session, action, target as Target);
  const actor = dir.users.get(session.actor);
  const options: RoleOption[] = [];
  for (const role of cp.roles.values()) {
    if (role.def.holder !== holder) continue;
    const base = { role: role.id, label: role.def.label, description: role.def.description };
    if (!gate.allowed || !actor) {
      options.push({ ...base, allowed: false, reasons: gate.reasons });
      continue;
    }
    const refusal = roleRefusal(cp, actor.roles, role.id);
    options.push(refusal ? { ...base, allowed: false, reasons: [refusal] } : { ...base, allowed: true, reasons: gate.reasons });
  }
  return options;
}

/** Why `roles` may not hand out `roleId`, or nothing when they may (I1). */
export function roleRefusal(cp: CompiledPolicy, roles: readonly string[], roleId: string): Reason | undefined {
  if (!outranks(cp, roles, roleId, true)) return { code: 'role-above-own', role: roleId };
  const role = cp.roles.get(roleId);
  if (!role) return { code: 'not-found', what: 'user' };
  const secure = role.secure && cp.policy.secureAccounts;
  for (const [action, grants] of role.byAction) {
    for (const grant of grants) {
      if (!heldAsBroadly(cp, roles, action, { ...grant, capRank: role.capRank, secure })) return { code: 'exceeds-own', role: roleId, action };
    }
  }
  return undefined;
}

/** A grant as someone would be given it: with its role's cap and Secure clearance. */
interface GivenGrant extends CompiledGrant {
  capRank: number;
  secure: boolean;
}

function heldAsBroadly(cp: CompiledPolicy, roles: readonly string[], action: string, given: GivenGrant): boolean {
  for (const id of roles) {
    const held = cp.roles.get(id);
    if (!held || held.capRank < given.capRank || (given.secure && cp.policy.secureAccounts && !held.secure)) continue;
    for (const h of held.byAction.get(action) ?? []) {
      if (scopeCovers(h.scope, given.scope) && conditionsCover(h, given, roles)) return true;
    }
  }
  return false;
}

function scopeCovers(held: Scope, given: Scope): boolean {
  return held === given || held === 'all';
}

/**
 * The held grant is at least as broad: each of its conditions is also one of the given grant's,
 * and a condition about the holder's own roles holds whenever it holds for the given role.
 */
function conditionsCover(held: CompiledGrant, given: CompiledGrant, roles: readonly string[]): boolean {
  if (!held.when) return true;
  const givenKeys = new Set((given.when ?? []).map((c) => JSON.stringify(c)));
  return held.when.every((c) => givenKeys.has(JSON.stringify(c)) && roleConditionCovers(c, held.role, given.role, roles));
}

function roleConditionCovers(c: Condition, heldRole: string, givenRole: string, roles: readonly string[]): boolean {
  // the setting lists roles: listing the given role (or its base) must also list the held one
  if ('includesRole' in c) return heldRole === givenRole || heldRole === secureId(givenRole);
  // the audience names roles: the holder must hold the given role too
  if ('content' in c) return roles.includes(givenRole);
  return true;
}

/** One permission as a role set holds it. */
export interface HeldRight {
  action: string;
  scope: Scope;
  cap: Right;
  when?: CompiledGrant['when'];
  /** reaches accounts marked secure (a Secure role variant, O6) */
  secure?: true;
}

/** What a role change adds and removes: grants held after but not covered before, and the reverse. */
export function roleChangeDiff(cp: CompiledPolicy, before: readonly string[], after: readonly string[]): { gained: HeldRight[]; lost: HeldRight[] } {
  const notIn = (from: readonly string[], roles: readonly string[]) => {
    const out = new Map<string, HeldRight>();
    for (const { right, given } of heldRights(cp, from)) {
      if (!heldAsBroadly(cp, roles, right.action, given)) out.set(JSON.stringify(right), right);
    }
    return [...out.values()];
  };
  return { gained: notIn(after, before), lost: notIn(before, after) };
}

function heldRights(cp: CompiledPolicy, roles: readonly string[]): Array<{ right: HeldRight; given: GivenGrant }> {
  const out: Array<{ right: HeldRight; given: GivenGrant }> = [];
  for (const id of roles) {
    const role = cp.roles.get(id);
    if (!role) continue;
    const secure = role.secure && cp.policy.secureAccounts;
    for (const [action, grants] of role.byAction) {
      for (const g of grants) {
        const right: HeldRight = { action, scope: g.scope, cap: role.cap };
        if (g.when) right.when = g.when;
        if (secure) right.secure = true;
        out.push({ right, given: { ...g, capRank: role.capRank, secure } });
      }
    }
  }
  return out;
}

/** The rights `session` may share `account` at: at most its own reach on the account (I1). */
export function shareableRights(cp: CompiledPolicy, dir: Directory, session: Session, account: string): Array<Decision & { right: Right }> {
  const action = cp.policy.sharing;
  const gate = action ? decide(cp, dir, session, action, { account }) : { allowed: false, reasons: [{ code: 'unknown-action', action: 'sharing' } as Reason] };
  const actor = dir.users.get(session.actor);
  const act = action ? cp.actions.get(action) : undefined;
  const own = gate.allowed && actor && act ? evaluate(cp, dir, actor, act, { account }, true).rightRank : -1;
  const reach = session.subject ? Math.min(own, rightRank(session.mode ?? 'view')) : own;
  return RIGHTS.map((right) => {
    if (!gate.allowed) return { right, allowed: false, reasons: gate.reasons };
    if (rightRank(right) > reach) {
      return { right, allowed: false, reasons: [{ code: 'mode-exceeds', mode: right, max: RIGHTS[Math.max(reach, 0)]! } as Reason] };
    }
    return { right, allowed: true, reasons: gate.reasons };
  });
}

/**
 * Why a set of roles cannot be held by a user of this kind, or nothing when it can: every role must
 * exist and be for that kind of user, and a `single` policy gives exactly one (M2).
 */
export function roleSetProblem(cp: CompiledPolicy, roles: readonly string[], holder: 'operator' | 'member'): Reason | undefined {
  if (cp.policy.combine === 'single' && roles.length !== 1) return { code: 'single-role' };
  for (const id of roles) {
    const role = cp.roles.get(id);
    if (!role) return { code: 'unknown-role', role: id };
    if (role.def.holder !== holder) return { code: 'wrong-holder', role: id, holder: role.def.holder };
  }
  return undefined;
}
