import type { HeldRight, Reason, Right, UserStatus } from '@deputy/core';

export type { HeldRight, Right, UserStatus };

/** A core reason as the server sends it: the reason plus its sentence (`describeReason`). */
export type WireReason = Reason & { text: string };

/** A decision of the core, with readable reasons. */
export interface WireDecision {
  allowed: boolean;
  reasons: WireReason[];
}

export type UserKind = 'operator' | 'member';

/** The row actions the server decides for each listed user. */
export type UserAction =
  | 'edit'
  | 'assignRole'
  | 'block'
  | 'disable'
  | 'enable'
  | 'unlock'
  | 'activate'
  | 'resetPassword'
  | 'impersonate'
  | 'delete';

/** The lifecycle actions that are a plain POST on `/api/users/:id/<path>`. */
export type LifecycleAction = 'block' | 'disable' | 'enable' | 'unlock' | 'activate' | 'resetPassword';

export interface UserView {
  id: string;
  kind: UserKind;
  account?: string;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  roles: string[];
  status: UserStatus;
  lastSignInAt?: number;
  /** the viewer's decision for each row action the partner's policy has, from the core (the others are absent) */
  actions: Partial<Record<UserAction, WireDecision>>;
}

export interface AccountView {
  id: string;
  name: string;
  secure: boolean;
  setupCompleted: boolean;
  template: boolean;
}

export interface PolicyRoleView {
  id: string;
  label: string;
  description: string;
  holder: UserKind;
  signIn: boolean;
}

export interface PolicyActionView {
  id: string;
  area: string;
  label: string;
  target: string;
  right: Right;
}

export type SubjectView = { user: UserView } | { account: AccountView };

/** GET /api/session: who is signed in, whom they act as, and the partner's policy in brief. */
export interface SessionView {
  partner: { id: string; name: string; preset: string };
  actor: UserView;
  subject?: SubjectView;
  mode?: Right;
  /** epoch milliseconds */
  since?: number;
  csrf?: string;
  policy: {
    combine: 'most-permissive' | 'single';
    roles: PolicyRoleView[];
    actions: PolicyActionView[];
    areas: Record<string, string>;
  };
}

/** One role the viewer could give, with the core's decision. */
export interface RoleOption extends WireDecision {
  role: string;
  label: string;
  description: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A page of users, with the viewer's decision on adding one of the listed kind (and account). */
export interface UserPage extends Page<UserView> {
  create: WireDecision;
}

export interface UserQuery {
  kind?: UserKind;
  account?: string;
  q?: string;
  status?: UserStatus;
  showDisabled?: boolean;
  offset?: number;
  limit?: number;
}

export interface NewUser {
  kind: UserKind;
  account?: string;
  firstName: string;
  lastName: string;
  username?: string;
  email: string;
  roles?: string[];
}

export interface GroupView {
  id: string;
  name: string;
  members: string[];
}

/** GET /api/accounts/:id/shares. */
export interface SharesView {
  shares: Array<{ group: { id: string; name: string }; right: Right }>;
  shareable: Array<WireDecision & { right: Right }>;
  users: Array<{ user: { id: string; firstName: string; lastName: string }; right?: Right; reasons: WireReason[] }>;
  signIn: Array<WireDecision & { mode: Right }>;
}

export interface RightEntry extends WireDecision {
  action: string;
  area: string;
  label: string;
}

export type SignInResult =
  | { status: 'second-factor'; attempt: string; channel: 'email' | 'sms' | 'totp' }
  | { status: 'signed-in' };

/** The answer of an impersonation switch: the new context, and for embed tokens the token that replaces the old one. */
export interface SwitchedSession extends SessionView {
  token?: string;
  expiresAt?: number;
}

export type ImpersonationTarget = { user: string } | { account: string; mode: Right };

export interface Check {
  action: string;
  target: { account?: string; user?: string; lead?: string; content?: string };
  user?: string;
}
