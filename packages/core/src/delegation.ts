import type { CompiledGrant, CompiledPolicy } from './compile.js';
import { decide, evaluate, outranks, type Session, type Target } from './decide.js';
import type { Right, Scope } from './policy.js';
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
  if (!outranks(cp, roles, roleId, true)) return { code: 'outranked', role: roleId };
  const role = cp.roles.get(roleId);
  if (!role) return { code: 'not-found', what: 'user' };
  for (const [action, grants] of role.byAction) {
    for (const grant of grants) {
      if (!heldAsBroadly(cp, roles, action, grant, role.capRank, role.secure)) return { code: 'exceeds-own', role: roleId, action };
    }
  }
  return undefined;
}

function heldAsBroadly(cp: CompiledPolicy, roles: readonly string[], action: string, g: CompiledGrant, capRank: number, secure: boolean): boolean {
  for (const id of roles) {
    const held = cp.roles.get(id);
    if (!held || held.capRank < capRank || (secure && cp.policy.secureAccounts && !held.secure)) continue;
    for (const h of held.byAction.get(action) ?? []) {
      if (scopeCovers(h.scope, g.scope) && conditionsCover(h, g)) return true;
    }
  }
  return false;
}

function scopeCovers(held: Scope, given: Scope): boolean {
  return held === given || held === 'all';
}

/** The held grant is at least as broad: each of its conditions is also one of the given grant's. */
function conditionsCover(held: CompiledGrant, given: CompiledGrant): boolean {
  if (!held.when) return true;
  const givenKeys = new Set((given.when ?? []).map((c) => JSON.stringify(c)));
  return held.when.every((c) => givenKeys.has(JSON.stringify(c)));
}

/** One permission as a role set holds it. */
export interface HeldRight {
  action: string;
  scope: Scope;
  cap: Right;
  when?: CompiledGrant['when'];
}

/** What a role change adds and removes: grants held after but not covered before, and the reverse. */
export function roleChangeDiff(cp: CompiledPolicy, before: readonly string[], after: readonly string[]): { gained: HeldRight[]; lost: HeldRight[] } {
  const was = heldRights(cp, before);
  const willBe = heldRights(cp, after);
  const notIn = (from: HeldRight[], roles: readonly string[]) =>
    from.filter((r) => !heldAsBroadly(cp, roles, r.action, { role: '', scope: r.scope, when: r.when }, rightRank(r.cap), false));
  return { gained: notIn(willBe, before), lost: notIn(was, after) };
}

function heldRights(cp: CompiledPolicy, roles: readonly string[]): HeldRight[] {
  const out: HeldRight[] = [];
  const seen = new Set<string>();
  for (const id of roles) {
    const role = cp.roles.get(id);
    if (!role) continue;
    for (const [action, grants] of role.byAction) {
      for (const g of grants) {
        const key = `${action}|${g.scope}|${role.cap}|${JSON.stringify(g.when ?? [])}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(g.when ? { action, scope: g.scope, cap: role.cap, when: g.when } : { action, scope: g.scope, cap: role.cap });
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
