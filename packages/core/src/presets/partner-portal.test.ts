import { describe, expect, it } from 'vitest';
import { withCustomRoles } from '../compile.js';
import { decide } from '../decide.js';
import { assignableRoles, roleChangeDiff } from '../delegation.js';
import { canImpersonate } from '../impersonation.js';
import type { Condition } from '../policy.js';
import { loadPolicy } from '../policy-schema.js';
import { Directory } from '../state.js';
import { presets } from './index.js';
import { as, cond, granted, noGrant, operators, ruleIds, ruleTable, type Case } from './rule-table.js';

const policy = withCustomRoles(presets['partner-portal'], [{ id: 'basicGroup', label: 'Basic', description: 'A partner group', permissions: ['deals.manage'] }]);
const cp = loadPolicy(policy);

const user = operators('partner.test');

const state = {
  users: [
    user('adm', ['administrator']),
    user('mkt', ['marketing']),
    user('sal', ['sales']),
    user('rep', ['salesRep']),
    user('multi', ['sales', 'marketing']),
    user('grouped', ['sales', 'basicGroup']),
    user('customOnly', ['basicGroup']),
  ],
  leads: [
    { id: 'fromMarketing', source: 'marketing' },
    { id: 'registered', source: 'registered' },
    { id: 'registeredToSal', source: 'registered', assignedTo: 'sal' },
    { id: 'registeredToRep', source: 'registered', assignedTo: 'rep' },
  ],
  contents: [{ id: 'open' }, { id: 'basicOnly', audience: ['basicGroup'] }],
};
const dir = new Directory(state);

const SOURCE: Condition = { lead: 'source', in: ['marketing'] };
const ASSIGNED: Condition = { lead: 'assignedToSelf' };
const BY_ROLE: Condition = { setting: 'leadVisibilityByRole', includesRole: true };
const AUDIENCE: Condition = { content: 'audience' };

