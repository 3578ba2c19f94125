import { describe, expect, it } from 'vitest';
import { withCustomRoles } from '../compile.js';
import { decide } from '../decide.js';
import type { Session } from '../session.js';
import { assignableRoles, shareableRights } from '../delegation.js';
import { canImpersonate } from '../impersonation.js';
import { loadPolicy } from '../policy-schema.js';
import type { Reason } from '../reasons.js';
import { effectiveRight } from '../rights.js';
import { Directory } from '../state.js';
import { presets } from './index.js';
import { as, granted, noGrant, operators, outOfScope, ruleIds, ruleTable, shared, tooLow, type Case } from './rule-table.js';

const policy = withCustomRoles(presets['client-sharing'], [
  { id: 'clientWorker', label: 'Client worker', description: 'Access, edit and sign in as admin', permissions: ['client.access', 'client.edit', 'client.signIn', 'client.data'] },
  { id: 'cappedWorker', label: 'Capped worker', description: 'Works with data, never above view', permissions: ['client.access', 'client.signIn', 'client.data'], cap: 'view' },
]);
const cp = loadPolicy(policy);

const user = operators('agency.test');

const dir = new Directory({
  users: [
    user('adm', ['admin']),
    user('ed', ['editor']),
    user('ed2', ['editor']),
    user('lonely', ['editor']),
    user('vo', ['viewOnly']),
    user('worker', ['clientWorker']),
    user('capped', ['cappedWorker']),
    user('noRole', []),
  ],
  accounts: [{ id: 'C1' }, { id: 'C2' }, { id: 'C3' }, { id: 'C4' }, { id: 'C5' }],
  groups: [
    { id: 'gView', members: ['ed'] },
    { id: 'gAdmin', members: ['ed', 'vo', 'worker', 'capped', 'noRole'] },
    { id: 'gSettings', members: ['ed2'] },
  ],
  shares: [
    { account: 'C1', group: 'gAdmin', right: 'admin' },
    { account: 'C2', group: 'gSettings', right: 'admin+settings' },
    { account: 'C3', group: 'gView', right: 'view' },
    { account: 'C5', group: 'gView', right: 'view' },
    { account: 'C5', group: 'gAdmin', right: 'admin' },
  ],
});

const cases: Case[] = [
  // K1
  { id: 'K1', name: 'Admin edits the settings of every client, shared or not', session: as('adm'), action: 'client.settings', target: { account: 'C4' }, allowed: true, reasons: [granted('admin')] },
  { id: 'K1', name: 'Admin shares clients', session: as('adm'), action: 'client.share', target: { account: 'C1' }, allowed: true, reasons: [granted('admin')] },
  { id: 'K1', name: 'a custom role built from permissions edits a shared client', session: as('worker'), action: 'client.edit', target: { account: 'C1' }, allowed: true, reasons: [shared('clientWorker', 'gAdmin', 'admin')] },
  { id: 'K1', name: 'a custom role has only the permissions it was built from', session: as('worker'), action: 'client.settings', target: { account: 'C1' }, allowed: false, reasons: [noGrant('client.settings')] },
  { id: 'K1', name: 'an Editor does not manage users', session: as('ed'), action: 'users.manage', target: {}, allowed: false, reasons: [noGrant('users.manage')] },
  // K2
  { id: 'K2', name: "an Editor reaches a client shared with one of their groups", session: as('ed'), action: 'client.access', target: { account: 'C1' }, allowed: true, reasons: [shared('editor', 'gAdmin', 'admin')] },
  { id: 'K2', name: 'an Editor in no group the client is shared with does not', session: as('lonely'), action: 'client.access', target: { account: 'C1' }, allowed: false, reasons: [outOfScope('editor', 'shared')] },
  { id: 'K2', name: 'an Editor does not reach an unshared client', session: as('ed'), action: 'client.access', target: { account: 'C4' }, allowed: false, reasons: [outOfScope('editor', 'shared')] },
  { id: 'K2', name: 'group membership without a role that allows it reaches nothing', session: as('noRole'), action: 'client.access', target: { account: 'C1' }, allowed: false, reasons: [noGrant('client.access')] },
  // K3
  { id: 'K3', name: 'view-only right: sign in as view-only', session: as('ed'), action: 'client.signIn', target: { account: 'C3' }, allowed: true, reasons: [shared('editor', 'gView', 'view')] },
  { id: 'K3', name: "view-only right: no work on the client's data", session: as('ed'), action: 'client.data', target: { account: 'C3' }, allowed: false, reasons: [tooLow('editor', 'view', 'admin', 'gView', 'view')] },
  { id: 'K3', name: "admin right: full access to the client's data", session: as('ed'), action: 'client.data', target: { account: 'C1' }, allowed: true, reasons: [shared('editor', 'gAdmin', 'admin')] },
  { id: 'K3', name: 'admin right: no client settings', session: as('ed'), action: 'client.settings', target: { account: 'C1' }, allowed: false, reasons: [tooLow('editor', 'admin', 'admin+settings', 'gAdmin', 'admin')] },
  { id: 'K3', name: 'admin and settings right: edits client settings', session: as('ed2'), action: 'client.settings', target: { account: 'C2' }, allowed: true, reasons: [shared('editor', 'gSettings', 'admin+settings')] },
  { id: 'K3', name: 'the best of two groups counts', session: as('ed'), action: 'client.data', target: { account: 'C5' }, allowed: true, reasons: [shared('editor', 'gAdmin', 'admin')] },
  // K4
  { id: 'K4', name: 'a View-only user in an admin group signs in as view-only', session: as('vo'), action: 'client.signIn', target: { account: 'C1' }, allowed: true, reasons: [shared('viewOnly', 'gAdmin', 'admin', 'view', 'view')] },
  { id: 'K4', name: "a View-only user in an admin group does not work on the client's data", session: as('vo'), action: 'client.data', target: { account: 'C1' }, allowed: false, reasons: [noGrant('client.data')] },
  { id: 'K4', name: "a role capped at view does not reach the group's admin right", session: as('capped'), action: 'client.data', target: { account: 'C1' }, allowed: false, reasons: [tooLow('cappedWorker', 'view', 'admin', 'gAdmin', 'admin', 'view')] },
];

