import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../compile.js';
import { decide, type Target } from '../decide.js';
import { assignableRoles } from '../delegation.js';
import { canImpersonate } from '../impersonation.js';
import { loadPolicy } from '../policy-schema.js';
import { Directory, type UserRecord } from '../state.js';
import { presets } from './index.js';
import { as, granted, noGrant, operators, outOfScope, ruleTable, type Case } from './rule-table.js';

const cp = loadPolicy(presets['member-portal']);

function member(id: string, account: string, role: string, email = `${id}@client.test`): UserRecord {
  return { id, kind: 'member', account, roles: [role], email, status: 'active' };
}

const dir = new Directory({
  users: [
    operators('partner.test')('opr', 'operator'),
    member('aAdmin', 'A', 'admin', 'shared@client.test'),
    member('aMid', 'A', 'mid'),
    member('aBasic', 'A', 'basic'),
    member('aTwin', 'A', 'mid', 'Shared@Client.test'),
    member('bAdmin', 'B', 'admin'),
    member('bBasic', 'B', 'basic'),
  ],
  accounts: [{ id: 'A' }, { id: 'B' }],
});

const cases: Case[] = [
  // M1
  { id: 'M1', name: 'a member who manages users invites into their organisation', session: as('aMid'), action: 'member.invite', target: { account: 'A' }, allowed: true, reasons: [granted('mid', 'own')] },
  { id: 'M1', name: 'an operator invites into any client account', session: as('opr'), action: 'member.invite', target: { account: 'B' }, allowed: true, reasons: [granted('operator')] },
  { id: 'M1', name: 'a Basic member cannot invite', session: as('aBasic'), action: 'member.invite', target: { account: 'A' }, allowed: false, reasons: [noGrant('member.invite')] },
  { id: 'M1', name: "nobody invites into another organisation", session: as('aAdmin'), action: 'member.invite', target: { account: 'B' }, allowed: false, reasons: [outOfScope('admin', 'own')] },
  // M2
  { id: 'M2', name: 'Admin reaches My Account (invoices)', session: as('aAdmin'), action: 'myAccount.invoices', target: { account: 'A' }, allowed: true, reasons: [granted('admin', 'own')] },
  { id: 'M2', name: 'Admin pays invoices', session: as('aAdmin'), action: 'myAccount.pay', target: { account: 'A' }, allowed: true, reasons: [granted('admin', 'own')] },
  { id: 'M2', name: 'Mid has no My Account (statements)', session: as('aMid'), action: 'myAccount.statements', target: { account: 'A' }, allowed: false, reasons: [noGrant('myAccount.statements')] },
  { id: 'M2', name: 'Mid manages users', session: as('aMid'), action: 'members.view', target: { account: 'A' }, allowed: true, reasons: [granted('mid', 'own')] },
  { id: 'M2', name: 'Basic uses the portal', session: as('aBasic'), action: 'portal.tickets', target: { account: 'A' }, allowed: true, reasons: [granted('basic', 'own')] },
  { id: 'M2', name: 'Basic has no Manage Users', session: as('aBasic'), action: 'members.view', target: { account: 'A' }, allowed: false, reasons: [noGrant('members.view')] },
  { id: 'M2', name: 'Basic has no My Account (contracts)', session: as('aBasic'), action: 'myAccount.contracts', target: { account: 'A' }, allowed: false, reasons: [noGrant('myAccount.contracts')] },
  { id: 'M2', name: "a member sees nothing of another organisation", session: as('bBasic'), action: 'portal.view', target: { account: 'A' }, allowed: false, reasons: [outOfScope('basic', 'own')] },
  // M4: the decision is the API's: the same request gives the same answer (see also the round-trip test below)
  { id: 'M4', name: 'a Basic member asking from the app still has no invoices', session: as('bBasic'), action: 'myAccount.invoices', target: { account: 'B' }, allowed: false, reasons: [noGrant('myAccount.invoices')] },
  { id: 'M4', name: 'an Admin member asking from the app sees invoices', session: as('bAdmin'), action: 'myAccount.invoices', target: { account: 'B' }, allowed: true, reasons: [granted('admin', 'own')] },
  // M5
  { id: 'M5', name: "an operator sets any member's level", session: as('opr'), action: 'member.setLevel', target: { user: 'bAdmin' }, allowed: true, reasons: [granted('operator')] },
  { id: 'M5', name: 'an Admin member sets a level in their organisation', session: as('aAdmin'), action: 'member.setLevel', target: { user: 'aBasic' }, allowed: true, reasons: [granted('admin', 'own')] },
  { id: 'M5', name: 'an Admin member cannot set levels in another organisation', session: as('aAdmin'), action: 'member.setLevel', target: { user: 'bBasic' }, allowed: false, reasons: [outOfScope('admin', 'own')] },
  { id: 'M5', name: "a Mid member cannot change an Admin's level", session: as('aMid'), action: 'member.setLevel', target: { user: 'aAdmin' }, allowed: false, reasons: [{ code: 'outranked', role: 'admin' }] },
  { id: 'M5', name: 'a Basic member sets no levels', session: as('aBasic'), action: 'member.setLevel', target: { user: 'aMid' }, allowed: false, reasons: [noGrant('member.setLevel')] },
  // M6
  { id: 'M6', name: 'an Admin member cannot change their own level', session: as('aAdmin'), action: 'member.setLevel', target: { user: 'aAdmin' }, allowed: false, reasons: [{ code: 'self' }] },
  { id: 'M6', name: 'an operator cannot change their own level', session: as('opr'), action: 'member.setLevel', target: { user: 'opr' }, allowed: false, reasons: [{ code: 'self' }] },
  { id: 'M6', name: "a Mid member changes another Mid's level", session: as('aMid'), action: 'member.setLevel', target: { user: 'aBasic' }, allowed: true, reasons: [granted('mid', 'own')] },
  // M7
  { id: 'M7', name: 'a member cannot change the level of a user with the same email (case-insensitive)', session: as('aAdmin'), action: 'member.setLevel', target: { user: 'aTwin' }, allowed: false, reasons: [{ code: 'same-email' }] },
  { id: 'M7', name: 'nor the other way round', session: as('aTwin'), action: 'member.setLevel', target: { user: 'aAdmin' }, allowed: false, reasons: [{ code: 'same-email' }] },
  { id: 'M7', name: 'nor edit them', session: as('aAdmin'), action: 'member.edit', target: { user: 'aTwin' }, allowed: false, reasons: [{ code: 'same-email' }] },
  { id: 'M7', name: 'users sharing an email stay separate: the Mid twin has no invoices', session: as('aTwin'), action: 'myAccount.invoices', target: { account: 'A' }, allowed: false, reasons: [noGrant('myAccount.invoices')] },
  { id: 'M7', name: 'an operator changes either twin', session: as('opr'), action: 'member.setLevel', target: { user: 'aTwin' }, allowed: true, reasons: [granted('operator')] },
];

