import type { Policy } from '../policy.js';

const WORK = ['portal.view', 'contacts.add', 'deals.manage', 'campaigns.manage', 'contactLists.manage', 'mySettings.manage'];

/** Seed 002: partner users with several roles, the most permissive winning; lead visibility by role (U1–U7). */
export const partnerPortal: Policy = {
  format: 'deputy-policy/1',
  id: 'partner-portal',
  name: 'Partner Portal',
  description: 'Partner users hold one or more roles (Administrator, Marketing, Sales, Sales Rep, custom); the most permissive wins.',
  areas: { portal: 'Portal', leads: 'Leads', settings: 'Settings', users: 'Users', content: 'Content' },
  actions: {
    'portal.view': { area: 'portal', label: 'Use the partner portal', target: 'partner' },
    'contacts.add': { area: 'portal', label: 'Add contacts', target: 'partner', right: 'admin' },
    'deals.manage': { area: 'portal', label: 'Work with deals', target: 'partner', right: 'admin' },
    'campaigns.manage': { area: 'portal', label: 'Work with campaigns', target: 'partner', right: 'admin' },
    'contactLists.manage': { area: 'portal', label: 'Work with contact lists', target: 'partner', right: 'admin' },
    'mySettings.manage': { area: 'settings', label: 'Manage My Settings', target: 'user', right: 'admin' },
    'settings.manage': { area: 'settings', label: 'Partner settings (CRM, video conferencing)', target: 'partner', right: 'admin+settings' },
    'leads.view': { area: 'leads', label: 'See lead', target: 'lead' },
    'users.view': { area: 'users', label: 'View partner users', target: 'partner' },
    'users.invite': { area: 'users', label: 'Add partner users', target: 'partner', right: 'admin' },
    'user.edit': { area: 'users', label: 'Edit partner user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true },
    'user.assignRole': { area: 'users', label: 'Assign roles', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'user.disable': { area: 'users', label: 'Disable partner user', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
    'salesReps.manage': { area: 'users', label: 'Manage Sales Reps', target: 'partner', right: 'admin+settings' },
    'content.view': { area: 'content', label: 'See content', target: 'content' },
  },
  roles: {
    administrator: {
      label: 'Administrator',
      description: 'Every area; the only role with Settings (CRM and video-conferencing integrations).',
      holder: 'operator',
      above: ['marketing', 'sales', 'salesRep'],
      grants: [
        {
          actions: [...WORK, 'settings.manage', 'leads.view', 'users.view', 'users.invite', 'user.edit', 'user.disable', 'salesReps.manage', 'content.view'],
          scope: 'all',
        },
        { actions: ['user.assignRole'], scope: 'all', when: [{ setting: 'administratorsAssignRoles', is: true }] },
      ],
    },
    marketing: {
      label: 'Marketing',
      description: 'Every area but Settings; adds contacts; sees all leads, also those assigned to others.',
      holder: 'operator',
      grants: [
        { actions: [...WORK.filter((a) => a !== 'mySettings.manage'), 'leads.view', 'users.view'], scope: 'all' },
        { actions: ['mySettings.manage'], scope: 'self' },
        { actions: ['content.view'], scope: 'all', when: [{ content: 'audience' }] },
      ],
    },
    sales: {
      label: 'Sales',
      description: 'No partner Settings but My Settings; adds contacts; deals, campaigns, lists; sees marketing and distributed leads only.',
      holder: 'operator',
      grants: [
        { actions: WORK.filter((a) => a !== 'mySettings.manage'), scope: 'all' },
        { actions: ['mySettings.manage'], scope: 'self' },
        { actions: ['leads.view'], scope: 'all', when: [{ lead: 'source', in: ['marketing'] }] },
        { actions: ['leads.view'], scope: 'all', when: [{ lead: 'assignedToSelf' }] },
        { actions: ['leads.view'], scope: 'all', when: [{ setting: 'leadVisibilityByRole', includesRole: true }] },
        { actions: ['content.view'], scope: 'all', when: [{ content: 'audience' }] },
      ],
    },
    salesRep: {
      label: 'Sales Rep',
      description: 'Never signs in: works the leads assigned to them by email; listed and managed by the Administrator.',
      holder: 'operator',
      signIn: false,
      grants: [{ actions: ['leads.view'], scope: 'all', when: [{ lead: 'assignedToSelf' }] }],
    },
  },
  combine: 'most-permissive',
  firstUserRole: { operator: 'administrator' },
  secureAccounts: false,
  impersonation: {},
  assignment: { operator: 'user.assignRole' },
  customRoles: { kind: 'groups-only' },
  signIn: { secondFactor: [] },
  settings: {
    leadVisibilityByRole: { label: 'Roles that also see registered leads', default: [] },
    administratorsAssignRoles: { label: 'Administrators may assign roles to new users', default: true },
  },
};
