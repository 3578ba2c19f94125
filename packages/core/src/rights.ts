import type { CompiledPolicy } from './compile.js';
import { decide, evaluate } from './decide.js';
import type { Session } from './session.js';
import type { Right } from './policy.js';
import { RIGHTS } from './policy.js';
import type { Decision } from './reasons.js';
import type { Directory } from './state.js';

/** One action of the policy as a session holds it on one account. */
export interface RightEntry extends Decision {
  action: string;
  area: string;
  label: string;
}

/**
 * Every account-level and partner-level action of the policy, decided for `session` on `account`:
 * what the widgets and the extension display.
 */
export function effectiveRights(cp: CompiledPolicy, dir: Directory, session: Session, account: string): RightEntry[] {
  const out: RightEntry[] = [];
  const target = { account };
  for (const act of cp.actions.values()) {
    const kind = act.def.target;
    if (kind !== 'account' && kind !== 'partner') continue;
    const d = decide(cp, dir, session, act.id, target);
    out.push({ action: act.id, area: act.def.area, label: act.def.label, allowed: d.allowed, reasons: d.reasons });
  }
  return out;
}

/**
 * The highest right a user reaches on an account through the policy's account impersonation
 * action (for shares: the group's right capped by the role, K4), with the reasons.
 */
export function effectiveRight(cp: CompiledPolicy, dir: Directory, userId: string, account: string): Decision & { right?: Right } {
  const user = dir.users.get(userId);
  const actionId = cp.policy.impersonation.account;
  const act = actionId === undefined ? undefined : cp.actions.get(actionId);
  if (!user || !act) return { allowed: false, reasons: [{ code: 'not-found', what: user ? 'account' : 'user' }] };
  const reach = evaluate(cp, dir, user, act, { account }, true);
  return reach.allowed ? { allowed: true, reasons: reach.reasons, right: RIGHTS[reach.rightRank]! } : { allowed: false, reasons: reach.reasons };
}