describe('member-portal preset', () => {
  ruleTable(cp, dir, cases, ['M1', 'M2', 'M4', 'M5', 'M6', 'M7'], 'every table rule has an allowed and a denied case');

  it('M1 the inviter sets the new member\'s level, never above their own', () => {
    const candidate: UserRecord = { id: 'new', kind: 'member', account: 'A', roles: [], email: 'new@client.test', status: 'invited' };
    const byMid = assignableRoles(cp, dir, as('aMid'), { candidate });
    expect(byMid.map((o) => [o.role, o.allowed])).toEqual([['admin', false], ['mid', true], ['basic', true]]);
    expect(byMid[0]!.reasons).toEqual([{ code: 'role-above-own', role: 'admin' }]);
    expect(byMid[1]!.reasons).toEqual([granted('mid', 'own')]);
    const byOperator = assignableRoles(cp, dir, as('opr'), { candidate });
    expect(byOperator.every((o) => o.allowed)).toBe(true);
    const byBasic = assignableRoles(cp, dir, as('aBasic'), { candidate });
    expect(byBasic.map((o) => o.allowed)).toEqual([false, false, false]);
    expect(byBasic[0]!.reasons).toEqual([noGrant('member.setLevel')]);
    const intoOther = assignableRoles(cp, dir, as('bAdmin'), { candidate });
    expect(intoOther[2]).toMatchObject({ role: 'basic', allowed: false, reasons: [outOfScope('admin', 'own')] });
  });

  it('M3 the first member of an account becomes Admin, and may then manage users', () => {
    expect(cp.policy.firstUserRole.member).toBe('admin');
    const fresh = new Directory({ accounts: [{ id: 'C' }, { id: 'A' }] });
    fresh.putUser(member('first', 'C', cp.policy.firstUserRole.member!));
    expect(decide(cp, fresh, as('first'), 'member.invite', { account: 'C' })).toEqual({ allowed: true, reasons: [granted('admin', 'own')] });
    expect(decide(cp, fresh, as('first'), 'member.invite', { account: 'A' })).toEqual({ allowed: false, reasons: [outOfScope('admin', 'own')] });
  });

  it('M4 a client loading the same policy JSON gets the same decision for every request', () => {
    const app = compilePolicy(JSON.parse(JSON.stringify(presets['member-portal'])));
    let allowed = 0;
    let denied = 0;
    for (const actor of dir.users.keys()) {
      for (const action of cp.actions.values()) {
        const targets: Target[] = action.def.target === 'user' ? [...dir.users.keys()].map((user) => ({ user })) : [{ account: 'A' }, { account: 'B' }];
        for (const target of targets) {
          const d = decide(cp, dir, as(actor), action.id, target);
          expect(decide(app, dir, as(actor), action.id, target)).toEqual(d);
          if (d.allowed) allowed++;
          else denied++;
        }
      }
    }
    expect(allowed).toBeGreaterThan(0);
    expect(denied).toBeGreaterThan(0);
  });

  it('M5 member levels are one of three, operators outrank them all', () => {
    expect(cp.policy.combine).toBe('single');
    expect([...cp.roles.values()].filter((r) => r.def.holder === 'member').map((r) => r.id)).toEqual(['admin', 'mid', 'basic']);
    expect([...cp.roles.get('operator')!.outranks].sort()).toEqual(['admin', 'basic', 'mid']);
  });

  it('M6 nobody is offered a level for themselves', () => {
    const options = assignableRoles(cp, dir, as('aAdmin'), { user: 'aAdmin' });
    expect(options).toHaveLength(3);
    expect(options.every((o) => !o.allowed && o.reasons[0]?.code === 'self')).toBe(true);
    // operators' roles are not assigned in this preset at all
    expect(assignableRoles(cp, dir, as('opr'), { user: 'opr' })).toMatchObject([
      { role: 'operator', allowed: false, reasons: [{ code: 'unknown-action', action: 'assignment.operator' }] },
    ]);
  });

  it('M4 the preset offers no impersonation', () => {
    expect(canImpersonate(cp, dir, as('opr'), { account: 'A' }, 'view')).toEqual({ allowed: false, reasons: [{ code: 'no-impersonation', kind: 'account' }] });
  });
});
