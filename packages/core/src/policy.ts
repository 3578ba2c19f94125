/**
 * The policy format: plain, JSON-compatible data that a partner can store, edit and load.
 * A preset is one such policy; `loadPolicy` (in `./policy-schema.ts`) validates one.
 */

/** The rights a client account can be shared at, and the modes a session can act in, lowest first. */
export const RIGHTS = ['view', 'admin', 'admin+settings'] as const;
export type Right = (typeof RIGHTS)[number];

/** Where a grant applies. */
export type Scope =
  /** every client account (and user) of the partner */
  | 'all'
  /** only accounts the user is assigned to as a consultant */
  | 'assigned'
  /** only accounts shared with one of the user's groups, at the group's right */
  | 'shared'
  /** only the member's own client account and its members */
  | 'own'
  /** only the user themselves (personal settings) */
  | 'self';

/** What an action is done to. */
export type TargetKind = 'partner' | 'account' | 'user' | 'lead' | 'content';

export type AccountFlag = 'secure' | 'setupCompleted' | 'template';

/** A condition a grant holds under; every condition of a grant must hold. */
export type Condition =
  | { account: AccountFlag; is: boolean }
  | { setting: string; is: boolean }
  /** the setting lists role ids; holds when it lists the role that carries the grant */
  | { setting: string; includesRole: true }
  | { lead: 'source'; in: string[] }
  | { lead: 'assignedToSelf' }
  /** content restricted to an audience of roles: holds when the user holds one of them, or there is none */
  | { content: 'audience' };

export interface ActionDef {
  area: string;
  label: string;
  target: TargetKind;
  /** the lowest right (on an account) or mode (while impersonating) the action needs; default `view` */
  right?: Right;
  /** acts on someone's identity (password, second factor, email, roles, deletion, audit): refused while impersonating */
  sensitive?: boolean;
  /** for user targets: the actor must outrank the target (`below`) or at least match it (`atOrBelow`) */
  rank?: 'below' | 'atOrBelow';
  /** for user targets: nobody does this to themselves */
  notSelf?: boolean;
  /** for user targets: refused when the target shares the actor's email address (M7) */
  notSameEmail?: boolean;
}

export interface Grant {
  actions: string[];
  scope: Scope;
  when?: Condition[];
}

export interface RoleDef {
  label: string;
  description: string;
  /** who may hold the role */
  holder: 'operator' | 'member';
  /** false for roles whose holders never sign in (U6); default true */
  signIn?: boolean;
  /** roles this one directly outranks (the relation is closed transitively; cycles are refused) */
  above?: string[];
  /** also generate `<id>.secure`: the same grants plus access to accounts marked `secure` (O6) */
  secureVariant?: boolean;
  /** the highest right the role reaches on any account, whatever a group is given (K4); default `admin+settings` */
  cap?: Right;
  /** a custom role made by the partner rather than a built-in one */
  custom?: boolean;
  grants: Grant[];
}

export interface SettingDef {
  label: string;
  default: boolean | string[];
}

export interface SignInRules {
  /** second factors the preset uses by default; `totp` is always offered beside them */
  secondFactor: Array<'email' | 'sms' | 'totp'>;
  /** failed sign-ins before the user is locked; absent: never */
  lockAfter?: number;
  /** minutes after which a lock lifts by itself */
  lockMinutes?: number;
  /** days without sign-in after which the user expires; absent: never */
  expireAfterDays?: number;
}

export interface Policy {
  format: 'deputy-policy/1';
  id: string;
  name: string;
  description: string;
  areas: Record<string, string>;
  actions: Record<string, ActionDef>;
  roles: Record<string, RoleDef>;
  /** several roles, the most permissive winning per permission (U2), or exactly one role/level (M2) */
  combine: 'most-permissive' | 'single';
  /** the role the first user of a partner (operator) or of a client account (member) receives (M3, U3) */
  firstUserRole: { operator?: string; member?: string };
  /** accounts flagged `secure` are reached only through secure role variants (O6) */
  secureAccounts: boolean;
  /** the actions that start an impersonation of a user or a client account */
  impersonation: { user?: string; account?: string };
  /** the action that shares a client account with a group at a right (K3) */
  sharing?: string;
  /** the action that assigns roles (or levels) to a user of each kind */
  assignment: { operator?: string; member?: string };
  /** custom roles: not offered, built from permissions (K1), or carrying no permissions (U7) */
  customRoles: { kind: 'none' | 'permissions' | 'groups-only'; scope?: Scope };
  signIn: SignInRules;
  settings: Record<string, SettingDef>;
}

/** A custom role as a partner defines it. */
export interface CustomRoleInput {
  id: string;
  label: string;
  description: string;
  permissions: string[];
  cap?: Right;
}

/** The index of a right in `RIGHTS`; higher is more. */
export function rightRank(right: Right): number {
  return right === 'view' ? 0 : right === 'admin' ? 1 : 2;
}

/** The lower of two rights. */
export function minRight(a: Right, b: Right): Right {
  return rightRank(a) <= rightRank(b) ? a : b;
}
