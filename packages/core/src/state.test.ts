import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { bindSession, type Session } from './session.js';
import { loadPolicy } from './policy-schema.js';
import { presets } from './presets/index.js';
import { effectiveRight } from './rights.js';
import type { Right } from './policy.js';
import { Directory, type StateData, type UserRecord } from './state.js';

const sharing = loadPolicy(presets['client-sharing']);
const partner = loadPolicy(presets['partner-portal']);
const integrator = loadPolicy(presets['integrator-portal']);

function user(id: string, roles: string[]): UserRecord {
  return { id, kind: 'operator', roles, email: `${id}@agency.test`, status: 'active' };
}

const as = (actor: string): Session => ({ actor });

function sharingState(): StateData {
  return {
    users: [user('ed', ['editor']), user('ed2', ['editor'])],
    accounts: [{ id: 'C1' }, { id: 'C2' }],
    groups: [{ id: 'g', members: ['ed', 'ed2'] }],
    shares: [{ account: 'C1', group: 'g', right: 'admin' }],
  };
}

const canData = (dir: Directory, actor: string, account = 'C1') => decide(sharing, dir, as(actor), 'client.data', { account }).allowed;

describe('Directory keeps decisions in step with changes', () => {
  it('share and unshare', () => {
    const dir = new Directory(sharingState());
    expect(canData(dir, 'ed', 'C2')).toBe(false);
    dir.share('C2', 'g', 'admin');
    expect(canData(dir, 'ed', 'C2')).toBe(true);
    dir.unshare('C2', 'g');
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C2' })).toEqual({
      allowed: false,
      reasons: [{ code: 'out-of-scope', role: 'editor', scope: 'shared' }],
    });
    expect(canData(dir, 'ed')).toBe(true);
  });

  it('sharing again at another right replaces the right', () => {
    const dir = new Directory(sharingState());
    dir.share('C1', 'g', 'view');
    expect(canData(dir, 'ed')).toBe(false);
    expect(effectiveRight(sharing, dir, 'ed', 'C1')).toMatchObject({ right: 'view' });
    dir.share('C1', 'g', 'admin+settings');
    expect(effectiveRight(sharing, dir, 'ed', 'C1')).toMatchObject({ right: 'admin+settings' });
  });

  it('replacing a group\'s members keeps its shares and moves access with the members', () => {
    const dir = new Directory(sharingState());
    dir.putGroup({ id: 'g', members: ['ed2'] });
    expect(canData(dir, 'ed')).toBe(false);
    expect(canData(dir, 'ed2')).toBe(true);
    expect(dir.groupsOf('ed')).not.toContain('g');
    dir.putGroup({ id: 'g', members: ['ed', 'ed2'] });
    expect(canData(dir, 'ed')).toBe(true);
  });

  it('of two groups at the same right, the reason names the one the account was shared with first', () => {
    const dir = new Directory({ ...sharingState(), groups: [{ id: 'g', members: ['ed'] }, { id: 'h', members: ['ed'] }] });
    dir.share('C2', 'h', 'admin');
    dir.share('C2', 'g', 'admin');
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C2' }).reasons).toEqual([
      { code: 'granted', role: 'editor', scope: 'shared', right: 'admin', group: 'h', groupRight: 'admin', cap: 'admin+settings' },
    ]);
    dir.share('C2', 'g', 'admin+settings');
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C2' }).reasons).toMatchObject([{ group: 'g', groupRight: 'admin+settings' }]);
  });

  it('removing a group removes its memberships and its shares', () => {
    const dir = new Directory(sharingState());
    dir.removeGroup('g');
    expect(canData(dir, 'ed')).toBe(false);
    expect(dir.sharesOf('C1').has('g')).toBe(false);
    expect(dir.groupsOf('ed')).toEqual([]);
    // a new group under the same id starts with no shares
    dir.putGroup({ id: 'g', members: ['ed'] });
    expect(canData(dir, 'ed')).toBe(false);
  });

  it('removing a user removes their memberships and assignments; the same id comes back with nothing', () => {
    const dir = new Directory(sharingState());
    dir.removeUser('ed');
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C1' })).toEqual({ allowed: false, reasons: [{ code: 'not-found', what: 'session' }] });
    expect(dir.groups.get('g')?.has('ed')).toBe(false);
    dir.putUser(user('ed', ['editor']));
    expect(canData(dir, 'ed')).toBe(false);
    expect(canData(dir, 'ed2')).toBe(true);

    const i = new Directory({ users: [user('oe', ['onboardingEdit'])], accounts: [{ id: 'M' }], assignments: [{ user: 'oe', account: 'M' }] });
    i.removeUser('oe');
    i.putUser(user('oe', ['onboardingEdit']));
    expect(decide(integrator, i, as('oe'), 'merchant.view', { account: 'M' }).allowed).toBe(false);
  });

  it('removing an account removes its shares and assignments', () => {
    const dir = new Directory(sharingState());
    dir.removeAccount('C1');
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C1' })).toEqual({ allowed: false, reasons: [{ code: 'not-found', what: 'account' }] });
    // a user none of whose roles grants the action gets the same answer whether the account exists or not
    dir.putUser(user('vo', ['viewOnly']));
    for (const account of ['C1', 'C2']) {
      expect(decide(sharing, dir, as('vo'), 'client.data', { account })).toEqual({ allowed: false, reasons: [{ code: 'no-grant', action: 'client.data' }] });
    }
    dir.putAccount({ id: 'C1' });
    expect(canData(dir, 'ed')).toBe(false);

    const i = new Directory({ users: [user('oe', ['onboardingEdit'])], accounts: [{ id: 'M' }], assignments: [{ user: 'oe', account: 'M' }] });
    i.removeAccount('M');
    i.putAccount({ id: 'M' });
    expect(decide(integrator, i, as('oe'), 'merchant.view', { account: 'M' }).allowed).toBe(false);
  });

  it('changing a user\'s roles or status changes their decisions at once', () => {
    const dir = new Directory(sharingState());
    dir.putUser(user('ed', ['viewOnly']));
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C1' })).toEqual({ allowed: false, reasons: [{ code: 'no-grant', action: 'client.data' }] });
    dir.putUser({ ...user('ed', ['editor']), status: 'disabled' });
    expect(decide(sharing, dir, as('ed'), 'client.data', { account: 'C1' })).toEqual({ allowed: false, reasons: [{ code: 'inactive', user: 'ed', status: 'disabled' }] });
    dir.putUser(user('ed', ['editor']));
    expect(canData(dir, 'ed')).toBe(true);
  });

  it('account flags, settings, leads and content are read as they are now', () => {
    const dir = new Directory({
      users: [user('sal', ['sales'])],
      leads: [{ id: 'L', source: 'registered' }],
      contents: [{ id: 'K', audience: ['marketing'] }],
    });
    const seesLead = () => decide(partner, dir, as('sal'), 'leads.view', { lead: 'L' }).allowed;
    expect(seesLead()).toBe(false);
    dir.setSetting('leadVisibilityByRole', ['sales']);
    expect(seesLead()).toBe(true);
    dir.setSetting('leadVisibilityByRole', []);
    expect(seesLead()).toBe(false);
    dir.putLead({ id: 'L', source: 'registered', assignedTo: 'sal' });
    expect(seesLead()).toBe(true);
    expect(decide(partner, dir, as('sal'), 'content.view', { content: 'K' }).allowed).toBe(false);
    dir.putContent({ id: 'K', audience: ['sales'] });
    expect(decide(partner, dir, as('sal'), 'content.view', { content: 'K' }).allowed).toBe(true);

    const op = loadPolicy(presets['operator-portal']);
    const o = new Directory({ users: [user('sales', ['sales'])], accounts: [{ id: 'A' }] });
    expect(decide(op, o, as('sales'), 'account.impersonate', { account: 'A' }).allowed).toBe(true);
    o.putAccount({ id: 'A', setupCompleted: true });
    expect(decide(op, o, as('sales'), 'account.impersonate', { account: 'A' }).allowed).toBe(false);
    o.putAccount({ id: 'A', secure: true });
    expect(decide(op, o, as('sales'), 'account.view', { account: 'A' })).toEqual({
      allowed: false,
      reasons: [{ code: 'secure-required', role: 'sales', flag: 'secure' }],
    });
  });

  it('a directory built from data decides like one built change by change', () => {
    const data = sharingState();
    const built = new Directory();
    for (const u of data.users!) built.putUser(u);
    for (const a of data.accounts!) built.putAccount(a);
    for (const g of data.groups!) built.putGroup(g);
    for (const s of data.shares!) built.share(s.account, s.group, s.right);
    const loaded = new Directory(data);
    for (const actor of ['ed', 'ed2']) {
      for (const account of ['C1', 'C2']) {
        for (const action of sharing.actions.keys()) {
          expect(decide(sharing, built, as(actor), action, { account })).toEqual(decide(sharing, loaded, as(actor), action, { account }));
        }
      }
    }
  });
});

