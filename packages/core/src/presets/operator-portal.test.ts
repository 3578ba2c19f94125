import { describe, expect, it } from 'vitest';
import { decide } from '../decide.js';
import type { Session } from '../session.js';
import { assignableRoles } from '../delegation.js';
import { canImpersonate, startImpersonation, stopImpersonation } from '../impersonation.js';
import { loadPolicy } from '../policy-schema.js';
import type { Reason } from '../reasons.js';
import { Directory } from '../state.js';
import { permissionTable, permissionTableCsv } from '../table.js';
import { presets } from './index.js';
import { as, granted, noGrant, operators, ruleIds, ruleTable, type Case } from './rule-table.js';

const cp = loadPolicy(presets['operator-portal']);

const op = operators('partner.test');

const dir = new Directory({
  users: [
    op('admin', 'admin'),
    op('admin2', 'admin'),
    op('adminS', 'admin.secure'),
    op('sm', 'systemManager'),
    op('smS', 'systemManager.secure'),
    op('support', 'support'),
    op('supportS', 'support.secure'),
    op('web', 'webConsultant'),
    op('campaign', 'campaignManager'),
    op('designer', 'designer'),
    op('sales', 'sales'),
    op('salesS', 'sales.secure'),
    op('blocked', 'admin', 'blocked'),
    op('locked', 'support', 'locked'),
  ],
  accounts: [{ id: 'plain' }, { id: 'sec', secure: true }, { id: 'done', setupCompleted: true }, { id: 'tmpl', template: true }],
});

