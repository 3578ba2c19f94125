import type { Session, UserStatus } from '@deputy/core';
import type { AccountRow, UserRow } from '../store/types.js';
import { wire, type WireDecision } from './guard.js';
import { decideUserOp, ROW_OPS, userAction } from './operations.js';
import type { PartnerRuntime } from './partner.js';

/** A user as the API shows one, with what the viewer may do to them. */
export interface UserView {
  id: string;
  kind: 'operator' | 'member';
  account?: string;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  roles: string[];
  status: UserStatus;
  lastSignInAt?: number;
  totp: boolean;
  /** the row operations the policy has, each with the viewer's decision (the others are left out) */
  actions: Partial<Record<(typeof ROW_OPS)[number], WireDecision>>;
}

export interface AccountView {
  id: string;
  name: string;
  secure: boolean;
  setupCompleted: boolean;
  template: boolean;
}

/** The user's view for `session`; without a session (own profile) the actions are left out. */
export function userView(p: PartnerRuntime, row: UserRow, session?: Session): UserView {
  p.user(row.id);
  const record = p.dir.users.get(row.id)!;
  const actions: UserView['actions'] = {};
  if (session) for (const op of ROW_OPS) if (userAction(p.cp, op, record.kind)) actions[op] = wire(p, decideUserOp(p, session, op, record));
  const view: UserView = {
    id: row.id,
    kind: row.kind,
    firstName: row.firstName,
    lastName: row.lastName,
    username: row.username,
    email: row.email,
    roles: [...row.roles],
    status: record.status,
    totp: row.totp?.confirmed === true,
    actions,
  };
  if (row.account !== undefined) view.account = row.account;
  if (row.lastSignInAt !== undefined) view.lastSignInAt = row.lastSignInAt;
  return view;
}

export function accountView(a: AccountRow): AccountView {
  return { id: a.id, name: a.name, secure: a.secure, setupCompleted: a.setupCompleted, template: a.template };
}