const cases: Case[] = [
  // U1
  { id: 'U1', name: 'Administrator adds partner users', session: as('adm'), action: 'users.invite', target: {}, allowed: true, reasons: [granted('administrator')] },
  { id: 'U1', name: 'Marketing does not add partner users', session: as('mkt'), action: 'users.invite', target: {}, allowed: false, reasons: [noGrant('users.invite')] },
  // U2
  { id: 'U2', name: 'Sales + Marketing sees every lead: the most permissive role wins', session: as('multi'), action: 'leads.view', target: { lead: 'registered' }, allowed: true, reasons: [granted('marketing')] },
  {
    id: 'U2', name: 'Sales alone does not see a registered lead', session: as('sal'), action: 'leads.view', target: { lead: 'registered' }, allowed: false,
    reasons: [cond('sales', SOURCE, false), cond('sales', ASSIGNED, false), cond('sales', BY_ROLE, false)],
  },
  // U3
  { id: 'U3', name: 'Administrator has Settings (CRM, video conferencing)', session: as('adm'), action: 'settings.manage', target: {}, allowed: true, reasons: [granted('administrator')] },
  { id: 'U3', name: 'Marketing has no Settings', session: as('mkt'), action: 'settings.manage', target: {}, allowed: false, reasons: [noGrant('settings.manage')] },
  { id: 'U3', name: 'Sales + Marketing has no Settings either', session: as('multi'), action: 'settings.manage', target: {}, allowed: false, reasons: [noGrant('settings.manage')] },
  {
    id: 'U3', name: 'Administrator assigns roles while the partner allows it', session: as('adm'), action: 'user.assignRole', target: { user: 'sal' }, allowed: true,
    reasons: [granted('administrator'), cond('administrator', { setting: 'administratorsAssignRoles', is: true }, true)],
  },
  // U4
  { id: 'U4', name: 'Marketing adds contacts', session: as('mkt'), action: 'contacts.add', target: {}, allowed: true, reasons: [granted('marketing')] },
  { id: 'U4', name: 'Marketing sees a lead assigned to someone else', session: as('mkt'), action: 'leads.view', target: { lead: 'registeredToRep' }, allowed: true, reasons: [granted('marketing')] },
  { id: 'U4', name: 'Marketing cannot manage Sales Reps (Settings)', session: as('mkt'), action: 'salesReps.manage', target: {}, allowed: false, reasons: [noGrant('salesReps.manage')] },
  // U5
  { id: 'U5', name: 'Sales manages its own My Settings', session: as('sal'), action: 'mySettings.manage', target: { user: 'sal' }, allowed: true, reasons: [{ code: 'granted', role: 'sales', scope: 'self', right: 'admin+settings' }] },
  { id: 'U5', name: "Sales does not manage another user's My Settings", session: as('sal'), action: 'mySettings.manage', target: { user: 'mkt' }, allowed: false, reasons: [{ code: 'out-of-scope', role: 'sales', scope: 'self' }] },
  { id: 'U5', name: 'Sales works freely with deals', session: as('sal'), action: 'deals.manage', target: {}, allowed: true, reasons: [granted('sales')] },
  { id: 'U5', name: 'Sales adds contacts', session: as('sal'), action: 'contacts.add', target: {}, allowed: true, reasons: [granted('sales')] },
  { id: 'U5', name: 'Sales sees leads from marketing activities', session: as('sal'), action: 'leads.view', target: { lead: 'fromMarketing' }, allowed: true, reasons: [granted('sales'), cond('sales', SOURCE, true)] },
  { id: 'U5', name: 'Sales sees leads distributed to it', session: as('sal'), action: 'leads.view', target: { lead: 'registeredToSal' }, allowed: true, reasons: [granted('sales'), cond('sales', ASSIGNED, true)] },
  {
    id: 'U5', name: 'Sales does not see a registered lead distributed to someone else', session: as('sal'), action: 'leads.view', target: { lead: 'registeredToRep' }, allowed: false,
    reasons: [cond('sales', SOURCE, false), cond('sales', ASSIGNED, false), cond('sales', BY_ROLE, false)],
  },
  { id: 'U5', name: 'Sales has no partner Settings', session: as('sal'), action: 'settings.manage', target: {}, allowed: false, reasons: [noGrant('settings.manage')] },
  // U6
  { id: 'U6', name: 'the Administrator manages Sales Reps', session: as('adm'), action: 'salesReps.manage', target: {}, allowed: true, reasons: [granted('administrator')] },
  { id: 'U6', name: 'the Administrator edits a Sales Rep', session: as('adm'), action: 'user.edit', target: { user: 'rep' }, allowed: true, reasons: [granted('administrator')] },
  { id: 'U6', name: 'a Sales Rep sees only their assigned lead', session: as('rep'), action: 'leads.view', target: { lead: 'registeredToRep' }, allowed: true, reasons: [granted('salesRep'), cond('salesRep', ASSIGNED, true)] },
  { id: 'U6', name: 'a Sales Rep sees no other lead', session: as('rep'), action: 'leads.view', target: { lead: 'fromMarketing' }, allowed: false, reasons: [cond('salesRep', ASSIGNED, false)] },
  { id: 'U6', name: 'a Sales Rep has no portal', session: as('rep'), action: 'portal.view', target: {}, allowed: false, reasons: [noGrant('portal.view')] },
  // U7
  { id: 'U7', name: 'a custom role alone carries no permissions', session: as('customOnly'), action: 'deals.manage', target: {}, allowed: false, reasons: [noGrant('deals.manage')] },
  { id: 'U7', name: 'content restricted to a partner group is seen by its members', session: as('grouped'), action: 'content.view', target: { content: 'basicOnly' }, allowed: true, reasons: [granted('sales'), cond('sales', AUDIENCE, true)] },
  { id: 'U7', name: 'content restricted to a partner group is hidden from others', session: as('sal'), action: 'content.view', target: { content: 'basicOnly' }, allowed: false, reasons: [cond('sales', AUDIENCE, false)] },
  { id: 'U7', name: 'the Administrator manages a user holding a custom role', session: as('adm'), action: 'user.edit', target: { user: 'grouped' }, allowed: true, reasons: [granted('administrator')] },
  { id: 'U7', name: 'unrestricted content is seen by everyone with the area', session: as('sal'), action: 'content.view', target: { content: 'open' }, allowed: true, reasons: [granted('sales'), cond('sales', AUDIENCE, true)] },
];

