import { describe, expect, it } from 'vitest';
import { decide, type Session } from './decide.js';
import { loadPolicy } from './policy-schema.js';
import { presets } from './presets/index.js';
import { effectiveRight } from './rights.js';
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
