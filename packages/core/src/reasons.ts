import type { AccountFlag, Condition, Right, Scope, TargetKind } from './policy.js';

export type Subject = { user: string } | { account: string };

/** What produced a decision. An allow names the grant that exists; a deny says what is missing. */
export type Reason = (
  | { code: 'granted'; role: string; scope: Scope; right: Right; group?: string; groupRight?: Right; cap?: Right }
  | { code: 'condition'; role: string; condition: Condition; holds: boolean }
  | { code: 'impersonating'; actor: string; subject: Subject; mode: Right }
  | { code: 'mode'; mode: Right; need: Right }
  | { code: 'mode-exceeds'; mode: Right; max: Right }
  | { code: 'no-grant'; action: string }
  | { code: 'out-of-scope'; role: string; scope: Scope }
  | { code: 'right-too-low'; role: string; have: Right; need: Right; group?: string; groupRight?: Right; cap?: Right }
  | { code: 'secure-required'; role: string; flag: AccountFlag }
  | { code: 'inactive'; user: string; status: string }
  | { code: 'unknown-action'; action: string }
  | { code: 'not-found'; what: TargetKind | 'session' }
  | { code: 'self' }
  | { code: 'outranked'; role: string }
  | { code: 'role-above-own'; role: string }
  | { code: 'same-email' }
  | { code: 'sensitive'; action: string }
  | { code: 'nested' }
  | { code: 'outside-subject'; subject: Subject }
  | { code: 'cannot-sign-in'; user: string }
  | { code: 'no-impersonation'; kind: 'user' | 'account' }
  | { code: 'exceeds-own'; role: string; action: string }
  | { code: 'wrong-holder'; role: string; holder: 'operator' | 'member' }
  | { code: 'single-role' }
  | { code: 'unknown-role'; role: string }
) & {
  /** while impersonating: whose rights the reason is about */
  as?: 'actor' | 'subject';
};

export interface Decision {
  allowed: boolean;
  reasons: Reason[];
}

/** A label lookup for roles and actions; pass the policy's own for readable names. */
export interface Labels {
  role(id: string): string;
  action(id: string): string;
}

const RIGHT_TEXT: Record<Right, string> = {
  view: 'view-only',
  admin: 'admin',
  'admin+settings': 'admin with settings',
};

function subjectText(subject: Subject): string {
  return 'user' in subject ? `user ${subject.user}` : `client account ${subject.account}`;
}

const FLAG_TEXT: Record<AccountFlag, string> = { secure: 'marked secure', setupCompleted: 'marked setup completed', template: 'a template' };

function conditionText(condition: Condition): string {
  if ('account' in condition) return `the account is ${condition.is ? '' : 'not '}${FLAG_TEXT[condition.account]}`;
  if ('includesRole' in condition) return `the "${condition.setting}" setting includes the role`;
  if ('setting' in condition) return `the "${condition.setting}" setting is ${condition.is ? 'on' : 'off'}`;
  if ('lead' in condition) {
    return condition.lead === 'source' ? `the lead comes from ${condition.in.join(' or ')}` : 'the lead is assigned to the user';
  }
  return "the content's audience includes one of the user's roles";
}

/** One sentence for a reason: the single place these strings live (translate here). */
export function describeReason(reason: Reason, labels: Labels): string {
  const prefix = reason.as === 'actor' ? 'Actor: ' : reason.as === 'subject' ? 'Subject: ' : '';
  return prefix + describe(reason, labels);
}

function describe(r: Reason, l: Labels): string {
  switch (r.code) {
    case 'granted': {
      const via = r.group ? ` through group ${r.group} (${RIGHT_TEXT[r.groupRight ?? r.right]})` : '';
      const capped = r.cap && r.groupRight && r.cap !== r.groupRight && r.cap === r.right ? `, capped by the role at ${RIGHT_TEXT[r.cap]}` : '';
      return `Role ${l.role(r.role)} grants it on ${r.scope} scope${via}${capped}.`;
    }
    case 'condition':
      return `${r.holds ? 'Holds' : 'Fails'} for role ${l.role(r.role)}: ${conditionText(r.condition)}.`;
    case 'impersonating':
      return `Acting as ${subjectText(r.subject)} in ${RIGHT_TEXT[r.mode]} mode; rights are the actor's, the subject's and the mode's in common.`;
    case 'mode':
      return `The session is in ${RIGHT_TEXT[r.mode]} mode; this needs ${RIGHT_TEXT[r.need]}.`;
    case 'mode-exceeds':
      return `Requested ${RIGHT_TEXT[r.mode]}, but the most this user reaches here is ${RIGHT_TEXT[r.max]}.`;
    case 'no-grant':
      return `No role of the user grants ${l.action(r.action)}.`;
    case 'out-of-scope':
      return `Role ${l.role(r.role)} grants it only on ${r.scope} scope, which does not include this target.`;
    case 'right-too-low': {
      const via = r.group ? ` (group ${r.group} has ${RIGHT_TEXT[r.groupRight ?? r.have]}, role cap ${RIGHT_TEXT[r.cap ?? r.have]})` : '';
      return `Role ${l.role(r.role)} reaches ${RIGHT_TEXT[r.have]} here${via}; this needs ${RIGHT_TEXT[r.need]}.`;
    }
    case 'secure-required':
      return `The account is marked ${r.flag}; role ${l.role(r.role)} is not a Secure role.`;
    case 'inactive':
      return `User ${r.user} is ${r.status}.`;
    case 'unknown-action':
      return `Unknown action ${r.action}.`;
    case 'not-found':
      return `No such ${r.what}.`;
    case 'self':
      return 'Nobody can do this to themselves.';
    case 'role-above-own':
      return `Role ${l.role(r.role)} ranks above every role the user holds, so the user cannot give it.`;
    case 'outranked':
      return `The target holds role ${l.role(r.role)}, which the user does not outrank.`;
    case 'same-email':
      return 'The target shares the user\'s email address.';
    case 'sensitive':
      return `${l.action(r.action)} acts on an identity and is refused while impersonating.`;
    case 'nested':
      return 'Already acting as someone: sign out as them first.';
    case 'outside-subject':
      return `Outside ${subjectText(r.subject)}, which this session acts as.`;
    case 'cannot-sign-in':
      return `User ${r.user} cannot sign in, so cannot be impersonated.`;
    case 'no-impersonation':
      return `This policy has no impersonation of a ${r.kind}.`;
    case 'exceeds-own':
      return `Role ${l.role(r.role)} includes ${l.action(r.action)}, which the user does not hold as broadly.`;
    case 'wrong-holder':
      return `Role ${l.role(r.role)} is for ${r.holder}s.`;
    case 'single-role':
      return 'This policy gives each user exactly one role.';
    case 'unknown-role':
      return `There is no role ${r.role}.`;
  }
}