/*
 * The Directory against a plain model: any sequence of changes must leave it deciding exactly like a
 * Directory built afresh from the data those changes leave behind.
 */
const IDS = { users: ['u0', 'u1', 'u2'], accounts: ['a0', 'a1', 'a2'], groups: ['g0', 'g1', 'g2'] };

type Change =
  | { op: 'putUser'; id: string; roles: string[]; active: boolean }
  | { op: 'removeUser' | 'removeAccount' | 'removeGroup'; id: string }
  | { op: 'putAccount'; id: string; secure: boolean; setupCompleted: boolean }
  | { op: 'putGroup'; id: string; members: string[] }
  | { op: 'share'; account: string; group: string; right: Right }
  | { op: 'unshare'; account: string; group: string }
  | { op: 'assign' | 'unassign'; user: string; account: string };

function changes(roles: string[]): fc.Arbitrary<Change[]> {
  const user = fc.constantFrom(...IDS.users);
  const account = fc.constantFrom(...IDS.accounts);
  const group = fc.constantFrom(...IDS.groups);
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ op: fc.constant('putUser' as const), id: user, roles: fc.subarray(roles, { maxLength: 2 }), active: fc.boolean() }),
    fc.record({ op: fc.constantFrom('removeUser' as const), id: user }),
    fc.record({ op: fc.constant('putAccount' as const), id: account, secure: fc.boolean(), setupCompleted: fc.boolean() }),
    fc.record({ op: fc.constant('removeAccount' as const), id: account }),
    fc.record({ op: fc.constant('putGroup' as const), id: group, members: fc.subarray(IDS.users) }),
    fc.record({ op: fc.constant('removeGroup' as const), id: group }),
    fc.record({ op: fc.constant('share' as const), account, group, right: fc.constantFrom<Right>('view', 'admin', 'admin+settings') }),
    fc.record({ op: fc.constant('unshare' as const), account, group }),
    fc.record({ op: fc.constantFrom('assign' as const, 'unassign' as const), user, account }),
  );
  return fc.array(change, { maxLength: 12 });
}

