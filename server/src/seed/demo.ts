/**
 * The demo seed (`--seed demo`): five partners, one per preset (ids = preset ids), users of every
 * role with the password `deputy-demo-pass`, accounts with each flag, groups, shares and
 * assignments, an API key `demo-key-<partner>` and the local host-page origins. Documented in
 * server/README.md.
 */
import { presets, secureId, type PresetId } from '@deputy/core';
import { hashPassword, sha256 } from '../auth/crypto.js';
import type { AccountRow, GroupRow, PartnerState, UserRow } from '../store/types.js';

export const DEMO_PASSWORD = 'deputy-demo-pass';
export const DEMO_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:5174', 'http://127.0.0.1:5174'];

interface SeedUser {
  role: string;
  kind?: 'member';
  account?: string;
  first: string;
  last: string;
  email?: string;
  phone?: string;
}

const account = (id: string, name: string, flags: Partial<Pick<AccountRow, 'secure' | 'setupCompleted' | 'template'>> = {}): AccountRow => ({
  id, name, secure: false, setupCompleted: false, template: false, createdAt: 0, ...flags,
});

const opRoles = ['admin', 'systemManager', 'support', 'webConsultant', 'campaignManager', 'designer', 'sales'];

const PLANS: Record<PresetId, { name: string; users: SeedUser[]; accounts: AccountRow[]; groups?: GroupRow[]; extra?: Partial<PartnerState> }> = {
  'operator-portal': {
    name: 'Northwind Agency',
    users: [
      { role: secureId('admin'), first: 'Ada', last: 'Secure' },
      ...opRoles.map((role) => ({ role, first: role[0]!.toUpperCase() + role.slice(1), last: 'Operator', ...(role === 'support' ? { phone: '+15550100' } : {}) })),
      { role: secureId('support'), first: 'Sam', last: 'Secure' },
    ],
    accounts: [
      account('acme', 'Acme Dental'),
      account('health', 'Harbor Health', { secure: true }),
      account('done', 'Done Bakery', { setupCompleted: true }),
      account('starter', 'Starter Template', { template: true }),
    ],
  },
  'member-portal': {
    name: 'Utility Co',
    users: [
      { role: 'operator', first: 'Olga', last: 'Operator' },
      { role: 'admin', kind: 'member', account: 'acme', first: 'Alice', last: 'Admin', email: 'shared@member-portal.example' },
      { role: 'mid', kind: 'member', account: 'acme', first: 'Mike', last: 'Mid', email: 'shared@member-portal.example' },
      { role: 'basic', kind: 'member', account: 'acme', first: 'Bea', last: 'Basic' },
      { role: 'admin', kind: 'member', account: 'globex', first: 'Gil', last: 'Globex' },
    ],
    accounts: [account('acme', 'Acme Homes'), account('globex', 'Globex Offices'), account('initech', 'Initech Labs')],
  },
  'partner-portal': {
    name: 'Reseller Partner',
    users: ['administrator', 'marketing', 'sales', 'salesRep'].map((role) => ({ role, first: role[0]!.toUpperCase() + role.slice(1), last: 'User' })),
    accounts: [],
    extra: {
      leads: [
        { id: 'lead-marketing', source: 'marketing' },
        { id: 'lead-registered', source: 'registered' },
        { id: 'lead-distributed', source: 'registered', assignedTo: 'u-sales' },
      ],
      contents: [{ id: 'content-all' }, { id: 'content-sales', audience: ['sales'] }],
    },
  },
  'integrator-portal': {
    name: 'Systems Integrator',
    users: ['portalAdmin', 'onboardingEdit', 'onboardingView', 'projectManagement'].map((role) => ({ role, first: role[0]!.toUpperCase() + role.slice(1), last: 'User' })),
    accounts: [account('alpha', 'Alpha Merchant'), account('beta', 'Beta Merchant')],
    extra: { assignments: [{ user: 'u-onboardingEdit', account: 'alpha' }, { user: 'u-onboardingView', account: 'alpha' }] },
  },
  'client-sharing': {
    name: 'Accounting Firm',
    users: ['admin', 'editor', 'viewOnly'].map((role) => ({ role, first: role[0]!.toUpperCase() + role.slice(1), last: 'User' })),
    accounts: [account('alpha', 'Alpha Client'), account('beta', 'Beta Client'), account('gamma', 'Gamma Client')],
    groups: [
      { id: 'team', name: 'Client Team', members: ['u-editor', 'u-viewOnly'] },
      { id: 'viewers', name: 'Viewers', members: ['u-viewOnly'] },
    ],
    extra: {
      shares: [
        { account: 'alpha', group: 'team', right: 'admin+settings' },
        { account: 'beta', group: 'team', right: 'view' },
        { account: 'gamma', group: 'viewers', right: 'admin' },
      ],
    },
  },
};

/** Username and id of a seeded user: `<role>@<partner>` (member roles also name the account). */
function names(partner: string, u: SeedUser): { id: string; username: string } {
  const role = u.role.replace('.secure', '-secure');
  const base = u.kind === 'member' ? `${u.account}-${role}` : role;
  return { id: `u-${base}`, username: `${base}@${partner}` };
}

/** The five demo partners. The one password hash is shared by every demo user (demo only). */
export async function demoPartners(now: number): Promise<PartnerState[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return (Object.keys(PLANS) as PresetId[]).map((id) => {
    const plan = PLANS[id];
    const users: Record<string, UserRow> = {};
    for (const u of plan.users) {
      const { id: userId, username } = names(id, u);
      const row: UserRow = {
        id: userId, kind: u.kind ?? 'operator', firstName: u.first, lastName: u.last, username,
        email: u.email ?? `${username.replace('@', '.')}@example.com`, roles: [u.role], status: 'active',
        createdAt: now, activeSince: now, failedSignIns: 0, passwordHash,
      };
      if (u.account) row.account = u.account;
      if (u.phone) row.phone = u.phone;
      users[userId] = row;
    }
    return {
      id, name: plan.name, preset: presets[id].id, apiKeyHash: sha256(`demo-key-${id}`), origins: DEMO_ORIGINS,
      settings: {}, users, accounts: Object.fromEntries(plan.accounts.map((a) => [a.id, a])),
      groups: Object.fromEntries((plan.groups ?? []).map((g) => [g.id, g])),
      shares: [], assignments: [], leads: [], contents: [], customRoles: [], ...plan.extra,
    };
  });
}
