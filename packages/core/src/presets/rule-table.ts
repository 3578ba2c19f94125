/**
 * Test scaffolding shared by the preset rule-table suites (`*.test.ts` beside this file); imported by tests only.
 * A suite lists cases per rule id (O1, M2, …) and `ruleTable` turns them into one test each, plus a test that
 * every rule has both an allowed and a denied case.
 */
import { expect, it } from 'vitest';
import type { CompiledPolicy } from '../compile.js';
import { decide, type Target } from '../decide.js';
import type { Session } from '../session.js';
import type { Condition, Right, Scope } from '../policy.js';
import type { Reason } from '../reasons.js';
import type { Directory, UserRecord, UserStatus } from '../state.js';

export interface Case {
  id: string;
  name: string;
  session: Session;
  action: string;
  target: Target;
  allowed: boolean;
  reasons: Reason[];
}

/** `prefix1` … `prefixN`: the ids of a preset's rules. */
export function ruleIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

/**
 * Registers, in the current `describe`, one test per case (`decide` must give exactly its allowed and reasons)
 * and the test that each of `rules` has an allowed and a denied case.
 */
export function ruleTable(
  cp: CompiledPolicy,
  dir: Directory,
  cases: readonly Case[],
  rules: readonly string[],
  title = `every rule ${rules[0]}–${rules.at(-1)} has an allowed and a denied case`,
): void {
  it.each(cases)('$id $name', (c) => {
    expect(decide(cp, dir, c.session, c.action, c.target)).toEqual({ allowed: c.allowed, reasons: c.reasons });
  });

  it(title, () => {
    for (const id of rules) {
      const of = cases.filter((c) => c.id === id);
      expect(of.some((c) => c.allowed), `${id} allowed`).toBe(true);
      expect(of.some((c) => !c.allowed), `${id} denied`).toBe(true);
    }
  });
}

/** A factory of active-by-default operators whose email is `<id>@<domain>`. */
export function operators(domain: string) {
  return (id: string, roles: string | string[], status: UserStatus = 'active'): UserRecord => ({
    id,
    kind: 'operator',
    roles: typeof roles === 'string' ? [roles] : roles,
    email: `${id}@${domain}`,
    status,
  });
}

export const as = (actor: string): Session => ({ actor });

export const granted = (role: string, scope: Scope = 'all', right: Right = 'admin+settings'): Reason => ({ code: 'granted', role, scope, right });
export const shared = (role: string, group: string, groupRight: Right, right: Right = groupRight, cap: Right = 'admin+settings'): Reason =>
  ({ code: 'granted', role, scope: 'shared', right, group, groupRight, cap });
export const tooLow = (role: string, have: Right, need: Right, group: string, groupRight: Right, cap: Right = 'admin+settings'): Reason =>
  ({ code: 'right-too-low', role, have, need, group, groupRight, cap });
export const cond = (role: string, condition: Condition, holds: boolean): Reason => ({ code: 'condition', role, condition, holds });
export const outOfScope = (role: string, scope: Scope): Reason => ({ code: 'out-of-scope', role, scope });
export const noGrant = (action: string): Reason => ({ code: 'no-grant', action });
export const inactive = (user: string, status: UserStatus): Reason => ({ code: 'inactive', user, status });
