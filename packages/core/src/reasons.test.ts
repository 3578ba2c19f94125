import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from './compile.js';
import { decide, type Target } from './decide.js';
import type { Session } from './session.js';
import { assignableRoles, shareableRights } from './delegation.js';
import { canImpersonate } from './impersonation.js';
import { labelsOf } from './labels.js';
import { RIGHTS } from './policy.js';
import { loadPolicy } from './policy-schema.js';
import { presets, type PresetId } from './presets/index.js';
import { describeReason, type Reason } from './reasons.js';
import { effectiveRights } from './rights.js';
import { Directory, type UserRecord } from './state.js';

/** A state with one user per role (members in account A), an inactive user, flagged accounts, a share, a lead and content. */
function stateFor(cp: CompiledPolicy): Directory {
  const users: UserRecord[] = [...cp.roles.values()].map((r) => ({
    id: `u-${r.id}`,
    kind: r.def.holder,
    ...(r.def.holder === 'member' ? { account: 'A' } : {}),
    roles: [r.id],
    email: r.id === 'mid' ? 'u-admin@test' : `u-${r.id}@test`,
    status: 'active',
  }));
  users.push({ ...users[0]!, id: 'locked', status: 'locked' });
  return new Directory({
    users,
    accounts: [{ id: 'A' }, { id: 'S', secure: true, setupCompleted: true, template: true }],
    groups: [{ id: 'g', members: users.map((u) => u.id) }],
    shares: [{ account: 'A', group: 'g', right: 'view' }],
    assignments: users.map((u) => ({ user: u.id, account: 'A' })),
    leads: [{ id: 'L', source: 'registered' }],
    contents: [{ id: 'C', audience: ['nobody'] }],
  });
}

function targets(cp: CompiledPolicy, dir: Directory, kind: string): Target[] {
  if (kind === 'account') return [{ account: 'A' }, { account: 'S' }, { account: 'missing' }];
  if (kind === 'user') return [...dir.users.keys()].map((user) => ({ user }));
  if (kind === 'lead') return [{ lead: 'L' }];
  if (kind === 'content') return [{ content: 'C' }];
  return [{}];
}

// every user, session, action and target of a preset: a few seconds on a busy machine
describe('describeReason (I5)', { timeout: 60_000 }, () => {
  it.each(Object.keys(presets) as PresetId[])('gives every reason of the %s preset a readable sentence', (id) => {
    const cp = loadPolicy(presets[id]);
    const dir = stateFor(cp);
    const labels = labelsOf(cp);
    const seen = new Set<string>();
    const check = (reasons: readonly Reason[]) => {
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) {
        const text = describeReason(r, labels);
        expect(text, JSON.stringify(r)).toMatch(/^[A-Z].*\.$/);
        expect(text, JSON.stringify(r)).not.toMatch(/undefined|\[object/);
        seen.add(r.code);
      }
    };
    for (const actor of dir.users.keys()) {
      const sessions: Session[] = [
        { actor },
        { actor, subject: { account: 'A' }, mode: 'view' },
        { actor, subject: { user: [...dir.users.keys()][1]! }, mode: 'admin' },
      ];
      for (const session of sessions) {
        for (const act of cp.actions.values()) for (const t of targets(cp, dir, act.def.target)) check(decide(cp, dir, session, act.id, t).reasons);
        check(decide(cp, dir, session, 'no.such.action', {}).reasons);
        for (const e of effectiveRights(cp, dir, session, 'A')) check(e.reasons);
        for (const r of shareableRights(cp, dir, session, 'A')) check(r.reasons);
        for (const subject of [{ account: 'A' }, { user: actor }, { user: 'locked' }]) for (const mode of RIGHTS) check(canImpersonate(cp, dir, session, subject, mode).reasons);
        for (const user of dir.users.keys()) for (const o of assignableRoles(cp, dir, session, { user })) check(o.reasons);
      }
    }
    // reasons other modules give (the server asks `roleSetProblem`)
    check([{ code: 'single-role' }, { code: 'wrong-holder', role: 'x', holder: 'member' }, { code: 'unknown-role', role: 'x' }]);
    expect(seen.size).toBeGreaterThan(8);
  });

  it('says who the reason is about while impersonating', () => {
    const cp = loadPolicy(presets['client-sharing']);
    expect(describeReason({ code: 'no-grant', action: 'client.data', as: 'subject' }, labelsOf(cp))).toBe("Subject: No role of the user grants Work with the client's data.");
    expect(describeReason({ code: 'granted', role: 'viewOnly', scope: 'shared', right: 'view', group: 'g', groupRight: 'admin', cap: 'view', as: 'actor' }, labelsOf(cp))).toBe(
      'Actor: Role View-only grants it on shared scope through group g (admin), capped by the role at view-only.',
    );
  });
});
