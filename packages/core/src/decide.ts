import type { CompiledAction, CompiledGrant, CompiledPolicy, CompiledRole } from './compile.js';
import type { Condition, Right } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';
import type { Decision, Reason, Subject } from './reasons.js';
import type { AccountRecord, ContentRecord, Directory, LeadRecord, UserRecord } from './state.js';

/** Who is signed in, whom they act as (if anyone), in which mode, since when. */
export interface Session {
  actor: string;
  subject?: Subject;
  mode?: Right;
  /** epoch milliseconds */
  since?: number;
}

/** What an action is done to: the ids its target kind needs. */
export interface Target {
  account?: string;
  user?: string;
  lead?: string;
  content?: string;
  /** a user not created yet (an invitation): stands for `user` when that is absent */
  candidate?: UserRecord;
}

interface Resolved {
  account: AccountRecord | undefined;
  user: UserRecord | undefined;
  lead: LeadRecord | undefined;
  content: ContentRecord | undefined;
}

/** An allow with the right it reached, for callers that need the best grant (impersonation modes). */
interface Reach extends Decision {
  rightRank: number;
}

const DENY_INACTIVE = (user: UserRecord): Decision => ({
  allowed: false,
  reasons: [{ code: 'inactive', user: user.id, status: user.status }],
});

function deny(reason: Reason): Decision {
  return { allowed: false, reasons: [reason] };
}

/**
 * May this session do this action to that target? Always a decision with its reasons, never a throw.
 *
 * @example
 * decide(policy, dir, { actor: 'u1' }, 'account.edit', { account: 'a1' })
 * // → { allowed: true, reasons: [{ code: 'granted', role: 'admin', scope: 'all', right: 'admin+settings' }] }
 */
export function decide(cp: CompiledPolicy, dir: Directory, session: Session, action: string, target: Target): Decision {
  const act = cp.actions.get(action);
  if (!act) return deny({ code: 'unknown-action', action });
  const actor = dir.users.get(session.actor);
  if (!actor) return deny({ code: 'not-found', what: 'session' });
  if (!session.subject) {
    const { allowed, reasons } = evaluate(cp, dir, actor, act, target, false);
    return { allowed, reasons };
  }
  return decideImpersonating(cp, dir, session, session.subject, actor, act, target);
}

function decideImpersonating(
  cp: CompiledPolicy,
  dir: Directory,
  session: Session,
  subject: Subject,
  actor: UserRecord,
  act: CompiledAction,
  target: Target,
): Decision {
  const mode = session.mode ?? 'view';
  const head: Reason = { code: 'impersonating', actor: actor.id, subject, mode };
  if (act.def.sensitive) return { allowed: false, reasons: [head, { code: 'sensitive', action: act.id }] };
  if (act.rightRank > rightRank(mode)) {
    return { allowed: false, reasons: [head, { code: 'mode', mode, need: act.def.right ?? 'view' }] };
  }
  const ofActor = evaluate(cp, dir, actor, act, target, false);
  let ofSubject: Decision;
  if ('user' in subject) {
    const user = dir.users.get(subject.user);
    ofSubject = user ? evaluate(cp, dir, user, act, target, false) : deny({ code: 'not-found', what: 'user' });
  } else {
    ofSubject = withinAccount(dir, subject.account, act, target)
      ? { allowed: true, reasons: [] }
      : deny({ code: 'outside-subject', subject });
  }
  const reasons: Reason[] = [head];
  for (const r of ofActor.reasons) reasons.push({ ...r, as: 'actor' });
  for (const r of ofSubject.reasons) reasons.push({ ...r, as: 'subject' });
  return { allowed: ofActor.allowed && ofSubject.allowed, reasons };
}

/** A session acting as a client account reaches that account and its members, nothing else. */
function withinAccount(dir: Directory, account: string, act: CompiledAction, target: Target): boolean {
  if (act.def.target === 'account') return target.account === account;
  if (act.def.target === 'user') return target.user !== undefined && dir.users.get(target.user)?.account === account;
  return false;
}