describe('partner-portal preset', () => {
  ruleTable(cp, dir, cases, ruleIds('U', 7));

  it('U1 the roles are Administrator, Marketing, Sales, Sales Rep and custom ones', () => {
    expect([...cp.roles.values()].map((r) => [r.id, r.def.label, r.def.custom ?? false])).toEqual([
      ['administrator', 'Administrator', false],
      ['marketing', 'Marketing', false],
      ['sales', 'Sales', false],
      ['salesRep', 'Sales Rep', false],
      ['basicGroup', 'Basic', true],
    ]);
  });

  it('U2 a role added to Sales gains what Marketing has, and a role removed loses it', () => {
    const diff = roleChangeDiff(cp, ['sales'], ['sales', 'marketing']);
    expect(diff.lost).toEqual([]);
    expect(diff.gained).toContainEqual({ action: 'leads.view', scope: 'all', cap: 'admin+settings' });
    expect(diff.gained).not.toContainEqual(expect.objectContaining({ action: 'deals.manage' }));
    expect(roleChangeDiff(cp, ['sales', 'marketing'], ['sales']).lost).toContainEqual({ action: 'leads.view', scope: 'all', cap: 'admin+settings' });
  });

  it('U3 the first user is Administrator; assigning roles follows the partner setting', () => {
    expect(cp.policy.firstUserRole.operator).toBe('administrator');
    const off = new Directory({ ...state, settings: { administratorsAssignRoles: false } });
    expect(decide(cp, off, as('adm'), 'user.assignRole', { user: 'sal' })).toEqual({
      allowed: false,
      reasons: [cond('administrator', { setting: 'administratorsAssignRoles', is: true }, false)],
    });
    const options = assignableRoles(cp, dir, as('adm'), { candidate: user('new', []) });
    expect(options.filter((o) => o.allowed).map((o) => o.role)).toEqual(['administrator', 'marketing', 'sales', 'salesRep', 'basicGroup']);
    const byMarketing = assignableRoles(cp, dir, as('mkt'), { candidate: user('new', []) });
    expect(byMarketing.every((o) => !o.allowed && o.reasons[0]?.code === 'no-grant')).toBe(true);
  });

  it("U5 the partner's lead visibility by role setting lets Sales see registered leads", () => {
    const open = new Directory({ ...state, settings: { leadVisibilityByRole: ['sales'] } });
    expect(decide(cp, open, as('sal'), 'leads.view', { lead: 'registered' })).toEqual({
      allowed: true,
      reasons: [granted('sales'), cond('sales', BY_ROLE, true)],
    });
    const otherRole = new Directory({ ...state, settings: { leadVisibilityByRole: ['marketing'] } });
    expect(decide(cp, otherRole, as('sal'), 'leads.view', { lead: 'registered' }).allowed).toBe(false);
  });

  it('U6 a Sales Rep cannot sign in, so cannot be impersonated', () => {
    expect(cp.roles.get('salesRep')!.def.signIn).toBe(false);
    expect(canImpersonate(cp, dir, as('adm'), { user: 'rep' }, 'view')).toEqual({ allowed: false, reasons: [{ code: 'no-impersonation', kind: 'user' }] });
    // even under a policy that impersonates users, a role that never signs in is refused
    const withImpersonation = loadPolicy({ ...policy, impersonation: { user: 'user.edit' } });
    expect(canImpersonate(withImpersonation, dir, as('adm'), { user: 'rep' }, 'view')).toEqual({ allowed: false, reasons: [{ code: 'cannot-sign-in', user: 'rep' }] });
    expect(canImpersonate(withImpersonation, dir, as('adm'), { user: 'sal' }, 'view')).toMatchObject({ allowed: true, maxMode: 'admin+settings' });
  });

  it('U7 custom roles carry no permissions even when defined with some', () => {
    expect(cp.roles.get('basicGroup')!.byAction.size).toBe(0);
    expect(cp.policy.customRoles.kind).toBe('groups-only');
  });
});