/** A starting state in which every id exists: users active with roles, groups, shares, assignments. */
function start(roles: string[]): fc.Arbitrary<Change[]> {
  const right = fc.constantFrom<Right>('view', 'admin', 'admin+settings');
  return fc
    .record({
      roles: fc.tuple(...IDS.users.map(() => fc.subarray(roles, { minLength: 1, maxLength: 2 }))),
      flags: fc.tuple(...IDS.accounts.map(() => fc.tuple(fc.boolean(), fc.boolean()))),
      members: fc.tuple(...IDS.groups.map(() => fc.subarray(IDS.users, { minLength: 1 }))),
      shares: fc.array(fc.tuple(fc.constantFrom(...IDS.accounts), fc.constantFrom(...IDS.groups), right), { maxLength: 6 }),
      assignments: fc.array(fc.tuple(fc.constantFrom(...IDS.users), fc.constantFrom(...IDS.accounts)), { maxLength: 5 }),
    })
    .map((s): Change[] => [
      ...IDS.users.map((id, i): Change => ({ op: 'putUser', id, roles: s.roles[i]!, active: true })),
      ...IDS.accounts.map((id, i): Change => ({ op: 'putAccount', id, secure: s.flags[i]![0], setupCompleted: s.flags[i]![1] })),
      ...IDS.groups.map((id, i): Change => ({ op: 'putGroup', id, members: s.members[i]! })),
      ...s.shares.map(([account, group, r]): Change => ({ op: 'share', account, group, right: r })),
      ...s.assignments.map(([u, account]): Change => ({ op: 'assign', user: u, account })),
    ]);
}

