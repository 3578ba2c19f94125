import { describe, expect, it } from 'vitest';
import { assignableRoles, roleChangeDiff } from './delegation.js';
import { decide } from './decide.js';
import { loadPolicy } from './policy-schema.js';
import { presets } from './presets/index.js';
import { Directory, type UserRecord } from './state.js';

function user(id: string, roles: string[]): UserRecord {
  return { id, kind: 'operator', roles, email: `${id}@x.test`, status: 'active' };
}

describe('delegation (I1)', () => {
  // Marketing given exactly the Sales grants, the right to assign roles, and rank over Sales.
  const p = JSON.parse(JSON.stringify(presets['partner-portal']));
  p.roles.marketing.above = ['sales'];
  p.roles.marketing.grants = [...p.roles.sales.grants, { actions: ['user.assignRole'], scope: 'all' }];
  const cp = loadPolicy(p);

  it('a grant conditioned on the role being listed in a setting is not covered by another role with the same condition', () => {
    const dir = new Directory({ users: [user('m', ['marketing']), user('t', [])], settings: { leadVisibilityByRole: ['sales'] }, leads: [{ id: 'L', source: 'registered' }] });
    const sales = assignableRoles(cp, dir, { actor: 'm' }, { user: 't' }).find((o) => o.role === 'sales');
    // a Sales user would see the registered lead; the Marketing actor does not
    expect(decide(cp, dir, { actor: 'm' }, 'leads.view', { lead: 'L' }).allowed).toBe(false);
    expect(sales).toMatchObject({ allowed: false, reasons: [{ code: 'exceeds-own', role: 'sales', action: 'leads.view' }] });
  });

  it('a grant conditioned on a content audience is covered only by an actor who holds the given role', () => {
    const q = JSON.parse(JSON.stringify(p));
    q.roles.sales.grants = [{ actions: ['content.view'], scope: 'all', when: [{ content: 'audience' }] }];
    q.roles.marketing.grants = [...q.roles.sales.grants, { actions: ['user.assignRole'], scope: 'all' }];
    const cq = loadPolicy(q);
    const dir = new Directory({ users: [user('m', ['marketing']), user('both', ['marketing', 'sales']), user('t', [])] });
    expect(assignableRoles(cq, dir, { actor: 'm' }, { user: 't' }).find((o) => o.role === 'sales')).toMatchObject({
      allowed: false,
      reasons: [{ code: 'exceeds-own', role: 'sales', action: 'content.view' }],
    });
    expect(assignableRoles(cq, dir, { actor: 'both' }, { user: 't' }).find((o) => o.role === 'sales')).toMatchObject({ allowed: true });
  });

  it('a role change to or from a Secure variant shows the secure reach gained or lost', () => {
    const op = loadPolicy(presets['operator-portal']);
    const up = roleChangeDiff(op, ['support'], ['support.secure']);
    expect(up.lost).toEqual([]);
    expect(up.gained).toContainEqual({ action: 'account.impersonate', scope: 'all', cap: 'admin+settings', secure: true });
    const down = roleChangeDiff(op, ['support.secure'], ['support']);
    expect(down.gained).toEqual([]);
    expect(down.lost.map((r) => r.action).sort()).toEqual(['account.activity', 'account.impersonate', 'account.resetPassword', 'account.view', 'operator.view']);
    expect(roleChangeDiff(op, ['support'], ['support'])).toEqual({ gained: [], lost: [] });
  });

  it('a role change that keeps a role-conditioned grant reports no change for it', () => {
    const partner = loadPolicy(presets['partner-portal']);
    const diff = roleChangeDiff(partner, ['sales'], ['sales', 'salesRep']);
    expect(diff).toEqual({ gained: [], lost: [] });
  });
});
