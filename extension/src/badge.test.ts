import { describe, expect, it } from 'vitest';
import type { SessionView } from './api.ts';
import { badgeFor } from './badge.ts';

const actor = { id: 'u-admin', kind: 'operator', firstName: 'Ada', lastName: 'Admin', username: 'admin@x', email: 'a@x', roles: ['admin'], status: 'active' };
const policy = { combine: 'most-permissive', roles: [], actions: [], areas: {} };
const own = { partner: { id: 'p', name: 'P', preset: 'p' }, actor, policy } as unknown as SessionView;
const account = { id: 'alpha', name: 'Alpha Inc', secure: false, setupCompleted: false, template: false };
const acting = (mode?: SessionView['mode']) => ({ ...own, subject: { account }, ...(mode ? { mode } : {}) }) as SessionView;

describe('badgeFor', () => {
  it('is cleared when no session acts as anyone', () => {
    expect(badgeFor([])).toBeNull();
    expect(badgeFor([own, null, undefined])).toBeNull();
  });

  it('shows the mode with its own text and colour', () => {
    const view = badgeFor([acting('view')]);
    const admin = badgeFor([acting('admin')]);
    const settings = badgeFor([acting('admin+settings')]);
    expect(view).toMatchObject({ text: 'VIEW' });
    expect(admin).toMatchObject({ text: 'ADM' });
    expect(settings).toMatchObject({ text: 'ADM+' });
    expect(new Set([view!.color, admin!.color, settings!.color]).size).toBe(3);
    expect(settings!.title).toBe('Deputy: acting as Alpha Inc (admin with settings)');
  });

  it('counts acting as a user without a mode as admin, named after the user', () => {
    const subject = { user: { ...actor, id: 'u-sales', firstName: 'Sam', lastName: 'Sales' } };
    const badge = badgeFor([own, { ...own, subject } as SessionView]);
    expect(badge).toMatchObject({ text: 'ADM', title: 'Deputy: acting as Sam Sales (admin)' });
  });
});
