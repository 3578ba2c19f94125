import type { Grant, Policy } from '../policy.js';

const ACCOUNT_VIEW = ['account.view'];

/** A new account is created only from an account designated as a template (O9). */
const FROM_TEMPLATE = { actions: ['account.createFromTemplate'], scope: 'all', when: [{ account: 'template', is: true }] } satisfies Grant;

const ACTIONS: Policy['actions'] = {
  'account.view': { area: 'accounts', label: 'View account', target: 'account' },
  'account.create': { area: 'accounts', label: 'Create account', target: 'partner', right: 'admin' },
  'account.edit': { area: 'accounts', label: 'Edit account', target: 'account', right: 'admin' },
  'account.editLimited': { area: 'accounts', label: 'Edit basic account details', target: 'account', right: 'admin' },
  'account.markSecure': { area: 'accounts', label: 'Mark account secure', target: 'account', right: 'admin+settings' },
  'account.markSetupCompleted': { area: 'accounts', label: 'Mark setup completed', target: 'account', right: 'admin' },
  'account.impersonate': { area: 'accounts', label: 'Impersonate account', target: 'account' },
  'account.resetPassword': { area: 'accounts', label: "Reset account users' passwords", target: 'account', right: 'admin' },
  'account.activity': { area: 'accounts', label: 'View activity history', target: 'account' },
  'account.widgets': { area: 'accounts', label: 'Implement widgets', target: 'account', right: 'admin' },
  'account.branding': { area: 'marketing', label: 'Change branding', target: 'account', right: 'admin' },
  'account.tags': { area: 'marketing', label: 'Manage tags', target: 'account', right: 'admin' },
  'account.notes': { area: 'marketing', label: 'Manage notes', target: 'account', right: 'admin' },
  'account.designateTemplate': { area: 'marketing', label: 'Designate as template', target: 'account', right: 'admin' },
  'account.createFromTemplate': { area: 'marketing', label: 'Create account from template', target: 'account', right: 'admin' },
  'operator.view': { area: 'operators', label: 'View operators', target: 'partner' },
  'operator.create': { area: 'operators', label: 'Add operator', target: 'partner', right: 'admin' },
  'operator.edit': { area: 'operators', label: 'Edit operator', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true },
  'operator.assignRole': { area: 'operators', label: 'Assign role', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
  'operator.block': { area: 'operators', label: 'Block operator', target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
  'operator.resetPassword': { area: 'operators', label: "Reset operator's password", target: 'user', right: 'admin', rank: 'atOrBelow', notSelf: true, sensitive: true },
  'operator.impersonate': { area: 'operators', label: 'Log in as operator', target: 'user', rank: 'below', notSelf: true },
  'permissions.download': { area: 'admin', label: 'Download permission table', target: 'partner' },
  'audit.view': { area: 'admin', label: 'View audit log', target: 'partner', sensitive: true },
};

/** Seed 000: an operator portal over many client accounts, with Secure role variants (O1–O9). */
export const operatorPortal: Policy = {
  format: 'deputy-policy/1',
  id: 'operator-portal',
  name: 'Operator Portal',
  description: 'Operators (partner staff) manage client accounts; roles decide which accounts and actions; Secure variants reach secure accounts.',
  areas: { accounts: 'Client accounts', marketing: 'Marketing', operators: 'Operators', admin: 'Administration' },
  actions: ACTIONS,
  roles: {
    admin: {
      label: 'Admin',
      description: 'An account administrator: edits other operators and all the accounts in the directory.',
      holder: 'operator',
      above: ['systemManager'],
      secureVariant: true,
      grants: [{ actions: Object.keys(ACTIONS).filter((a) => a !== 'account.createFromTemplate'), scope: 'all' }, FROM_TEMPLATE],
    },
    systemManager: {
      label: 'System Manager',
      description: 'Broad control over other operators and the accounts, except editing Admin operators.',
      holder: 'operator',
      above: ['support', 'webConsultant', 'campaignManager', 'designer', 'sales'],
      secureVariant: true,
      grants: [
        {
          actions: [
            'account.view', 'account.create', 'account.edit', 'account.editLimited', 'account.markSecure', 'account.markSetupCompleted',
            'account.impersonate', 'account.resetPassword', 'account.activity', 'account.widgets', 'account.branding', 'account.tags',
            'account.notes', 'account.designateTemplate', 'operator.view', 'operator.create',
            'operator.edit', 'operator.assignRole', 'operator.block', 'operator.resetPassword', 'permissions.download', 'audit.view',
          ],
          scope: 'all',
        },
        FROM_TEMPLATE,
      ],
    },
    support: {
      label: 'Support',
      description: 'Day-to-day support: impersonates accounts, resets passwords, views the activity history of an account.',
      holder: 'operator',
      secureVariant: true,
      grants: [{ actions: [...ACCOUNT_VIEW, 'account.impersonate', 'account.resetPassword', 'account.activity', 'operator.view'], scope: 'all' }],
    },
    webConsultant: {
      label: 'Web Consultant',
      description: 'For web developers: helps with account and widget implementation.',
      holder: 'operator',
      secureVariant: true,
      grants: [{ actions: [...ACCOUNT_VIEW, 'account.edit', 'account.editLimited', 'account.widgets', 'account.impersonate'], scope: 'all' }],
    },
    campaignManager: {
      label: 'Campaign Manager',
      description: 'Limited account editing; tags and notes; designates accounts as templates.',
      holder: 'operator',
      secureVariant: true,
      grants: [
        {
          actions: [...ACCOUNT_VIEW, 'account.editLimited', 'account.tags', 'account.notes', 'account.designateTemplate'],
          scope: 'all',
        },
        FROM_TEMPLATE,
      ],
    },
    designer: {
      label: 'Designer',
      description: 'Limited account editing; impersonates, changes branding, adds tags, designates templates.',
      holder: 'operator',
      secureVariant: true,
      grants: [
        {
          actions: [...ACCOUNT_VIEW, 'account.editLimited', 'account.impersonate', 'account.branding', 'account.tags', 'account.designateTemplate'],
          scope: 'all',
        },
        FROM_TEMPLATE,
      ],
    },
    sales: {
      label: 'Sales',
      description: 'The most limited role: helps accounts set up; loses impersonation once the account is setup-completed.',
      holder: 'operator',
      secureVariant: true,
      grants: [
        { actions: [...ACCOUNT_VIEW, 'account.editLimited'], scope: 'all' },
        { actions: ['account.impersonate'], scope: 'all', when: [{ account: 'setupCompleted', is: false }] },
      ],
    },
  },
  combine: 'single',
  firstUserRole: { operator: 'admin.secure' },
  secureAccounts: true,
  impersonation: { user: 'operator.impersonate', account: 'account.impersonate' },
  assignment: { operator: 'operator.assignRole' },
  customRoles: { kind: 'none' },
  signIn: { secondFactor: ['email', 'sms'] },
  settings: {},
};
