import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { Policy } from './policy.js';
import { checkPolicy, loadPolicy, PolicyError, type PolicyIssue } from './policy-schema.js';
import { presets } from './presets/index.js';
import { Directory } from './state.js';

/** A mutable copy of a preset, as a partner would write it. */
function draft(id: keyof typeof presets = 'client-sharing'): any {
  return JSON.parse(JSON.stringify(presets[id]));
}

function issuesOf(input: unknown): PolicyIssue[] {
  const checked = checkPolicy(input);
  if (checked.ok) throw new Error('expected the policy to be refused');
  return checked.issues;
}

describe('loadPolicy', () => {
  it.each(Object.keys(presets) as Array<keyof typeof presets>)('accepts the %s preset, also after a JSON round trip', (id) => {
    expect(checkPolicy(presets[id]).ok).toBe(true);
    expect(loadPolicy(JSON.parse(JSON.stringify(presets[id]))).policy.id).toBe(id);
  });

  it('refuses an unknown action in a grant, naming the path', () => {
    const p = draft();
    p.roles.editor.grants[0].actions.push('client.fly');
    expect(issuesOf(p)).toEqual([{ path: 'roles.editor.grants[0].actions[5]', message: 'unknown action "client.fly"' }]);
    expect(() => loadPolicy(p)).toThrow(new PolicyError([{ path: 'roles.editor.grants[0].actions[5]', message: 'unknown action "client.fly"' }]));
    expect(() => loadPolicy(p)).toThrow('Invalid policy: roles.editor.grants[0].actions[5]: unknown action "client.fly"');
  });

  it('refuses an unknown action where the policy names its assignment, impersonation and sharing actions', () => {
    const p = draft();
    p.assignment.operator = 'user.promote';
    p.impersonation.account = 'client.enter';
    p.sharing = 'client.give';
    expect(issuesOf(p)).toEqual([
      { path: 'assignment.operator', message: 'unknown action "user.promote"' },
      { path: 'impersonation.account', message: 'unknown action "client.enter"' },
      { path: 'sharing', message: 'unknown action "client.give"' },
    ]);
  });

  it('refuses assignment, impersonation and sharing actions that act on the wrong kind of target', () => {
    const p = draft();
    p.assignment.operator = 'users.manage';
    p.impersonation.account = 'users.view';
    p.impersonation.user = 'client.signIn';
    p.sharing = 'groups.manage';
    expect(issuesOf(p)).toEqual([
      { path: 'assignment.operator', message: 'action "users.manage" must have target "user" (it has "partner")' },
      { path: 'impersonation.user', message: 'action "client.signIn" must have target "user" (it has "account")' },
      { path: 'impersonation.account', message: 'action "users.view" must have target "account" (it has "partner")' },
      { path: 'sharing', message: 'action "groups.manage" must have target "account" (it has "partner")' },
    ]);
  });

  it('refuses a role that refers to a missing role', () => {
    const p = draft();
    p.roles.editor.above = ['viewOnly', 'ghost'];
    p.firstUserRole.operator = 'owner';
    expect(issuesOf(p)).toEqual([
      { path: 'roles.editor.above[1]', message: 'unknown role "ghost"' },
      { path: 'firstUserRole.operator', message: 'unknown role "owner"' },
    ]);
  });

  it('accepts a reference to a generated Secure variant, and refuses a first role of the wrong holder', () => {
    const p = draft('operator-portal');
    p.roles.support.above = ['sales.secure'];
    expect(checkPolicy(p).ok).toBe(true);
    const m = draft('member-portal');
    m.firstUserRole.member = 'operator';
    expect(issuesOf(m)).toEqual([{ path: 'firstUserRole.member', message: 'role "operator" is for operators' }]);
  });

  it('refuses a cycle in rank', () => {
    const p = draft();
    p.roles.viewOnly.above = ['admin'];
    expect(issuesOf(p)).toEqual([{ path: 'roles.admin.above', message: 'rank cycle: admin > editor > viewOnly > admin' }]);
    const self = draft();
    self.roles.editor.above = ['editor'];
    expect(issuesOf(self)).toEqual([{ path: 'roles.editor.above', message: 'rank cycle: editor > editor' }]);
  });

  it('refuses a bad right, quoting keys that hold dots', () => {
    const p = draft();
    p.actions['client.access'].right = 'superuser';
    p.roles.viewOnly.cap = 'root';
    expect(issuesOf(p)).toEqual([
      { path: 'actions["client.access"].right', message: 'Invalid option: expected one of "view"|"admin"|"admin+settings"' },
      { path: 'roles.viewOnly.cap', message: 'Invalid option: expected one of "view"|"admin"|"admin+settings"' },
    ]);
  });

  it('refuses an unknown field anywhere', () => {
    const p = draft();
    p.roles.admin.superpowers = true;
    p.actions['users.view'].hidden = true;
    p.owner = 'me';
    expect(issuesOf(p)).toEqual([
      { path: 'actions["users.view"]', message: 'Unrecognized key: "hidden"' },
      { path: 'roles.admin', message: 'Unrecognized key: "superpowers"' },
      { path: '', message: 'Unrecognized key: "owner"' },
    ]);
    expect(() => loadPolicy(p)).toThrow('(root): Unrecognized key: "owner"');
  });

  it('refuses an unknown setting in a condition', () => {
    const p = draft('partner-portal');
    p.roles.sales.grants[4].when[0].setting = 'leadVisibility';
    expect(issuesOf(p)).toEqual([{ path: 'roles.sales.grants[4].when[0].setting', message: 'unknown setting "leadVisibility"' }]);
  });

  it('refuses a malformed condition, listing the forms a condition takes', () => {
    const p = draft('partner-portal');
    p.roles.sales.grants[4].when[0] = { setting: 'leadVisibilityByRole', is: 'yes' };
    const [issue, ...rest] = issuesOf(p);
    expect(rest).toEqual([]);
    expect(issue!.path).toBe('roles.sales.grants[4].when[0]');
    expect(issue!.message).toMatch(/^must be one of \{account: .*\{content: "audience"\}$/);
  });

  it('refuses other structural problems: format, unknown area, scope, duplicate Secure variant', () => {
    const p = draft('operator-portal');
    p.format = 'deputy-policy/2';
    expect(issuesOf(p)).toEqual([{ path: 'format', message: 'Invalid input: expected "deputy-policy/1"' }]);
    const q = draft('operator-portal');
    q.actions['account.view'].area = 'nowhere';
    q.roles['sales.secure'] = { ...q.roles.sales, secureVariant: false };
    expect(issuesOf(q)).toEqual([
      { path: 'actions["account.view"].area', message: 'unknown area "nowhere"' },
      { path: 'roles.sales.secureVariant', message: 'role "sales.secure" already exists' },
    ]);
    expect(issuesOf(null)).toEqual([{ path: '', message: 'Invalid input: expected object, received null' }]);
  });

  it('makes the assignment action refuse self-assignment even when the policy forgets notSelf', () => {
    const p: Policy = draft();
    delete p.actions['user.assignRole']!.notSelf;
    const cp = loadPolicy(p);
    expect(cp.actions.get('user.assignRole')!.def.notSelf).toBe(true);
    const dir = new Directory({ users: [{ id: 'a', kind: 'operator', roles: ['admin'], email: 'a@x.test', status: 'active' }] });
    expect(decide(cp, dir, { actor: 'a' }, 'user.assignRole', { user: 'a' })).toEqual({ allowed: false, reasons: [{ code: 'self' }] });
  });
});
