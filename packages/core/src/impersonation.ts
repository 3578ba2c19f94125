import type { CompiledPolicy } from './compile.js';
import { evaluate } from './decide.js';
import type { Session } from './session.js';
import type { Right } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';
import type { Decision, Subject } from './reasons.js';
import type { Directory } from './state.js';

/** The decision on starting an impersonation, with the most the actor could reach there. */
export interface ImpersonationDecision extends Decision {
  /** the highest mode the actor may use for this subject; absent when refused outright */
  maxMode?: Right;
}

/**
 * May this session start acting as `subject` in `mode`? Refused when the session already acts as
 * someone (I3), when the subject is the actor, when the policy's impersonation action is not granted
 * on the subject, when the subject cannot sign in or is not active, and when `mode` exceeds what the
 * actor reaches there.
 */
export function canImpersonate(
  cp: CompiledPolicy,
  dir: Directory,
  session: Session,
  subject: Subject,
  mode: Right,
): ImpersonationDecision {
  if (session.subject) return { allowed: false, reasons: [{ code: 'nested' }] };
  const kind = 'user' in subject ? 'user' : 'account';
  const actionId = cp.policy.impersonation[kind];
  const act = actionId === undefined ? undefined : cp.actions.get(actionId);
  if (!act) return { allowed: false, reasons: [{ code: 'no-impersonation', kind }] };
  const actor = dir.users.get(session.actor);
  if (!actor) return { allowed: false, reasons: [{ code: 'not-found', what: 'session' }] };
  if ('user' in subject) {
    if (subject.user === session.actor) return { allowed: false, reasons: [{ code: 'self' }] };
    const target = dir.users.get(subject.user);
    if (target && !target.roles.some((r) => cp.roles.get(r)?.def.signIn !== false)) {
      return { allowed: false, reasons: [{ code: 'cannot-sign-in', user: target.id }] };
    }
    if (target && target.status !== 'active') {
      return { allowed: false, reasons: [{ code: 'inactive', user: target.id, status: target.status }] };
    }
  }
  const reach = evaluate(cp, dir, actor, act, subject, true);
  if (!reach.allowed) return { allowed: false, reasons: reach.reasons };
  const maxMode = RIGHTS[reach.rightRank]!;
  if (rightRank(mode) > reach.rightRank) {
    return { allowed: false, reasons: [...reach.reasons, { code: 'mode-exceeds', mode, max: maxMode }], maxMode };
  }
  return { allowed: true, reasons: reach.reasons, maxMode };
}

/**
 * Start an impersonation: the new session when allowed. Its rights are then the actor's, the
 * subject's and the mode's in common (I2), as `decide` computes for any session with a subject.
 */
export function startImpersonation(
  cp: CompiledPolicy,
  dir: Directory,
  session: Session,
  subject: Subject,
  mode: Right,
  now: number,
): { decision: ImpersonationDecision; session?: Session } {
  const decision = canImpersonate(cp, dir, session, subject, mode);
  if (!decision.allowed) return { decision };
  return { decision, session: { actor: session.actor, subject, mode, since: now } };
}

/** The session that `sign out as` returns to: the actor's own, never one of the subject's. */
export function stopImpersonation(session: Session): Session {
  return { actor: session.actor };
}
