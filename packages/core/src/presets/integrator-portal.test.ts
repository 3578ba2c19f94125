import { describe, expect, it } from 'vitest';
import { decide } from '../decide.js';
import { canImpersonate } from '../impersonation.js';
import { loadPolicy } from '../policy-schema.js';
import { effectiveRight } from '../rights.js';
import { Directory } from '../state.js';
import { presets } from './index.js';
import { as, granted, inactive, noGrant, operators, ruleIds, ruleTable, type Case } from './rule-table.js';

const cp = loadPolicy(presets['integrator-portal']);

const user = operators('si.test');

const dir = new Directory({
  users: [
    user('pa', 'portalAdmin'),
    user('oe', 'onboardingEdit'),
    user('ov', 'onboardingView'),
    user('pm', 'projectManagement'),
    user('expired', 'onboardingEdit', 'expired'),
    user('locked', 'onboardingEdit', 'locked'),
    user('disabled', 'onboardingEdit', 'disabled'),
  ],
  accounts: [{ id: 'M1' }, { id: 'M2' }],
  assignments: [
    { user: 'oe', account: 'M1' },
    { user: 'ov', account: 'M1' },
    { user: 'expired', account: 'M1' },
    { user: 'locked', account: 'M1' },
  ],
});

const cases: Case[] = [
  // S1
  { id: 'S1', name: 'Portal Admin edits every merchant of the integrator', session: as('pa'), action: 'merchant.edit', target: { account: 'M2' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S1', name: 'Portal Admin manages consultant assignments', session: as('pa'), action: 'assignments.manage', target: { account: 'M1' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S1', name: 'Portal Admin adds users', session: as('pa'), action: 'users.create', target: {}, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S1', name: 'Onboarding Edit does not manage assignments', session: as('oe'), action: 'assignments.manage', target: { account: 'M1' }, allowed: false, reasons: [noGrant('assignments.manage')] },
  // S2
  { id: 'S2', name: 'Onboarding Edit edits an assigned merchant', session: as('oe'), action: 'merchant.edit', target: { account: 'M1' }, allowed: true, reasons: [granted('onboardingEdit', 'assigned')] },
  { id: 'S2', name: 'Onboarding Edit views an assigned merchant', session: as('oe'), action: 'merchant.view', target: { account: 'M1' }, allowed: true, reasons: [granted('onboardingEdit', 'assigned')] },
  { id: 'S2', name: 'Onboarding Edit does not reach a merchant it is not assigned to', session: as('oe'), action: 'merchant.view', target: { account: 'M2' }, allowed: false, reasons: [{ code: 'out-of-scope', role: 'onboardingEdit', scope: 'assigned' }] },
  // S3
  { id: 'S3', name: 'Onboarding View views an assigned merchant, view-only', session: as('ov'), action: 'merchant.view', target: { account: 'M1' }, allowed: true, reasons: [granted('onboardingView', 'assigned', 'view')] },
  {
    id: 'S3', name: 'Onboarding View cannot edit', session: as('ov'), action: 'merchant.edit', target: { account: 'M1' }, allowed: false,
    reasons: [{ code: 'no-grant', action: 'merchant.edit' }],
  },
  { id: 'S3', name: 'Onboarding View does not reach an unassigned merchant', session: as('ov'), action: 'merchant.view', target: { account: 'M2' }, allowed: false, reasons: [{ code: 'out-of-scope', role: 'onboardingView', scope: 'assigned' }] },
  // S4
  { id: 'S4', name: 'Project Management views every merchant', session: as('pm'), action: 'merchant.view', target: { account: 'M2' }, allowed: true, reasons: [granted('projectManagement', 'all', 'view')] },
  { id: 'S4', name: 'Project Management gets no onboarding notifications', session: as('pm'), action: 'notifications.onboarding', target: { account: 'M1' }, allowed: false, reasons: [noGrant('notifications.onboarding')] },
  { id: 'S4', name: 'nor does a Portal Admin', session: as('pa'), action: 'notifications.onboarding', target: { account: 'M1' }, allowed: false, reasons: [noGrant('notifications.onboarding')] },
  { id: 'S4', name: 'an assigned Onboarding Edit consultant gets them', session: as('oe'), action: 'notifications.onboarding', target: { account: 'M1' }, allowed: true, reasons: [granted('onboardingEdit', 'assigned')] },
  { id: 'S4', name: 'an unassigned one does not', session: as('oe'), action: 'notifications.onboarding', target: { account: 'M2' }, allowed: false, reasons: [{ code: 'out-of-scope', role: 'onboardingEdit', scope: 'assigned' }] },
  // S5
  { id: 'S5', name: "a Portal Admin edits a user's names and email", session: as('pa'), action: 'user.edit', target: { user: 'oe' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S5', name: 'Project Management does not add users', session: as('pm'), action: 'users.create', target: {}, allowed: false, reasons: [noGrant('users.create')] },
  // S6
  { id: 'S6', name: 'an expired user is denied everything', session: as('expired'), action: 'merchant.view', target: { account: 'M1' }, allowed: false, reasons: [inactive('expired', 'expired')] },
  { id: 'S6', name: 'a Portal Admin re-activates an expired user', session: as('pa'), action: 'user.activate', target: { user: 'expired' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S6', name: 'Onboarding Edit cannot re-activate users', session: as('oe'), action: 'user.activate', target: { user: 'expired' }, allowed: false, reasons: [noGrant('user.activate')] },
  // S7
  { id: 'S7', name: 'a locked user is denied everything', session: as('locked'), action: 'merchant.view', target: { account: 'M1' }, allowed: false, reasons: [inactive('locked', 'locked')] },
  { id: 'S7', name: 'a Portal Admin unlocks at once', session: as('pa'), action: 'user.unlock', target: { user: 'locked' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S7', name: 'a consultant cannot unlock', session: as('oe'), action: 'user.unlock', target: { user: 'locked' }, allowed: false, reasons: [noGrant('user.unlock')] },
  // S8
  { id: 'S8', name: 'a Portal Admin disables a user', session: as('pa'), action: 'user.disable', target: { user: 'oe' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S8', name: 'a Portal Admin enables a disabled user', session: as('pa'), action: 'user.enable', target: { user: 'disabled' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S8', name: 'a disabled user is denied everything', session: as('disabled'), action: 'merchant.view', target: { account: 'M1' }, allowed: false, reasons: [inactive('disabled', 'disabled')] },
  { id: 'S8', name: 'Project Management lists users but cannot disable them', session: as('pm'), action: 'user.disable', target: { user: 'oe' }, allowed: false, reasons: [noGrant('user.disable')] },
  // S9
  { id: 'S9', name: 'a Portal Admin deletes a user', session: as('pa'), action: 'user.delete', target: { user: 'pm' }, allowed: true, reasons: [granted('portalAdmin', 'all')] },
  { id: 'S9', name: 'nobody deletes themselves', session: as('pa'), action: 'user.delete', target: { user: 'pa' }, allowed: false, reasons: [{ code: 'self' }] },
  { id: 'S9', name: 'a consultant cannot delete a Portal Admin', session: as('oe'), action: 'user.delete', target: { user: 'pa' }, allowed: false, reasons: [noGrant('user.delete')] },
];

describe('integrator-portal preset', () => {
  ruleTable(cp, dir, cases, ruleIds('S', 9));

  it('S3 Onboarding View opens an assigned merchant view-only, never as admin', () => {
    expect(canImpersonate(cp, dir, as('ov'), { account: 'M1' }, 'view')).toEqual({
      allowed: true,
      reasons: [granted('onboardingView', 'assigned', 'view')],
      maxMode: 'view',
    });
    expect(canImpersonate(cp, dir, as('ov'), { account: 'M1' }, 'admin')).toEqual({
      allowed: false,
      reasons: [granted('onboardingView', 'assigned', 'view'), { code: 'mode-exceeds', mode: 'admin', max: 'view' }],
      maxMode: 'view',
    });
    expect(effectiveRight(cp, dir, 'oe', 'M1')).toEqual({ allowed: true, right: 'admin+settings', reasons: [granted('onboardingEdit', 'assigned')] });
    expect(effectiveRight(cp, dir, 'pm', 'M2')).toEqual({ allowed: true, right: 'view', reasons: [granted('projectManagement', 'all', 'view')] });
  });

  it('S1 assignment changes what an Onboarding Edit consultant reaches', () => {
    const local = new Directory({ users: [user('oe', 'onboardingEdit')], accounts: [{ id: 'M1' }] });
    expect(decide(cp, local, as('oe'), 'merchant.edit', { account: 'M1' }).allowed).toBe(false);
    local.assign('oe', 'M1');
    expect(decide(cp, local, as('oe'), 'merchant.edit', { account: 'M1' }).allowed).toBe(true);
    local.unassign('oe', 'M1');
    expect(decide(cp, local, as('oe'), 'merchant.edit', { account: 'M1' })).toEqual({
      allowed: false,
      reasons: [{ code: 'out-of-scope', role: 'onboardingEdit', scope: 'assigned' }],
    });
  });

  it('S5 S6 S7 the sign-in rules: three failures lock for 60 minutes, 80 idle days expire', () => {
    expect(cp.policy.signIn).toEqual({ secondFactor: [], lockAfter: 3, lockMinutes: 60, expireAfterDays: 80 });
  });

  it('S6 S7 S8 an expired, locked or disabled user cannot be impersonated', () => {
    for (const id of ['expired', 'locked', 'disabled'] as const) {
      // this preset impersonates merchants, not users
      expect(canImpersonate(cp, dir, as('pa'), { user: id }, 'view')).toEqual({ allowed: false, reasons: [{ code: 'no-impersonation', kind: 'user' }] });
      expect(canImpersonate(cp, dir, as(id), { account: 'M1' }, 'view')).toEqual({ allowed: false, reasons: [inactive(id, id)] });
    }
  });
});