const cases: Case[] = [
  // O1: sign-in is the server's; the core says who is active and which second factors the preset uses.
  { id: 'O1', name: 'a signed-in (active) operator is decided by role', session: as('support'), action: 'account.view', target: { account: 'plain' }, allowed: true, reasons: [granted('support')] },
  { id: 'O1', name: 'a locked operator (failed sign-ins) is denied everything', session: as('locked'), action: 'account.view', target: { account: 'plain' }, allowed: false, reasons: [{ code: 'inactive', user: 'locked', status: 'locked' }] },
  // O2
  { id: 'O2', name: 'an Admin adds operators', session: as('admin'), action: 'operator.create', target: {}, allowed: true, reasons: [granted('admin')] },
  { id: 'O2', name: 'Support lists operators', session: as('support'), action: 'operator.view', target: {}, allowed: true, reasons: [granted('support')] },
  { id: 'O2', name: 'Support cannot add operators', session: as('support'), action: 'operator.create', target: {}, allowed: false, reasons: [noGrant('operator.create')] },
  // O3
  { id: 'O3', name: 'an Admin blocks an operator', session: as('admin'), action: 'operator.block', target: { user: 'support' }, allowed: true, reasons: [granted('admin')] },
  { id: 'O3', name: 'a blocked operator is denied everything at once', session: as('blocked'), action: 'account.view', target: { account: 'plain' }, allowed: false, reasons: [{ code: 'inactive', user: 'blocked', status: 'blocked' }] },
  { id: 'O3', name: 'a System Manager cannot block an Admin', session: as('sm'), action: 'operator.block', target: { user: 'admin' }, allowed: false, reasons: [{ code: 'outranked', role: 'admin' }] },
  { id: 'O3', name: 'nobody blocks themselves', session: as('admin'), action: 'operator.block', target: { user: 'admin' }, allowed: false, reasons: [{ code: 'self' }] },
  // O4
  { id: 'O4', name: 'an Admin may log in as a Support operator', session: as('admin'), action: 'operator.impersonate', target: { user: 'support' }, allowed: true, reasons: [granted('admin')] },
  { id: 'O4', name: 'a System Manager may not log in as operators', session: as('sm'), action: 'operator.impersonate', target: { user: 'support' }, allowed: false, reasons: [noGrant('operator.impersonate')] },
  { id: 'O4', name: 'an Admin may not log in as another Admin (not below)', session: as('admin'), action: 'operator.impersonate', target: { user: 'admin2' }, allowed: false, reasons: [{ code: 'outranked', role: 'admin' }] },
  // O5: each role's permissions
  { id: 'O5', name: 'Admin edits all accounts', session: as('admin'), action: 'account.edit', target: { account: 'plain' }, allowed: true, reasons: [granted('admin')] },
  { id: 'O5', name: 'Admin edits a System Manager', session: as('admin'), action: 'operator.edit', target: { user: 'sm' }, allowed: true, reasons: [granted('admin')] },
  { id: 'O5', name: 'System Manager edits a Support operator', session: as('sm'), action: 'operator.edit', target: { user: 'support' }, allowed: true, reasons: [granted('systemManager')] },
  { id: 'O5', name: 'System Manager cannot edit an Admin', session: as('sm'), action: 'operator.edit', target: { user: 'admin' }, allowed: false, reasons: [{ code: 'outranked', role: 'admin' }] },
  { id: 'O5', name: 'System Manager cannot edit an Admin Secure', session: as('smS'), action: 'operator.edit', target: { user: 'adminS' }, allowed: false, reasons: [{ code: 'outranked', role: 'admin.secure' }] },
  { id: 'O5', name: 'Support impersonates accounts', session: as('support'), action: 'account.impersonate', target: { account: 'plain' }, allowed: true, reasons: [granted('support')] },
  { id: 'O5', name: "Support resets account users' passwords", session: as('support'), action: 'account.resetPassword', target: { account: 'plain' }, allowed: true, reasons: [granted('support')] },
  { id: 'O5', name: 'Support views activity history', session: as('support'), action: 'account.activity', target: { account: 'plain' }, allowed: true, reasons: [granted('support')] },
  { id: 'O5', name: 'Support cannot edit accounts', session: as('support'), action: 'account.edit', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.edit')] },
  { id: 'O5', name: 'Web Consultant implements widgets', session: as('web'), action: 'account.widgets', target: { account: 'plain' }, allowed: true, reasons: [granted('webConsultant')] },
  { id: 'O5', name: 'Web Consultant cannot change branding', session: as('web'), action: 'account.branding', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.branding')] },
  { id: 'O5', name: 'Campaign Manager manages notes', session: as('campaign'), action: 'account.notes', target: { account: 'plain' }, allowed: true, reasons: [granted('campaignManager')] },
  { id: 'O5', name: 'Campaign Manager edits only basic details, not the whole account', session: as('campaign'), action: 'account.edit', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.edit')] },
  { id: 'O5', name: 'Campaign Manager cannot impersonate', session: as('campaign'), action: 'account.impersonate', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.impersonate')] },
  { id: 'O5', name: 'Designer changes branding', session: as('designer'), action: 'account.branding', target: { account: 'plain' }, allowed: true, reasons: [granted('designer')] },
  { id: 'O5', name: 'Designer impersonates', session: as('designer'), action: 'account.impersonate', target: { account: 'done' }, allowed: true, reasons: [granted('designer')] },
  { id: 'O5', name: 'Designer has no notes', session: as('designer'), action: 'account.notes', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.notes')] },
  {
    id: 'O5', name: 'Sales impersonates an account still in setup', session: as('sales'), action: 'account.impersonate', target: { account: 'plain' }, allowed: true,
    reasons: [granted('sales'), { code: 'condition', role: 'sales', condition: { account: 'setupCompleted', is: false }, holds: true }],
  },
  {
    id: 'O5', name: 'Sales loses impersonation once setup is completed', session: as('sales'), action: 'account.impersonate', target: { account: 'done' }, allowed: false,
    reasons: [{ code: 'condition', role: 'sales', condition: { account: 'setupCompleted', is: false }, holds: false }],
  },
  { id: 'O5', name: 'Sales cannot edit the whole account', session: as('sales'), action: 'account.edit', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.edit')] },
  // O6
  { id: 'O6', name: 'Support Secure reaches a secure account', session: as('supportS'), action: 'account.view', target: { account: 'sec' }, allowed: true, reasons: [granted('support.secure')] },
  { id: 'O6', name: 'Admin Secure edits a secure account', session: as('adminS'), action: 'account.edit', target: { account: 'sec' }, allowed: true, reasons: [granted('admin.secure')] },
  { id: 'O6', name: 'Support (not Secure) does not reach a secure account', session: as('support'), action: 'account.view', target: { account: 'sec' }, allowed: false, reasons: [{ code: 'secure-required', role: 'support', flag: 'secure' }] },
  { id: 'O6', name: 'even an Admin (not Secure) does not reach a secure account', session: as('admin'), action: 'account.view', target: { account: 'sec' }, allowed: false, reasons: [{ code: 'secure-required', role: 'admin', flag: 'secure' }] },
  {
    id: 'O6', name: 'Sales Secure keeps the Sales condition on a secure account', session: as('salesS'), action: 'account.impersonate', target: { account: 'sec' }, allowed: true,
    reasons: [granted('sales.secure'), { code: 'condition', role: 'sales.secure', condition: { account: 'setupCompleted', is: false }, holds: true }],
  },
  // O7
  { id: 'O7', name: 'an Admin assigns roles', session: as('admin'), action: 'operator.assignRole', target: { user: 'web' }, allowed: true, reasons: [granted('admin')] },
  { id: 'O7', name: 'a System Manager assigns roles', session: as('sm'), action: 'operator.assignRole', target: { user: 'web' }, allowed: true, reasons: [granted('systemManager')] },
  { id: 'O7', name: 'Support cannot assign roles', session: as('support'), action: 'operator.assignRole', target: { user: 'web' }, allowed: false, reasons: [noGrant('operator.assignRole')] },
  { id: 'O7', name: 'nobody assigns their own role', session: as('admin'), action: 'operator.assignRole', target: { user: 'admin' }, allowed: false, reasons: [{ code: 'self' }] },
  // O8
  { id: 'O8', name: 'an Admin downloads the permission table', session: as('admin'), action: 'permissions.download', target: {}, allowed: true, reasons: [granted('admin')] },
  { id: 'O8', name: 'a Designer cannot download the permission table', session: as('designer'), action: 'permissions.download', target: {}, allowed: false, reasons: [noGrant('permissions.download')] },
  // O9
  { id: 'O9', name: 'an Admin creates accounts', session: as('admin'), action: 'account.create', target: {}, allowed: true, reasons: [granted('admin')] },
  { id: 'O9', name: 'a System Manager marks an account secure', session: as('sm'), action: 'account.markSecure', target: { account: 'plain' }, allowed: true, reasons: [granted('systemManager')] },
  { id: 'O9', name: 'a System Manager marks setup completed', session: as('sm'), action: 'account.markSetupCompleted', target: { account: 'plain' }, allowed: true, reasons: [granted('systemManager')] },
  { id: 'O9', name: 'a Campaign Manager designates a template', session: as('campaign'), action: 'account.designateTemplate', target: { account: 'plain' }, allowed: true, reasons: [granted('campaignManager')] },
  {
    id: 'O9', name: 'a Designer creates an account from a template', session: as('designer'), action: 'account.createFromTemplate', target: { account: 'tmpl' }, allowed: true,
    reasons: [granted('designer'), { code: 'condition', role: 'designer', condition: { account: 'template', is: true }, holds: true }],
  },
  {
    id: 'O9', name: 'nobody creates an account from an account that is not a template', session: as('admin'), action: 'account.createFromTemplate', target: { account: 'plain' }, allowed: false,
    reasons: [{ code: 'condition', role: 'admin', condition: { account: 'template', is: true }, holds: false }],
  },
  { id: 'O9', name: 'a Web Consultant cannot mark an account secure', session: as('web'), action: 'account.markSecure', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.markSecure')] },
  { id: 'O9', name: 'Sales cannot create accounts', session: as('sales'), action: 'account.create', target: {}, allowed: false, reasons: [noGrant('account.create')] },
  { id: 'O9', name: 'Support cannot designate templates', session: as('support'), action: 'account.designateTemplate', target: { account: 'plain' }, allowed: false, reasons: [noGrant('account.designateTemplate')] },
];

describe('operator-portal preset', () => {
  ruleTable(cp, dir, cases, ruleIds('O', 9));

  it('O1 requires a second factor by email or SMS, and nothing locks or expires', () => {
    expect(cp.policy.signIn).toEqual({ secondFactor: ['email', 'sms'] });
  });

  it('O2 puts no limit on the number of operators', () => {
    const many = new Directory({ users: [op('admin', 'admin'), ...Array.from({ length: 500 }, (_, i) => op(`o${i}`, 'support'))] });
    expect(decide(cp, many, as('admin'), 'operator.create', {})).toEqual({ allowed: true, reasons: [granted('admin')] });
  });

  it('O3 blocking an operator ends what an impersonation of them may do', () => {
    const local = new Directory({ users: [op('admin', 'admin'), op('support', 'support')], accounts: [{ id: 'plain' }] });
    const { session } = startImpersonation(cp, local, as('admin'), { user: 'support' }, 'admin', 0);
    expect(decide(cp, local, session!, 'account.view', { account: 'plain' }).allowed).toBe(true);
    local.putUser(op('support', 'support', 'blocked'));
    expect(decide(cp, local, session!, 'account.view', { account: 'plain' })).toEqual({
      allowed: false,
      reasons: [
        { code: 'impersonating', actor: 'admin', subject: { user: 'support' }, mode: 'admin' },
        { ...granted('admin'), as: 'actor' },
        { code: 'inactive', user: 'support', status: 'blocked', as: 'subject' },
      ],
    });
    expect(canImpersonate(cp, local, as('admin'), { user: 'support' }, 'view')).toEqual({
      allowed: false,
      reasons: [{ code: 'inactive', user: 'support', status: 'blocked' }],
    });
  });

  it('O4 an Admin logs in as an operator, sees only what they see, and signs out as', () => {
    const start = startImpersonation(cp, dir, as('admin'), { user: 'support' }, 'admin', 1_000);
    expect(start.decision).toEqual({ allowed: true, reasons: [granted('admin')], maxMode: 'admin+settings' });
    const session = start.session!;
    expect(session).toEqual({ actor: 'admin', subject: { user: 'support' }, mode: 'admin', since: 1_000 });
    // the Admin may edit accounts, Support may not: neither may the session
    const head: Reason = { code: 'impersonating', actor: 'admin', subject: { user: 'support' }, mode: 'admin' };
    expect(decide(cp, dir, session, 'account.edit', { account: 'plain' })).toEqual({
      allowed: false,
      reasons: [head, { ...granted('admin'), as: 'actor' }, { ...noGrant('account.edit'), as: 'subject' }],
    });
    expect(decide(cp, dir, session, 'account.resetPassword', { account: 'plain' })).toEqual({
      allowed: true,
      reasons: [head, { ...granted('admin'), as: 'actor' }, { ...granted('support'), as: 'subject' }],
    });
    expect(canImpersonate(cp, dir, session, { user: 'web' }, 'view')).toEqual({ allowed: false, reasons: [{ code: 'nested' }] });
    expect(stopImpersonation(session)).toEqual({ actor: 'admin' });
  });

  it('O4 a System Manager cannot log in as another operator', () => {
    expect(canImpersonate(cp, dir, as('sm'), { user: 'support' }, 'view')).toEqual({
      allowed: false,
      reasons: [noGrant('operator.impersonate')],
    });
  });

  it('O6 a Secure Admin impersonating a non-Secure operator does not reach secure accounts', () => {
    const session: Session = { actor: 'adminS', subject: { user: 'support' }, mode: 'admin' };
    const d = decide(cp, dir, session, 'account.view', { account: 'sec' });
    expect(d.allowed).toBe(false);
    expect(d.reasons).toContainEqual({ code: 'secure-required', role: 'support', flag: 'secure', as: 'subject' });
  });

  it('O7 an Admin may assign every role but the Secure ones they do not hold; a System Manager never Admin', () => {
    const byAdmin = assignableRoles(cp, dir, as('admin'), { user: 'web' });
    expect(byAdmin.filter((o) => o.allowed).map((o) => o.role)).toEqual([
      'admin', 'systemManager', 'support', 'webConsultant', 'campaignManager', 'designer', 'sales',
    ]);
    expect(byAdmin.find((o) => o.role === 'support.secure')).toMatchObject({ allowed: false, reasons: [{ code: 'role-above-own', role: 'support.secure' }] });
    const bySm = assignableRoles(cp, dir, as('sm'), { user: 'web' });
    expect(bySm.find((o) => o.role === 'admin')).toMatchObject({ allowed: false, reasons: [{ code: 'role-above-own', role: 'admin' }] });
    expect(bySm.find((o) => o.role === 'support')).toMatchObject({ allowed: true, reasons: [granted('systemManager')] });
    const bySupport = assignableRoles(cp, dir, as('support'), { user: 'web' });
    expect(bySupport.every((o) => !o.allowed && o.reasons[0]?.code === 'no-grant')).toBe(true);
  });

  it('O8 the permission table is roles × actions, as CSV with proper escaping', () => {
    const table = permissionTable(cp);
    expect(table.roles).toHaveLength(14);
    expect(table.actions).toHaveLength(Object.keys(presets['operator-portal'].actions).length);
    const csv = permissionTableCsv(table);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 14 + 1);
    expect(lines[0]).toMatch(/^Role,accounts: View account,accounts: Create account,/);
    expect(lines[0]).toContain("accounts: Reset account users' passwords");
    const sales = lines.find((l) => l.startsWith('Sales,'))!;
    // a cell holding quotes and commas is quoted, its quotes doubled
    expect(sales).toContain('"all when {""account"":""setupCompleted"",""is"":false}"');
    const support = lines.find((l) => l.startsWith('Support,'))!.split(',');
    const col = table.actions.findIndex((a) => a.id === 'account.edit') + 1;
    expect(support[col]).toBe('');
    expect(lines.find((l) => l.startsWith('Support Secure,'))).toBeDefined();
  });

  it('O8 a label with a comma, quote or newline is escaped', () => {
    const csv = permissionTableCsv({ roles: [{ id: 'r', label: 'A "quoted", role' }], actions: [{ id: 'a', area: 'x', label: 'line\nbreak' }], cells: [['all']] });
    expect(csv).toBe('Role,"x: line\nbreak"\r\n"A ""quoted"", role",all\r\n');
  });
});
