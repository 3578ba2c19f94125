import { describe, expect, it } from 'vitest';
import type { RightEntry, SessionView } from './api.ts';
import { defaultAccount, groupRights } from './rights.ts';

const entry = (action: string, area: string, allowed: boolean): RightEntry => ({
  action,
  area,
  label: action,
  allowed,
  reasons: [{ code: allowed ? 'granted' : 'no-grant', text: allowed ? 'Role X grants it.' : 'No role grants it.' } as RightEntry['reasons'][number]],
});

describe('groupRights', () => {
  const areas = { accounts: 'Accounts', users: 'Users', settings: 'Settings' };

  it('groups in the policy order of areas, keeping the server order inside and dropping empty areas', () => {
    const groups = groupRights([entry('u.edit', 'users', false), entry('a.view', 'accounts', true), entry('a.edit', 'accounts', false)], areas);
    expect(groups.map((g) => g.area)).toEqual(['accounts', 'users']);
    expect(groups[0]).toMatchObject({ label: 'Accounts', allowed: 1 });
    expect(groups[0]!.entries.map((e) => e.action)).toEqual(['a.view', 'a.edit']);
    expect(groups[1]).toMatchObject({ label: 'Users', allowed: 0 });
  });

  it('keeps rights of an area the policy does not list, labelled by its id, last', () => {
    const groups = groupRights([entry('x.do', 'extra', true), entry('a.view', 'accounts', true)], areas);
    expect(groups.map((g) => [g.area, g.label])).toEqual([
      ['accounts', 'Accounts'],
      ['extra', 'extra'],
    ]);
  });

  it('passes the decisions and reasons through unchanged', () => {
    const e = entry('a.edit', 'accounts', false);
    expect(groupRights([e], areas)[0]!.entries[0]).toBe(e);
  });
});

describe('defaultAccount', () => {
  const actor = { id: 'u1', kind: 'operator', account: undefined } as unknown as SessionView['actor'];
  const base = { actor } as SessionView;

  it('is the account acted as, else the subject user’s account, else the actor’s', () => {
    expect(defaultAccount({ ...base, subject: { account: { id: 'alpha' } } } as SessionView)).toBe('alpha');
    expect(defaultAccount({ ...base, subject: { user: { account: 'acme' } } } as SessionView)).toBe('acme');
    expect(defaultAccount({ ...base, actor: { ...actor, account: 'globex' } } as SessionView)).toBe('globex');
    expect(defaultAccount(base)).toBeUndefined();
  });
});
