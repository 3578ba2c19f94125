import type { Policy } from '../policy.js';

const PORTAL = ['portal.view', 'portal.tickets', 'portal.documents'];
const MY_ACCOUNT = ['myAccount.invoices', 'myAccount.statements', 'myAccount.contracts', 'myAccount.pay'];
const MANAGE_USERS = ['members.view', 'member.invite', 'member.edit', 'member.setLevel', 'member.delete'];

/** Seed 001: a client account's members at one of three levels, in the portal and the app alike (M1–M7). */
export const memberPortal: Policy = {
  format: 'deputy-policy/1',
  id: 'member-portal',
  name: 'Member Portal',
  description: "Each client account's members hold one level — Admin, Mid or Basic; operators set any member's level.",
  areas: { portal: 'Portal', myAccount: 'My Account', manageUsers: 'Manage Users' },
  actions: {
    'portal.view': { area: 'portal', label: 'Use the portal and app', target: 'account' },
    'portal.tickets': { area: 'portal', label: 'Raise and follow tickets', target: 'account', right: 'admin' },
    'portal.documents': { area: 'portal', label: 'View documents', target: 'account' },
    'myAccount.invoices': { area: 'myAccount', label: 'View and download invoices', target: 'account' },
    'myAccount.statements': { area: 'myAccount', label: 'See statements', target: 'account' },
    'myAccount.contracts': { area: 'myAccount', label: 'See contract details', target: 'account' },
    'myAccount.pay': { area: 'myAccount', label: 'Pay invoices', target: 'account', right: 'admin' },
    'members.view': { area: 'manageUsers', label: 'View users', target: 'account' },
    'member.invite': { area: 'manageUsers', label: 'Invite users', target: 'account', right: 'admin' },
    'member.edit': { area: 'manageUsers', label: 'Edit user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, notSameEmail: true },
    'member.setLevel': {
      area: 'manageUsers', label: 'Set access level', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, notSameEmail: true, sensitive: true,
    },
    'member.delete': {
      area: 'manageUsers', label: 'Delete user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, notSameEmail: true, sensitive: true,
    },
  },
  roles: {
    operator: {
      label: 'Operator',
      description: "Partner staff: every area of every client account; sets any member's level.",
      holder: 'operator',
      above: ['admin'],
      grants: [{ actions: [...PORTAL, ...MY_ACCOUNT, ...MANAGE_USERS], scope: 'all' }],
    },
    admin: {
      label: 'Admin',
      description: 'Has access to all areas.',
      holder: 'member',
      above: ['mid'],
      grants: [{ actions: [...PORTAL, ...MY_ACCOUNT, ...MANAGE_USERS], scope: 'own' }],
    },
    mid: {
      label: 'Mid',
      description: 'All areas apart from My Account (invoices, statements, contracts, payments).',
      holder: 'member',
      above: ['basic'],
      grants: [{ actions: [...PORTAL, ...MANAGE_USERS], scope: 'own' }],
    },
    basic: {
      label: 'Basic',
      description: 'No access to My Account or Manage Users.',
      holder: 'member',
      grants: [{ actions: PORTAL, scope: 'own' }],
    },
  },
  combine: 'single',
  firstUserRole: { operator: 'operator', member: 'admin' },
  secureAccounts: false,
  impersonation: {},
  assignment: { member: 'member.setLevel' },
  customRoles: { kind: 'none' },
  signIn: { secondFactor: [] },
  settings: {},
};
