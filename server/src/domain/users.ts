import { assignableRoles, type RoleOption, type Session, type UserRecord } from '@deputy/core';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors.js';
import type { Auth } from '../middleware/auth.js';
import type { UserRow } from '../store/types.js';
import { wireReasons, type WireReason } from './guard.js';
import { decideUserOp, userAction } from './operations.js';
import type { PartnerRuntime } from './partner.js';

/** Whether the session may see this user at all (list, read): themselves, or through the view action. */
export function canSee(p: PartnerRuntime, session: Session, id: string): boolean {
  const row = p.user(id);
  return row !== undefined && seer(p, session)(row);
}

/**
 * `canSee` for the many users of one listing. The core's answer depends on the session, the action
 * and its target only: where the policy's view action targets the partner or an account rather than
 * each user (as in most presets), the users that share a target share one decision, asked once
 * instead of once a user — counting 10,000 users then costs no 10,000 decisions. A partner-wide
 * answer is kept per kind of user, so most users of a listing cost no lookup at all.
 */
export function seer(p: PartnerRuntime, session: Session): (user: Listed) => boolean {
  const views: Partial<Record<Listed['kind'], KindView>> = {};
  const decided = (user: Listed) => {
    const record = p.record(user.id);
    return record !== undefined && decideUserOp(p, session, 'view', record).allowed;
  };
  return (user) => {
    if (user.id === session.actor) return true;
    const view = (views[user.kind] ??= kindView(p, user.kind));
    if (view.target === 'partner') return (view.all ??= decided(user));
    if (view.target !== 'account') return decided(user);
    const key = user.account ?? '';
    let allowed = view.byAccount.get(key);
    if (allowed === undefined) view.byAccount.set(key, (allowed = decided(user)));
    return allowed;
  };
}

/** What telling whether a user may be seen reads of them before it decides: a row or a record. */
type Listed = Pick<UserRecord, 'id' | 'kind' | 'account'>;

/** What deciding whether a user of one kind may be seen depends on, and the answers given so far. */
interface KindView {
  target: string | undefined;
  /** the one answer for every user of the kind, when the view action targets the partner */
  all?: boolean;
  byAccount: Map<string, boolean>;
}

function kindView(p: PartnerRuntime, kind: Listed['kind']): KindView {
  const action = userAction(p.cp, 'view', kind);
  return { target: action === undefined ? undefined : p.cp.actions.get(action)?.def.target, byAccount: new Map() };
}

/** The user with this id as the viewer may see them; 404 alike for missing and hidden ones. */
export function visibleUser(auth: Auth, id: string): { row: UserRow; record: UserRecord } {
  const row = auth.partner.user(id);
  if (!row || !canSee(auth.partner, auth.session, id)) throw new ApiError('not_found', 'No such user.');
  return { row, record: auth.partner.dir.users.get(id)! };
}

export type WireRoleOption = Omit<RoleOption, 'reasons'> & { reasons: WireReason[] };

export function wireOptions(p: PartnerRuntime, options: RoleOption[]): WireRoleOption[] {
  return options.map((o) => ({ ...o, reasons: wireReasons(p, o.reasons) }));
}

/**
 * Check a requested role set against the policy: known roles of the right holder, one role where
 * the policy combines none. Throws 400 otherwise.
 */
export function checkRoles(p: PartnerRuntime, kind: 'operator' | 'member', roles: string[]): void {
  for (const role of roles) {
    const def = p.cp.roles.get(role)?.def;
    if (!def) throw new ApiError('invalid', `Unknown role ${role}.`, 'roles');
    if (def.holder !== kind) throw new ApiError('invalid', `Role ${role} is for ${def.holder}s.`, 'roles');
  }
  if (new Set(roles).size !== roles.length) throw new ApiError('invalid', 'A role is listed twice.', 'roles');
  if (p.cp.policy.combine === 'single' && roles.length !== 1) throw new ApiError('invalid', 'This policy gives each user exactly one role.', 'roles');
}

/** The first option among `roles` that the session may not give this target, if any. */
export function refusedRole(p: PartnerRuntime, session: Session, target: { user: string } | { candidate: UserRecord }, roles: string[]): RoleOption | undefined {
  if (roles.length === 0) return undefined;
  const options = assignableRoles(p.cp, p.dir, session, target);
  for (const role of roles) {
    const option = options.find((o) => o.role === role);
    if (!option) return { role, label: role, description: '', allowed: false, reasons: [{ code: 'no-grant', action: 'assignRole' }] };
    if (!option.allowed) return option;
  }
  return undefined;
}

/** The core's role options for a target, with reason sentences (`/assignable-roles`). */
export function assignableFor(auth: Auth, target: { user: string } | { candidate: UserRecord }): WireRoleOption[] {
  return wireOptions(auth.partner, assignableRoles(auth.partner.cp, auth.partner.dir, auth.session, target));
}

/** A username from the names (S5): `first.last`, ASCII, made unique with a number. */
export function defaultUsername(p: PartnerRuntime, first: string, last: string): string {
  const base =
    `${first}.${last}`
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '')
      .replace(/^\.+|\.+$/g, '') || 'user';
  let name = base;
  for (let n = 2; usernameTaken(p, name); n++) name = `${base}${n}`;
  return name;
}

export function usernameTaken(p: PartnerRuntime, username: string): boolean {
  const wanted = username.toLowerCase();
  return Object.values(p.state.users).some((u) => u.username.toLowerCase() === wanted);
}

/** A random initial password (sent to the user, never answered over HTTP). */
export const initialPassword = (): string => randomBytes(12).toString('base64url');

/** Whether no user of this kind exists yet in the partner (operators) or the account (members): M3, U3. */
export function isFirstUser(p: PartnerRuntime, kind: 'operator' | 'member', account?: string): boolean {
  return !Object.values(p.state.users).some((u) => u.kind === kind && (kind === 'operator' || u.account === account));
}