/** What the changes leave behind, kept as plain data with the Directory's documented semantics. */
function model(list: Change[]): StateData {
  const users = new Map<string, UserRecord>();
  const accounts = new Map<string, { id: string; secure: boolean; setupCompleted: boolean }>();
  const groups = new Map<string, string[]>();
  let shares: Array<{ account: string; group: string; right: Right }> = [];
  let assignments: Array<{ user: string; account: string }> = [];
  for (const c of list) {
    if (c.op === 'putUser') users.set(c.id, { ...user(c.id, c.roles), status: c.active ? 'active' : 'blocked' });
    if (c.op === 'removeUser') {
      users.delete(c.id);
      for (const [g, members] of groups) groups.set(g, members.filter((m) => m !== c.id));
      assignments = assignments.filter((a) => a.user !== c.id);
    }
    if (c.op === 'putAccount') accounts.set(c.id, { id: c.id, secure: c.secure, setupCompleted: c.setupCompleted });
    if (c.op === 'removeAccount') {
      accounts.delete(c.id);
      shares = shares.filter((s) => s.account !== c.id);
      assignments = assignments.filter((a) => a.account !== c.id);
    }
    if (c.op === 'putGroup') groups.set(c.id, c.members);
    if (c.op === 'removeGroup') {
      groups.delete(c.id);
      shares = shares.filter((s) => s.group !== c.id);
    }
    if (c.op === 'share') {
      const same = shares.find((s) => s.account === c.account && s.group === c.group);
      if (same) same.right = c.right;
      else shares.push({ account: c.account, group: c.group, right: c.right });
    }
    if (c.op === 'unshare') shares = shares.filter((s) => s.account !== c.account || s.group !== c.group);
    if (c.op === 'assign' && !assignments.some((a) => a.user === c.user && a.account === c.account)) assignments.push({ user: c.user, account: c.account });
    if (c.op === 'unassign') assignments = assignments.filter((a) => a.user !== c.user || a.account !== c.account);
  }
  return { users: [...users.values()], accounts: [...accounts.values()], groups: [...groups].map(([id, members]) => ({ id, members })), shares, assignments };
}

function apply(dir: Directory, c: Change): void {
  if (c.op === 'putUser') dir.putUser({ ...user(c.id, c.roles), status: c.active ? 'active' : 'blocked' });
  else if (c.op === 'removeUser') dir.removeUser(c.id);
  else if (c.op === 'putAccount') dir.putAccount({ id: c.id, secure: c.secure, setupCompleted: c.setupCompleted });
  else if (c.op === 'removeAccount') dir.removeAccount(c.id);
  else if (c.op === 'putGroup') dir.putGroup({ id: c.id, members: c.members });
  else if (c.op === 'removeGroup') dir.removeGroup(c.id);
  else if (c.op === 'share') dir.share(c.account, c.group, c.right);
  else if (c.op === 'unshare') dir.unshare(c.account, c.group);
  else if (c.op === 'assign') dir.assign(c.user, c.account);
  else if (c.op === 'unassign') dir.unassign(c.user, c.account);
}

describe('Directory changes against a model', () => {
  for (const [name, cp] of [['client-sharing', sharing], ['integrator-portal', integrator]] as const) {
    it(`${name}: any sequence of changes decides like a Directory built from the resulting data`, () => {
      const roles = [...cp.roles.keys()];
      const accountActions = [...cp.actions.values()].filter((a) => a.def.target === 'account').map((a) => a.id);
      fc.assert(
        fc.property(start(roles), changes(roles), (initial, list) => {
          const changed = new Directory(model(initial));
          // bound before the changes: a binding must follow them (roles, groups, removal, a new user of the same id)
          const bound = new Map(IDS.users.map((actor) => [actor, bindSession(changed, as(actor))]));
          for (const c of list) apply(changed, c);
          const fresh = new Directory(model([...initial, ...list]));
          for (const actor of IDS.users) {
            for (const account of IDS.accounts) {
              expect(effectiveRight(cp, changed, actor, account)).toEqual(effectiveRight(cp, fresh, actor, account));
              for (const action of accountActions) {
                const expected = decide(cp, fresh, as(actor), action, { account });
                expect(decide(cp, changed, as(actor), action, { account })).toEqual(expected);
                expect(decide(cp, changed, bound.get(actor)!, action, { account })).toEqual(expected);
              }
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});
