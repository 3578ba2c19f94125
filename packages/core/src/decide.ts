import type { CompiledAction, CompiledPolicy, CompiledRole, EvalGrant, RoleGrants } from './compile.js';
import type { Condition } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';
import type { Decision, Reason, Subject } from './reasons.js';
import type { ContentRecord, Directory, LeadRecord, UserEntry, UserRecord } from './state.js';
import { ACCOUNT_EXISTS, ACCOUNT_MORE_ASSIGNED, ACCOUNT_MORE_SHARES, ACCOUNT_SECURE } from './state.js';
import { actorOf, type Session } from './session.js';

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
  /** the account's number in the Directory (-1: none) */
  accountNum: number;
  user: UserRecord | undefined;
  lead: LeadRecord | undefined;
  content: ContentRecord | undefined;
}

/** A user the Directory holds a record of. */
type KnownUser = UserEntry & { record: UserRecord };

function known(entry: UserEntry | undefined): entry is KnownUser {
  return entry?.record !== undefined;
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
  const actor = actorOf(dir, session);
  if (!known(actor)) return deny({ code: 'not-found', what: 'session' });
  if (!session.subject) return judge(cp, dir, actor, act, target, false);
  return decideImpersonating(cp, dir, session, session.subject, actor, act, target);
}

function decideImpersonating(
  cp: CompiledPolicy,
  dir: Directory,
  session: Session,
  subject: Subject,
  actor: KnownUser,
  act: CompiledAction,
  target: Target,
): Decision {
  const mode = session.mode ?? 'view';
  const head: Reason = { code: 'impersonating', actor: actor.record.id, subject, mode };
  if (act.def.sensitive) return { allowed: false, reasons: [head, { code: 'sensitive', action: act.id }] };
  if (act.rightRank > rightRank(mode)) {
    return { allowed: false, reasons: [head, { code: 'mode', mode, need: act.def.right ?? 'view' }] };
  }
  const ofActor = judge(cp, dir, actor, act, target, false);
  let ofSubject: Decision;
  if ('user' in subject) {
    const user = dir.userEntries.get(subject.user);
    ofSubject = known(user) ? judge(cp, dir, user, act, target, false) : deny({ code: 'not-found', what: 'user' });
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
  if (act.target === 'account') return target.account === account;
  if (act.target === 'user') return target.user !== undefined && dir.users.get(target.user)?.account === account;
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
  const entry = dir.userEntries.get(user.id);
  if (!known(entry)) return { ...deny({ code: 'not-found', what: 'user' }), rightRank: -1 };
  const d = judge(cp, dir, entry, act, target, best);
  return { allowed: d.allowed, reasons: d.reasons, rightRank: d.allowed ? reachedRank(d) : -1 };
}

/** The right an allow reached: its first reason is always the grant. */
function reachedRank(allow: Decision): number {
  const granted = allow.reasons[0]!;
  return granted.code === 'granted' ? rightRank(granted.right) : -1;
}

/**
 * `evaluate` without the reached right: the hot path of `decide`. Answers that do not depend on
 * the state (no grant, out of scope, a plain allow…) are built once by `compilePolicy` and shared.
 */
function judge(cp: CompiledPolicy, dir: Directory, who: KnownUser, act: CompiledAction, target: Target, best: boolean): Decision {
  if (!who.active) return DENY_INACTIVE(who.record);
  const user = who.record;
  // no role of the user grants the action: no need to find the target (nor to tell whether it exists)
  const roles = heldGrants(cp, who, act);
  if (roles.length === 0) return act.noGrant;
  const found = resolve(dir, act, target);
  if (!found) return act.notFound;
  if (found.user) {
    const refusal = checkUserTarget(cp, user, found.user, act);
    if (refusal) return deny(refusal);
  }
  const secureAccount = found.accountNum >= 0 && (dir.accounts.flags[found.accountNum]! & ACCOUNT_SECURE) !== 0 && cp.secureAccounts;
  let allow: Decision | undefined;
  let allowRank = -1;
  // the first miss as a one-reason deny (often a shared one); a list only once there are more
  let miss: Decision | undefined;
  let misses: Reason[] | undefined;
  for (const held of roles) {
    if (secureAccount && !held.role.secure) {
      if (!miss) miss = held.role.secureRequired;
      else (misses ??= [miss.reasons[0]!]).push(held.role.secureRequired.reasons[0]!);
      continue;
    }
    for (const grant of held.grants) {
      const outcome = tryGrant(cp, dir, who, held.role, grant, act, found);
      if (!outcome.allowed) {
        if (!miss) miss = outcome;
        else (misses ??= [miss.reasons[0]!]).push(outcome.reasons[0]!);
        continue;
      }
      if (!best) return outcome;
      const rank = reachedRank(outcome);
      if (rank > allowRank) {
        allow = outcome;
        allowRank = rank;
      }
    }
  }
  if (allow) return allow;
  if (misses) return { allowed: false, reasons: misses };
  return miss ?? act.noGrant;
}

function resolve(dir: Directory, act: CompiledAction, target: Target): Resolved | undefined {
  const r: Resolved = { accountNum: -1, user: undefined, lead: undefined, content: undefined };
  switch (act.target) {
    case 'account':
      if (target.account !== undefined) withAccount(r, dir, target.account);
      return r.accountNum < 0 ? undefined : r;
    case 'user':
      r.user = target.user === undefined ? target.candidate : dir.users.get(target.user);
      if (!r.user) return undefined;
      if (r.user.account !== undefined) withAccount(r, dir, r.user.account);
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

function withAccount(r: Resolved, dir: Directory, id: string): void {
  const num = dir.accounts.num.get(id);
  if (num !== undefined && (dir.accounts.flags[num]! & ACCOUNT_EXISTS) !== 0) r.accountNum = num;
}

/**
 * The user's roles that grant the action, with their grants, in the order the user holds them;
 * worked out once per role set, policy and action (see `RoleSet`).
 */
function heldGrants(cp: CompiledPolicy, who: KnownUser, act: CompiledAction): readonly RoleGrants[] {
  const set = who.roleSet;
  if (set.grantsFor !== cp) {
    set.grantsFor = cp;
    set.grants = [];
  }
  let held = set.grants[act.index];
  if (!held) {
    const found: RoleGrants[] = [];
    for (const role of set.roles) {
      const grants = act.byRole.get(role);
      if (grants) found.push(grants);
    }
    set.grants[act.index] = held = found;
  }
  return held;
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

/** The allow this grant gives, or the deny (with its one reason) when it does not apply. */
function tryGrant(
  cp: CompiledPolicy,
  dir: Directory,
  who: KnownUser,
  role: CompiledRole,
  grant: EvalGrant,
  act: CompiledAction,
  found: Resolved,
): Decision {
  const user = who.record;
  let inScope = true;
  let viaGroup: Decision | undefined;
  switch (grant.scope) {
    case 'all':
      break;
    case 'self':
      inScope = found.user?.id === user.id;
      break;
    case 'own':
      inScope = act.target === 'partner' || (user.kind === 'member' && found.accountNum >= 0 && dir.accounts.record[found.accountNum]!.id === user.account);
      break;
    case 'assigned':
      inScope = act.target === 'partner' || (found.accountNum >= 0 && isAssigned(dir, found.accountNum, who.num));
      break;
    case 'shared': {
      if (act.target === 'partner') break;
      const share = found.accountNum >= 0 ? bestShare(dir, found.accountNum, who.groups) : -1;
      inScope = share >= 0;
      if (inScope) viaGroup = throughGroup(role, grant, act, dir.groupIds[share >> 2]!, share & 3);
      break;
    }
  }
  if (!inScope) return grant.outOfScope;
  if (viaGroup && !viaGroup.allowed) return viaGroup;
  if (!viaGroup && role.capRank < act.rightRank) return grant.tooLow;
  if (!grant.when) return viaGroup ?? grant.allow!;
  const reasons: Reason[] = [viaGroup ? viaGroup.reasons[0]! : grant.granted];
  for (const condition of grant.when) {
    if (!conditionHolds(cp, dir, user, role.id, condition, found)) return deny({ code: 'condition', role: role.id, condition, holds: false });
    reasons.push({ code: 'condition', role: role.id, condition, holds: true });
  }
  return { allowed: true, reasons };
}

const VIA_GROUP_LIMIT = 4_096;

/** What a shared grant gives through a group at a right: the right capped by the role (K4), enough or not. */
function throughGroup(role: CompiledRole, grant: EvalGrant, act: CompiledAction, group: string, groupRank: number): Decision {
  let byRight = grant.viaGroup.get(group);
  if (!byRight) {
    // a memo, not state: keep it small whatever number of groups passes through a long-lived policy
    if (grant.viaGroup.size >= VIA_GROUP_LIMIT) grant.viaGroup.clear();
    grant.viaGroup.set(group, (byRight = []));
  }
  let d = byRight[groupRank];
  if (!d) {
    const groupRight = RIGHTS[groupRank]!;
    const right = RIGHTS[Math.min(groupRank, role.capRank)]!;
    const reason: Reason =
      rightRank(right) < act.rightRank
        ? { code: 'right-too-low', role: role.id, have: right, need: act.def.right ?? 'view', cap: role.cap, group, groupRight }
        : { code: 'granted', role: role.id, scope: grant.scope, right, group, groupRight, cap: role.cap };
    d = byRight[groupRank] = Object.freeze({ allowed: reason.code === 'granted', reasons: Object.freeze([Object.freeze(reason)]) as Reason[] });
  }
  return d;
}

/**
 * Of an account's shares, the one that reaches a member of `groups` at the best right; on a tie,
 * the one the account was shared with first. -1 when none does.
 */
function bestShare(dir: Directory, account: number, groups: readonly number[]): number {
  const a = dir.accounts;
  let best = better(-1, a.share0[account]!, groups);
  const share1 = a.share1[account]!;
  if (share1 < 0) return best;
  best = better(best, share1, groups);
  if ((a.flags[account]! & ACCOUNT_MORE_SHARES) === 0) return best;
  for (const share of a.moreShares.get(account)!) best = better(best, share, groups);
  return best;
}

/** Whether a user (by number) is assigned to an account (by number). */
function isAssigned(dir: Directory, account: number, user: number): boolean {
  const a = dir.accounts;
  if (a.assigned0[account] === user) return true;
  return (a.flags[account]! & ACCOUNT_MORE_ASSIGNED) !== 0 && a.moreAssigned.get(account)!.includes(user);
}

/** `share` when it reaches `groups` at a higher right than `best`, else `best`. */
function better(best: number, share: number, groups: readonly number[]): number {
  if (share < 0 || (best >= 0 && (share & 3) <= (best & 3))) return best;
  const group = share >> 2;
  for (let i = 0; i < groups.length; i++) if (groups[i] === group) return share;
  return best;
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
  if ('account' in c) return (found.accountNum >= 0 && dir.accounts.record[found.accountNum]![c.account] === true) === c.is;
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
