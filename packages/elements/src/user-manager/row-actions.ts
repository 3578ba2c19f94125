import type { UserAction, UserStatus, UserView } from '@deputy/client';

/**
 * The row actions in display order. Which of a toggle pair appears follows the user's status
 * (enable a disabled user, unlock a locked one); whether it may be used is the server's decision.
 */
const ORDER: readonly UserAction[] = ['edit', 'assignRole', 'block', 'disable', 'enable', 'unlock', 'activate', 'resetPassword', 'impersonate', 'delete'];

const APPLIES: Partial<Record<UserAction, (status: UserStatus) => boolean>> = {
  block: (s) => s !== 'blocked' && s !== 'disabled',
  disable: (s) => s !== 'disabled',
  enable: (s) => s === 'disabled' || s === 'blocked',
  unlock: (s) => s === 'locked',
  activate: (s) => s === 'expired',
};

/** The actions to show on a user's row: those the policy has (the server sends only those) that apply to the status. */
export function rowActions(user: UserView): UserAction[] {
  return ORDER.filter((action) => user.actions[action] !== undefined && (APPLIES[action]?.(user.status) ?? true));
}
