import type { Policy, Right, StateData, UserRecord } from '../src/index.js';
import { RIGHTS, rightRank } from '../src/index.js';

/**
 * One partner in the shape of the client-sharing preset, with all three scopes: an Admin on every
 * account, Consultants on assigned accounts (opening one only while it is still in setup), Editors
 * and Viewers through groups the account is shared with (Viewers capped at view), Secure variants
 * for accounts marked secure.
 */
export const benchPolicy: Policy = {
  format: 'deputy-policy/1',
  id: 'bench',
  name: 'Benchmark',
  description: 'Client sharing with all, assigned and shared scopes.',
  areas: { clients: 'Clients' },
  actions: {
    'client.view': { area: 'clients', label: 'View client', target: 'account' },
    'client.signIn': { area: 'clients', label: 'Sign in to client', target: 'account' },
    'client.data': { area: 'clients', label: "Work with the client's data", target: 'account', right: 'admin' },
    'client.edit': { area: 'clients', label: 'Edit client', target: 'account', right: 'admin' },
    'client.settings': { area: 'clients', label: 'Edit client settings', target: 'account', right: 'admin+settings' },
    'client.share': { area: 'clients', label: 'Share client', target: 'account', right: 'admin+settings' },
  },
  roles: {
    admin: { label: 'Admin', description: '', holder: 'operator', secureVariant: true, above: ['consultant', 'editor', 'viewer'], grants: [{ actions: ['*'], scope: 'all' }] },
    consultant: {
      label: 'Consultant',
      description: '',
      holder: 'operator',
      secureVariant: true,
      grants: [
        { actions: ['client.view', 'client.data', 'client.edit'], scope: 'assigned' },
        { actions: ['client.signIn'], scope: 'assigned', when: [{ account: 'setupCompleted', is: false }] },
      ],
    },
    editor: {
      label: 'Editor',
      description: '',
      holder: 'operator',
      secureVariant: true,
      grants: [{ actions: ['client.view', 'client.signIn', 'client.data', 'client.edit', 'client.settings'], scope: 'shared' }],
    },
    viewer: { label: 'Viewer', description: '', holder: 'operator', cap: 'view', grants: [{ actions: ['client.view', 'client.signIn'], scope: 'shared' }] },
  },
  combine: 'most-permissive',
  firstUserRole: { operator: 'admin.secure' },
  secureAccounts: true,
  impersonation: { account: 'client.signIn' },
  sharing: 'client.share',
  assignment: {},
  customRoles: { kind: 'none' },
  signIn: { secondFactor: [] },
  settings: {},
};

export const ACTIONS = Object.keys(benchPolicy.actions);

/** A small seeded generator (mulberry32), so every run measures the same scenario. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Scenario {
  data: StateData;
  /** user id → its groups, for the engines that need it */
  groupsOf: Map<string, string[]>;
  requests: Array<{ user: string; action: string; account: string }>;
}

/** The scenario: `operators` users, `accounts` client accounts, `groups` groups, `requests` random requests. */
export function scenario(operators: number, accounts: number, groups: number, requests: number, seed = 42): Scenario {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const groupIds = Array.from({ length: groups }, (_, i) => `g${i}`);
  const members = new Map<string, string[]>(groupIds.map((g) => [g, []]));
  const groupsOf = new Map<string, string[]>();
  const users: UserRecord[] = [];
  const consultants: string[] = [];
  for (let i = 0; i < operators; i++) {
    const id = `u${i}`;
    const roll = rnd();
    const base = roll < 0.02 ? 'admin' : roll < 0.3 ? 'consultant' : roll < 0.72 ? 'editor' : 'viewer';
    const roles = [base !== 'viewer' && rnd() < 0.2 ? `${base}.secure` : base];
    if (rnd() < 0.15) roles.push(pick(['viewer', 'editor', 'consultant']));
    if (roles.some((r) => r.startsWith('consultant'))) consultants.push(id);
    users.push({ id, kind: 'operator', roles, email: `${id}@bench.test`, status: 'active' });
    const mine = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(groupIds)))];
    groupsOf.set(id, mine);
    for (const g of mine) members.get(g)!.push(id);
  }
  const accountIds = Array.from({ length: accounts }, (_, i) => `a${i}`);
  const data: StateData = {
    users,
    accounts: accountIds.map((id) => ({ id, secure: rnd() < 0.1, setupCompleted: rnd() < 0.5, template: rnd() < 0.05 })),
    groups: groupIds.map((id) => ({ id, members: members.get(id)! })),
    shares: accountIds.flatMap((account) => {
      const n = Math.floor(rnd() * 3);
      const chosen = new Map<string, Right>();
      for (let k = 0; k < n; k++) chosen.set(pick(groupIds), pick(RIGHTS));
      return [...chosen].map(([group, right]) => ({ account, group, right }));
    }),
    assignments: consultants.flatMap((user) => Array.from({ length: Math.max(1, accounts / 500) }, () => ({ user, account: pick(accountIds) }))),
  };
  const list = Array.from({ length: requests }, () => ({ user: pick(users).id, action: pick(ACTIONS), account: pick(accountIds) }));
  return { data, groupsOf, requests: list };
}

/** The lowest right an action needs, as a rank. */
export function need(action: string): number {
  return rightRank(benchPolicy.actions[action]!.right ?? 'view');
}