describe('client-sharing preset', () => {
  ruleTable(cp, dir, cases, ruleIds('K', 4));

  it('K1 an Admin assigns the built-in and custom roles; an Editor assigns none', () => {
    const options = assignableRoles(cp, dir, as('adm'), { user: 'ed' });
    expect(options.map((o) => [o.role, o.allowed])).toEqual([
      ['admin', true], ['editor', true], ['viewOnly', true], ['clientWorker', true], ['cappedWorker', true],
    ]);
    expect(assignableRoles(cp, dir, as('ed'), { user: 'vo' }).every((o) => !o.allowed && o.reasons[0]?.code === 'no-grant')).toBe(true);
  });

  it('K3 signing in to a client: the mode offered is the group right', () => {
    expect(canImpersonate(cp, dir, as('ed'), { account: 'C1' }, 'admin')).toEqual({ allowed: true, reasons: [shared('editor', 'gAdmin', 'admin')], maxMode: 'admin' });
    expect(canImpersonate(cp, dir, as('ed'), { account: 'C1' }, 'admin+settings')).toEqual({
      allowed: false,
      reasons: [shared('editor', 'gAdmin', 'admin'), { code: 'mode-exceeds', mode: 'admin+settings', max: 'admin' }],
      maxMode: 'admin',
    });
    expect(effectiveRight(cp, dir, 'ed2', 'C2')).toEqual({ allowed: true, right: 'admin+settings', reasons: [shared('editor', 'gSettings', 'admin+settings')] });
    // while signed in to C1 as admin, data work is allowed but settings are not (the mode)
    const session: Session = { actor: 'ed', subject: { account: 'C1' }, mode: 'admin' };
    const head: Reason = { code: 'impersonating', actor: 'ed', subject: { account: 'C1' }, mode: 'admin' };
    expect(decide(cp, dir, session, 'client.data', { account: 'C1' })).toEqual({ allowed: true, reasons: [head, { ...shared('editor', 'gAdmin', 'admin'), as: 'actor' }] });
    expect(decide(cp, dir, session, 'client.data', { account: 'C5' })).toEqual({
      allowed: false,
      reasons: [head, { ...shared('editor', 'gAdmin', 'admin'), as: 'actor' }, { code: 'outside-subject', subject: { account: 'C1' }, as: 'subject' }],
    });
    expect(decide(cp, dir, { ...session, mode: 'view' }, 'client.data', { account: 'C1' })).toEqual({
      allowed: false,
      reasons: [{ ...head, mode: 'view' }, { code: 'mode', mode: 'view', need: 'admin' }],
    });
  });

  it('K3 only the Admin shares, at any right', () => {
    expect(shareableRights(cp, dir, as('adm'), 'C1').map((r) => [r.right, r.allowed])).toEqual([['view', true], ['admin', true], ['admin+settings', true]]);
    expect(shareableRights(cp, dir, as('ed2'), 'C2').every((r) => !r.allowed && r.reasons[0]?.code === 'no-grant')).toBe(true);
  });

  it('K4 the role caps the group right: a View-only user signs in as view-only', () => {
    expect(canImpersonate(cp, dir, as('vo'), { account: 'C1' }, 'view')).toEqual({ allowed: true, reasons: [shared('viewOnly', 'gAdmin', 'admin', 'view', 'view')], maxMode: 'view' });
    expect(canImpersonate(cp, dir, as('vo'), { account: 'C1' }, 'admin')).toMatchObject({
      allowed: false,
      reasons: [{ code: 'granted' }, { code: 'mode-exceeds', mode: 'admin', max: 'view' }],
      maxMode: 'view',
    });
    expect(effectiveRight(cp, dir, 'vo', 'C1')).toMatchObject({ allowed: true, right: 'view' });
  });
});
