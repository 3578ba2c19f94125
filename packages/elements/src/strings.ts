import type { Right, UserAction, UserStatus } from '@deputy/client';

/**
 * Every user-facing string of the elements, in one place. Reasons for denied actions come from
 * the server (the core's `describeReason`) and are translated there.
 *
 * @example
 * import { setStrings } from '@deputy/elements';
 * setStrings({ search: 'Suchen', add: 'Hinzufügen' });
 */
export const strings = {
  loading: 'Loading…',
  retry: 'Try again',
  close: 'Close',
  cancel: 'Cancel',
  save: 'Save',
  errorTitle: 'Something went wrong',
  search: 'Search',
  searchPlaceholder: 'Name, username or email',
  statusFilter: 'Status',
  anyStatus: 'Any status',
  showDisabled: 'Show disabled',
  operators: 'Operators',
  members: 'Members',
  usersCount: (n: number) => `${n} ${n === 1 ? 'user' : 'users'}`,
  noUsers: 'No users match.',
  userActions: (name: string) => `Actions for ${name}`,
  add: 'Add user',
  addTitle: 'Add or invite a user',
  firstName: 'First name',
  lastName: 'Last name',
  username: 'Username',
  usernameHint: 'Leave empty to derive it from the names.',
  email: 'Email',
  create: 'Add',
  editTitle: (name: string) => `Edit ${name}`,
  rolesTitle: (name: string) => `Roles of ${name}`,
  deleteTitle: 'Delete user',
  deleteConfirm: (name: string) => `Delete ${name} completely? This cannot be undone.`,
  deleteButton: (name: string) => `Delete ${name}`,
  status: {
    active: 'Active',
    invited: 'Invited',
    locked: 'Locked',
    expired: 'Expired',
    blocked: 'Blocked',
    disabled: 'Disabled',
  } satisfies Record<UserStatus, string>,
  action: {
    edit: 'Edit',
    assignRole: 'Change role',
    block: 'Block',
    disable: 'Disable',
    enable: 'Enable',
    unlock: 'Unlock',
    activate: 'Activate',
    resetPassword: 'Reset password',
    impersonate: 'Log in as',
    delete: 'Delete',
  } satisfies Record<UserAction, string>,
  roles: 'Roles',
  role: 'Role',
  level: 'Level',
  previewTitle: 'What changes',
  previewNothing: 'No rights change.',
  gains: 'Gains',
  loses: 'Loses',
  scope: (scope: string) => `on ${scope} scope`,
  saved: 'Saved.',
  rights: {
    view: 'View-only',
    admin: 'Admin',
    'admin+settings': 'Admin with settings',
  } satisfies Record<Right, string>,
  sharedWith: 'Shared with',
  noShares: 'Not shared with any group.',
  group: 'Group',
  right: 'Right',
  rightOf: (group: string) => `Right of ${group}`,
  removeShare: (group: string) => `Remove the share of ${group}`,
  remove: 'Remove',
  addShare: 'Share',
  addShareTitle: 'Share with a group',
  chooseGroup: 'Choose a group',
  unavailableRights: 'Rights you cannot give',
  effectiveRights: 'Who reaches this account',
  noAccess: 'No access',
  signInAs: 'Sign in as',
  signInAt: (right: string) => `Sign in as ${right}`,
  bannerLabel: 'Acting on behalf of someone',
  bannerText: (actor: string, subject: string, mode: string) => `${actor} is acting as ${subject} (${mode})`,
  bannerSince: (since: string) => `since ${since}`,
  signOutAs: (subject: string) => `Sign out as ${subject}`,
  userMode: 'as the user',
};

/** The strings type, for translations. */
export type Strings = typeof strings;

/** Replaces some strings (for a translation); the elements read them at render time. */
export function setStrings(overrides: Partial<Strings>): void {
  Object.assign(strings, overrides);
}