/**
 * The decision for one user acting as themselves. With `best`, keep looking past the first allow
 * for the grant that reaches the highest right (used for impersonation modes).
 */
export function evaluate(
  cp: CompiledPolicy,
  dir: Directory,
  user: UserRecord,
  act: CompiledAction,
  target: Target,
  best: boolean,
): Reach {
  if (user.status !== 'active') return { ...DENY_INACTIVE(user), rightRank: -1 };
  const found = resolve(dir, act, target);
  if (!found) return { ...deny({ code: 'not-found', what: act.def.target }), rightRank: -1 };
  if (found.user) {
    if (!holdsAction(cp, user, act.id)) return { ...deny({ code: 'no-grant', action: act.id }), rightRank: -1 };
    const refusal = checkUserTarget(cp, user, found.user, act);
    if (refusal) return { allowed: false, reasons: [refusal], rightRank: -1 };
  }
  let allow: Reach | undefined;
  const misses: Reason[] = [];
  for (const roleId of user.roles) {
    const role = cp.roles.get(roleId);
    const grants = role?.byAction.get(act.id);
    if (!role || !grants) continue;
    if (found.account?.secure && cp.policy.secureAccounts && !role.secure) {
      misses.push({ code: 'secure-required', role: roleId, flag: 'secure' });
      continue;
    }
    for (const grant of grants) {
      const outcome = tryGrant(cp, dir, user, role, grant, act, found, misses);
      if (outcome && (!allow || outcome.rightRank > allow.rightRank)) allow = outcome;
      if (allow && !best) return allow;
    }
  }
  if (allow) return allow;
  if (misses.length === 0) misses.push({ code: 'no-grant', action: act.id });
  return { allowed: false, reasons: misses, rightRank: -1 };
}

function resolve(dir: Directory, act: CompiledAction, target: Target): Resolved | undefined {
  const r: Resolved = { account: undefined, user: undefined, lead: undefined, content: undefined };
  switch (act.def.target) {
    case 'account':
      r.account = target.account === undefined ? undefined : dir.accounts.get(target.account);
      return r.account && r;
    case 'user':
      r.user = target.user === undefined ? target.candidate : dir.users.get(target.user);
      if (!r.user) return undefined;
      if (r.user.account !== undefined) r.account = dir.accounts.get(r.user.account);
      return r;
    case 'lead':
      r.lead = target.lead === undefined ? undefined : dir.leads.get(target.lead);
      return r.lead && r;
    case 'content':
      r.content = target.content === undefined ? undefined : dir.contents.get(target.content);
      return r.content && r;
    case 'partner':
      return r;
  }
}

/** Whether any role of the user grants the action at all, whatever the scope and conditions. */
function holdsAction(cp: CompiledPolicy, user: UserRecord, action: string): boolean {
  return user.roles.some((id) => cp.roles.get(id)?.byAction.has(action) === true);
}

function checkUserTarget(cp: CompiledPolicy, user: UserRecord, target: UserRecord, act: CompiledAction): Reason | undefined {
  const def = act.def;
  if (def.notSelf && target.id === user.id) return { code: 'self' };
  if (def.notSameEmail && target.id !== user.id && target.email.toLowerCase() === user.email.toLowerCase()) {
    return { code: 'same-email' };
  }
  if (def.rank && target.id !== user.id) {
    for (const targetRole of target.roles) {
      if (!outranks(cp, user.roles, targetRole, def.rank === 'atOrBelow')) return { code: 'outranked', role: targetRole };
    }
  }
  return undefined;
}

/** Whether one of `roles` outranks `target` (or, with `orEqual`, is it). */
export function outranks(cp: CompiledPolicy, roles: readonly string[], target: string, orEqual: boolean): boolean {
  for (const id of roles) {
    if (orEqual && id === target) return true;
    if (cp.roles.get(id)?.outranks.has(target)) return true;
  }
  return false;
}

