import type { Policy } from '../policy.js';

const CLIENT_WORK = ['client.access', 'client.signIn', 'client.data', 'client.edit', 'client.settings'];

/** Seed 004: client accounts shared with groups at a right, capped by each user's role (K1–K4). */
export const clientSharing: Policy = {
  format: 'deputy-policy/1',
  id: 'client-sharing',
  name: 'Client Sharing',
  description: 'A user reaches a client only through a role that allows it and a group the client is shared with; the role caps the group right.',
  areas: { clients: 'Clients', users: 'Users and groups', account: 'Account' },
  actions: {
    'client.access': { area: 'clients', label: 'Access client section', target: 'account' },
    'client.signIn': { area: 'clients', label: 'Sign in to client', target: 'account' },
    'client.data': { area: 'clients', label: "Work with the client's data", target: 'account', right: 'admin' },
    'client.edit': { area: 'clients', label: 'Edit clients', target: 'account', right: 'admin' },
    'client.settings': { area: 'clients', label: 'Edit client settings (About this client)', target: 'account', right: 'admin+settings' },
    'client.create': { area: 'clients', label: 'Create clients', target: 'partner', right: 'admin' },
    'client.share': { area: 'clients', label: 'Share client with groups', target: 'account', right: 'admin+settings' },
    'users.view': { area: 'users', label: 'View users', target: 'partner' },
    'users.manage': { area: 'users', label: 'Add and edit users', target: 'partner', right: 'admin' },
    'user.assignRole': { area: 'users', label: 'Assign role', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'user.delete': { area: 'users', label: 'Delete user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'groups.manage': { area: 'users', label: 'Manage groups', target: 'partner', right: 'admin' },
    'roles.manage': { area: 'users', label: 'Manage custom roles', target: 'partner', right: 'admin+settings' },
    'account.settings': { area: 'account', label: 'Partner account settings', target: 'partner', right: 'admin+settings', sensitive: true },
  },
  roles: {
    admin: {
      label: 'Admin',
      description: 'Everything, on every client: access to all information of the account.',
      holder: 'operator',
      above: ['editor'],
      grants: [{ actions: ['*'], scope: 'all' }],
    },
    editor: {
      label: 'Editor',
      description: 'Reaches the clients shared with one of their groups, at the right the group was given.',
      holder: 'operator',
      above: ['viewOnly'],
      grants: [{ actions: CLIENT_WORK, scope: 'shared' }],
    },
    viewOnly: {
      label: 'View-only',
      description: 'Previews the clients shared with their groups as the client sees them; never more than view-only.',
      holder: 'operator',
      cap: 'view',
      grants: [{ actions: ['client.access', 'client.signIn'], scope: 'shared' }],
    },
  },
  combine: 'most-permissive',
  firstUserRole: { operator: 'admin' },
  secureAccounts: false,
  impersonation: { account: 'client.signIn' },
  sharing: 'client.share',
  assignment: { operator: 'user.assignRole' },
  customRoles: { kind: 'permissions', scope: 'shared' },
  signIn: { secondFactor: [] },
  settings: {},
};
