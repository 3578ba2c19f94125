import type { Policy } from '../policy.js';

const USER_ADMIN = ['user.edit', 'user.assignRole', 'user.disable', 'user.enable', 'user.unlock', 'user.activate', 'user.resetPassword', 'user.delete'];

/** Seed 003: a system integrator's users over the merchants assigned to it (S1–S9). */
export const integratorPortal: Policy = {
  format: 'deputy-policy/1',
  id: 'integrator-portal',
  name: 'Integrator Portal',
  description: "A system integrator's Portal Admins and consultants over its merchants; lock-out after three failures, expiry after 80 idle days.",
  areas: { merchants: 'Merchants', users: 'Users', notifications: 'Notifications' },
  actions: {
    'merchant.view': { area: 'merchants', label: 'View merchant configuration', target: 'account' },
    'merchant.edit': { area: 'merchants', label: 'Edit merchant configuration', target: 'account', right: 'admin' },
    'merchant.signIn': { area: 'merchants', label: 'Open merchant', target: 'account' },
    'assignments.manage': { area: 'merchants', label: 'Assign consultants', target: 'account', right: 'admin+settings' },
    'notifications.onboarding': { area: 'notifications', label: 'Receive onboarding notifications', target: 'account', right: 'admin' },
    'users.view': { area: 'users', label: 'View users', target: 'partner' },
    'users.create': { area: 'users', label: 'Add users', target: 'partner', right: 'admin' },
    'user.edit': { area: 'users', label: 'Edit user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true },
    'user.assignRole': { area: 'users', label: 'Assign role', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'user.disable': { area: 'users', label: 'Disable user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'user.enable': { area: 'users', label: 'Enable user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true },
    'user.unlock': { area: 'users', label: 'Unlock user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true },
    'user.activate': { area: 'users', label: 'Activate expired user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true },
    'user.resetPassword': { area: 'users', label: 'Reset password', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'user.delete': { area: 'users', label: 'Delete user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'audit.view': { area: 'users', label: 'View audit log', target: 'partner', sensitive: true },
  },
  roles: {
    portalAdmin: {
      label: 'Portal Admin',
      description: "Full access to every merchant assigned to the integrator; manages the integrator's users and consultant assignments.",
      holder: 'operator',
      above: ['onboardingEdit', 'onboardingView', 'projectManagement'],
      grants: [
        {
          actions: ['merchant.view', 'merchant.edit', 'merchant.signIn', 'assignments.manage', 'users.view', 'users.create', 'audit.view', ...USER_ADMIN],
          scope: 'all',
        },
      ],
    },
    onboardingEdit: {
      label: 'Onboarding Edit',
      description: 'Views and edits the configuration of the merchants the user is assigned to as a consultant.',
      holder: 'operator',
      grants: [{ actions: ['merchant.view', 'merchant.edit', 'merchant.signIn', 'notifications.onboarding'], scope: 'assigned' }],
    },
    onboardingView: {
      label: 'Onboarding View',
      description: 'Read-only access to the configuration of the merchants the user is assigned to.',
      holder: 'operator',
      cap: 'view',
      grants: [{ actions: ['merchant.view', 'merchant.signIn'], scope: 'assigned' }],
    },
    projectManagement: {
      label: 'Project Management',
      description: 'Views every merchant of the integrator; receives no onboarding notifications.',
      holder: 'operator',
      cap: 'view',
      grants: [{ actions: ['merchant.view', 'merchant.signIn'], scope: 'all' }],
    },
  },
  combine: 'most-permissive',
  firstUserRole: { operator: 'portalAdmin' },
  secureAccounts: false,
  impersonation: { account: 'merchant.signIn' },
  assignment: { operator: 'user.assignRole' },
  customRoles: { kind: 'none' },
  signIn: { secondFactor: [], lockAfter: 3, lockMinutes: 60, expireAfterDays: 80 },
  settings: {},
};