function tryGrant(
  cp: CompiledPolicy,
  dir: Directory,
  user: UserRecord,
  role: CompiledRole,
  grant: CompiledGrant,
  act: CompiledAction,
  found: Resolved,
  misses: Reason[],
): Reach | undefined {
  let reached = role.capRank;
  let group: string | undefined;
  let groupRight: Right | undefined;
  switch (grant.scope) {
    case 'all':
      break;
    case 'self':
      if (found.user?.id !== user.id) reached = -1;
      break;
    case 'own':
      if (act.def.target !== 'partner' && (user.kind !== 'member' || !found.account || found.account.id !== user.account)) reached = -1;
      break;
    case 'assigned':
      if (act.def.target !== 'partner' && (!found.account || !dir.assignedTo.get(user.id)?.has(found.account.id))) reached = -1;
      break;
    case 'shared': {
      if (act.def.target === 'partner') break;
      const shared = found.account && bestShare(dir, user.id, found.account.id);
      if (!shared) reached = -1;
      else {
        group = shared.group;
        groupRight = shared.right;
        reached = Math.min(rightRank(shared.right), role.capRank);
      }
      break;
    }
  }
  if (reached < 0) {
    misses.push({ code: 'out-of-scope', role: role.id, scope: grant.scope });
    return undefined;
  }
  const right = RIGHTS[reached]!;
  if (reached < act.rightRank) {
    const miss: Reason = { code: 'right-too-low', role: role.id, have: right, need: act.def.right ?? 'view', cap: role.cap };
    if (group) Object.assign(miss, { group, groupRight });
    misses.push(miss);
    return undefined;
  }
  const granted: Reason = { code: 'granted', role: role.id, scope: grant.scope, right };
  if (group) Object.assign(granted, { group, groupRight, cap: role.cap });
  const reasons: Reason[] = [granted];
  if (grant.when) {
    for (const condition of grant.when) {
      const holds = conditionHolds(cp, dir, user, role.id, condition, found);
      if (!holds) {
        misses.push({ code: 'condition', role: role.id, condition, holds: false });
        return undefined;
      }
      reasons.push({ code: 'condition', role: role.id, condition, holds: true });
    }
  }
  return { allowed: true, reasons, rightRank: reached };
}

function bestShare(dir: Directory, user: string, account: string): { group: string; right: Right } | undefined {
  const shares = dir.sharesOf.get(account);
  const groups = dir.groupsOf.get(user);
  if (!shares || !groups) return undefined;
  let found: { group: string; right: Right } | undefined;
  for (const [group, right] of shares) {
    if (groups.has(group) && (!found || rightRank(right) > rightRank(found.right))) found = { group, right };
  }
  return found;
}

function setting(cp: CompiledPolicy, dir: Directory, key: string): boolean | string[] {
  return dir.settings.get(key) ?? cp.policy.settings[key]?.default ?? false;
}

function conditionHolds(
  cp: CompiledPolicy,
  dir: Directory,
  user: UserRecord,
  role: string,
  c: Condition,
  found: Resolved,
): boolean {
  if ('account' in c) return (found.account?.[c.account] ?? false) === c.is;
  if ('includesRole' in c) {
    const value = setting(cp, dir, c.setting);
    const base = role.endsWith('.secure') ? role.slice(0, -7) : role;
    return Array.isArray(value) && (value.includes(role) || value.includes(base));
  }
  if ('setting' in c) return setting(cp, dir, c.setting) === c.is;
  if ('lead' in c) {
    if (!found.lead) return false;
    return c.lead === 'source' ? c.in.includes(found.lead.source) : found.lead.assignedTo === user.id;
  }
  const audience = found.content?.audience;
  return !audience || audience.length === 0 || user.roles.some((r) => audience.includes(r));
}
