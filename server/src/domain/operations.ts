/**
 * Which of the policy's actions each server operation asks the core about. Policies name their
 * actions freely (`operator.block` in one preset, `user.disable` in another), so each operation
 * lists the action ids it answers to; the first that the partner's policy defines is used. An
 * operation whose policy defines none of them is denied (`unknown-action`). This is only the
 * routing from an HTTP operation to an action id: every rule stays in the core.
 */
import { decide, type CompiledPolicy, type Decision, type Directory, type Session, type Target, type UserRecord } from '@deputy/core';
import type { PartnerRuntime } from './partner.js';

export type UserOp = 'view' | 'create' | 'edit' | 'assignRole' | 'block' | 'disable' | 'enable' | 'unlock' | 'activate' | 'resetPassword' | 'impersonate' | 'delete';

/** The per-row actions of `UserView.actions`. */
export const ROW_OPS = ['edit', 'assignRole', 'block', 'disable', 'enable', 'unlock', 'activate', 'resetPassword', 'impersonate', 'delete'] as const;

type Kind = 'operator' | 'member';

const USER_ACTIONS: Record<Exclude<UserOp, 'assignRole' | 'impersonate'>, Record<Kind, string[]>> = {
  view: { operator: ['operator.view', 'users.view'], member: ['members.view'] },
  create: { operator: ['operator.create', 'users.create', 'users.invite', 'users.manage'], member: ['member.invite'] },
  edit: { operator: ['operator.edit', 'user.edit', 'users.manage'], member: ['member.edit'] },
  block: { operator: ['operator.block', 'user.block'], member: ['member.block'] },
  disable: { operator: ['user.disable', 'operator.disable'], member: ['member.disable'] },
  enable: { operator: ['user.enable', 'operator.enable', 'user.disable', 'operator.block'], member: ['member.enable', 'member.disable', 'member.block'] },
  unlock: { operator: ['user.unlock', 'operator.unlock'], member: ['member.unlock'] },
  activate: { operator: ['user.activate', 'operator.activate'], member: ['member.activate'] },
  resetPassword: { operator: ['operator.resetPassword', 'user.resetPassword'], member: ['member.resetPassword', 'account.resetPassword'] },
  delete: { operator: ['operator.delete', 'user.delete'], member: ['member.delete'] },
};

/** Operations on client accounts and on the partner as a whole. */
export const ACCOUNT_ACTIONS = {
  view: ['account.view', 'merchant.view', 'client.access', 'portal.view'],
  create: ['account.create', 'client.create'],
  rename: ['account.editLimited', 'account.edit', 'merchant.edit', 'client.edit'],
  markSecure: ['account.markSecure'],
  markSetupCompleted: ['account.markSetupCompleted'],
  designateTemplate: ['account.designateTemplate'],
  createFromTemplate: ['account.createFromTemplate'],
  assignments: ['assignments.manage'],
  activity: ['account.activity'],
  groups: ['groups.manage'],
  viewGroups: ['groups.manage', 'users.view', 'operator.view'],
  settings: ['settings.manage', 'account.settings'],
  roles: ['roles.manage', 'settings.manage'],
  audit: ['audit.view'],
  permissions: ['permissions.download'],
} satisfies Record<string, string[]>;

export type AccountOp = keyof typeof ACCOUNT_ACTIONS;

/** The first of `candidates` the policy defines. */
export function pickAction(cp: CompiledPolicy, candidates: readonly string[]): string | undefined {
  return candidates.find((id) => cp.actions.has(id));
}

/** The action id an operation on a user of this kind maps to in this policy. */
export function userAction(cp: CompiledPolicy, op: UserOp, kind: Kind): string | undefined {
  if (op === 'assignRole') return cp.policy.assignment[kind];
  if (op === 'impersonate') return kind === 'operator' ? cp.policy.impersonation.user : undefined;
  return pickAction(cp, USER_ACTIONS[op][kind]);
}

const unknown = (action: string): Decision => ({ allowed: false, reasons: [{ code: 'unknown-action', action }] });

/** The target an action needs, built for a user (existing or about to be created). */
function targetFor(cp: CompiledPolicy, action: string, user: UserRecord, exists: boolean): Target {
  const kind = cp.actions.get(action)?.def.target;
  if (kind === 'account') return user.account === undefined ? {} : { account: user.account };
  if (kind === 'user') return exists ? { user: user.id } : { candidate: user };
  return {};
}

/** Ask the core whether `session` may do `op` to `user` (a record from the Directory, or a candidate). */
export function decideUserOp(p: PartnerRuntime, session: Session, op: UserOp, user: UserRecord, exists = true): Decision {
  const action = userAction(p.cp, op, user.kind);
  if (!action) return unknown(`${user.kind}.${op}`);
  return decide(p.cp, p.dir, session, action, targetFor(p.cp, action, user, exists));
}

/** Ask the core about an account or partner operation (`account` omitted for partner-level ones). */
export function decideAccountOp(cp: CompiledPolicy, dir: Directory, session: Session, op: AccountOp, account?: string): Decision {
  const action = pickAction(cp, ACCOUNT_ACTIONS[op]);
  if (!action) return unknown(op);
  return decide(cp, dir, session, action, account === undefined ? {} : { account });
}
