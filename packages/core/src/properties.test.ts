import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from './compile.js';
import { decide, type Target } from './decide.js';
import type { Session } from './session.js';
import { assignableRoles } from './delegation.js';
import { canImpersonate, startImpersonation } from './impersonation.js';
import type { ActionDef, Condition, Grant, Policy, Right, RoleDef, Scope } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';
import { loadPolicy } from './policy-schema.js';
import type { Decision, Reason, Subject } from './reasons.js';
import { Directory, type StateData, type UserRecord, type UserStatus } from './state.js';

/*
 * Invariants I1–I3 over random valid policies and random states. Every generated policy goes
 * through `loadPolicy`, so the generator and the validator must agree that it is valid.
 */

const RUNS = { numRuns: 1000 };
const USERS = ['u0', 'u1', 'u2', 'u3'];
const ACCOUNTS = ['a0', 'a1', 'a2'];
const GROUPS = ['g0', 'g1'];
const LEADS = ['l0', 'l1'];
const CONTENTS = ['c0', 'c1'];

const right = fc.constantFrom<Right>(...RIGHTS);
const scope = fc.constantFrom<Scope>('all', 'assigned', 'shared', 'own', 'self');

const actionDef = (target: ActionDef['target']) =>
  fc
    .record({
      right: fc.option(right, { nil: undefined }),
      sensitive: fc.boolean(),
      rank: fc.constantFrom(undefined, 'below' as const, 'atOrBelow' as const),
      notSelf: fc.boolean(),
      notSameEmail: fc.boolean(),
    })
    .map(({ right: r, sensitive, rank, notSelf, notSameEmail }): ActionDef => {
      const def: ActionDef = { area: 'main', label: 'Generated', target };
      if (r) def.right = r;
      if (sensitive) def.sensitive = true;
      if (target === 'user') {
        if (rank) def.rank = rank;
        if (notSelf) def.notSelf = true;
        if (notSameEmail) def.notSameEmail = true;
      }
      return def;
    });

/** Fixed action ids (so policies can name their structural actions), random definitions. */
const actions = fc.record({
  assign: actionDef('user'),
  impUser: actionDef('user'),
  impAccount: actionDef('account'),
  share: actionDef('account'),
  'account.a': actionDef('account'),
  'account.b': actionDef('account'),
  'user.a': actionDef('user'),
  'partner.a': actionDef('partner'),
  'lead.a': actionDef('lead'),
  'content.a': actionDef('content'),
});
const ACTION_IDS = ['assign', 'impUser', 'impAccount', 'share', 'account.a', 'account.b', 'user.a', 'partner.a', 'lead.a', 'content.a'];

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ account: fc.constantFrom('secure' as const, 'setupCompleted' as const, 'template' as const), is: fc.boolean() }),
  fc.record({ setting: fc.constant('flag'), is: fc.boolean() }),
  fc.constant<Condition>({ setting: 'rolesList', includesRole: true }),
  fc.constant<Condition>({ lead: 'source', in: ['marketing'] }),
  fc.constant<Condition>({ lead: 'assignedToSelf' }),
  fc.constant<Condition>({ content: 'audience' }),
);

const grant: fc.Arbitrary<Grant> = fc
  .record({
    actions: fc.oneof({ weight: 9, arbitrary: fc.subarray(ACTION_IDS, { minLength: 1 }) }, { weight: 1, arbitrary: fc.constant<string[]>(['*']) }),
    scope,
    when: fc.array(condition, { maxLength: 2 }),
  })
  .map((g) => (g.when.length ? g : { actions: g.actions, scope: g.scope }));

/** Roles r0…rN-1; `above` only points to later roles, so rank is a DAG. */
const roles = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        holder: fc.constantFrom<RoleDef['holder']>('operator', 'operator', 'member'),
        signIn: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(false) }),
        above: fc.subarray(Array.from({ length: n - i - 1 }, (_, j) => `r${i + j + 1}`)),
        secureVariant: fc.boolean(),
        cap: fc.option(right, { nil: undefined }),
        grants: fc.array(grant, { maxLength: 3 }),
      }),
    ),
  ),
);

const policy: fc.Arbitrary<Policy> = fc
  .record({ actions, roles, combine: fc.constantFrom('most-permissive' as const, 'single' as const), secureAccounts: fc.boolean(), boss: fc.constantFrom('none', 'star', 'copy') })
  .map(({ actions: acts, roles: rs, combine, secureAccounts, boss }) => ({
    format: 'deputy-policy/1' as const,
    id: 'generated',
    name: 'Generated',
    description: '',
    areas: { main: 'Main' },
    actions: acts,
    roles: Object.fromEntries(
      rs.map((r, i) => {
        const def: RoleDef = { label: `Role ${i}`, description: '', holder: r.holder, grants: r.grants };
        if (r.cap) def.cap = r.cap;
        if (r.signIn === false) def.signIn = false;
        if (r.above.length) def.above = r.above;
        // often an administrator: r0 outranks every other role and holds every action on every
        // account ('star') or exactly the grants of the roles below it ('copy')
        if (boss !== 'none' && i === 0) {
          def.above = rs.slice(1).map((_, j) => `r${j + 1}`);
          def.grants = [...r.grants, ...(boss === 'star' ? [{ actions: ['*'], scope: 'all' as const }] : rs.flatMap((other) => other.grants))];
          delete def.cap;
        }
        if (def.above?.length === 0) delete def.above;
        if (r.secureVariant) def.secureVariant = true;
        return [`r${i}`, def];
      }),
    ),
    combine,
    firstUserRole: {},
    secureAccounts,
    impersonation: { user: 'impUser', account: 'impAccount' },
    sharing: 'share',
    assignment: { operator: 'assign', member: 'assign' },
    customRoles: { kind: 'none' as const },
    signIn: { secondFactor: [] },
    settings: { flag: { label: 'A flag', default: false }, rolesList: { label: 'Some roles', default: [] } },
  }));

const status = fc.constantFrom<UserStatus>('active', 'active', 'active', 'active', 'active', 'blocked', 'locked', 'disabled');

function state(roleIds: string[]): fc.Arbitrary<StateData> {
  const user = (id: string) =>
    fc
      .record({
        kind: fc.constantFrom<UserRecord['kind']>('operator', 'member'),
        account: fc.constantFrom(...ACCOUNTS),
        roles: fc.subarray(roleIds, { maxLength: Math.min(3, roleIds.length) }),
        email: fc.constantFrom('x@test', 'y@test', `${id}@test`),
        status,
      })
      .map((u): UserRecord => ({ id, kind: u.kind, ...(u.kind === 'member' ? { account: u.account } : {}), roles: u.roles, email: u.email, status: u.status }));
  return fc.record({
    users: fc.tuple(...USERS.map(user)),
    accounts: fc.tuple(
      ...ACCOUNTS.map((id) => fc.record({ secure: fc.boolean(), setupCompleted: fc.boolean(), template: fc.boolean() }).map((f) => ({ id, ...f }))),
    ),
    groups: fc.tuple(...GROUPS.map((id) => fc.subarray(USERS).map((members) => ({ id, members })))),
    shares: fc.array(fc.record({ account: fc.constantFrom(...ACCOUNTS), group: fc.constantFrom(...GROUPS), right }), { maxLength: 4 }),
    assignments: fc.array(fc.record({ user: fc.constantFrom(...USERS), account: fc.constantFrom(...ACCOUNTS) }), { maxLength: 4 }),
    settings: fc.record({ flag: fc.boolean(), rolesList: fc.subarray(roleIds) }),
    leads: fc.tuple(
      ...LEADS.map((id) =>
        fc
          .record({ source: fc.constantFrom('marketing', 'registered'), assignedTo: fc.option(fc.constantFrom(...USERS), { nil: undefined }) })
          .map((l) => (l.assignedTo ? { id, source: l.source, assignedTo: l.assignedTo } : { id, source: l.source })),
      ),
    ),
    contents: fc.tuple(...CONTENTS.map((id) => fc.subarray(roleIds, { maxLength: Math.min(2, roleIds.length) }).map((audience) => ({ id, audience })))),
  });
}

interface World {
  cp: CompiledPolicy;
  data: StateData;
  dir: Directory;
}

const world: fc.Arbitrary<World> = policy.chain((p) => {
  const cp = loadPolicy(p);
  return state([...cp.roles.keys()]).map((data) => ({ cp, data, dir: new Directory(data) }));
});

const subject: fc.Arbitrary<Subject> = fc.oneof(
  fc.constantFrom(...USERS).map((user) => ({ user })),
  fc.constantFrom(...ACCOUNTS).map((account) => ({ account })),
);

/** Every action of the policy (and one it lacks) against every target of its kind (and a missing one). */
function* requests(cp: CompiledPolicy): Generator<[string, Target]> {
  for (const act of cp.actions.values()) {
    switch (act.def.target) {
      case 'account':
        for (const account of [...ACCOUNTS, 'missing']) yield [act.id, { account }];
        break;
      case 'user':
        for (const user of [...USERS, 'missing']) yield [act.id, { user }];
        break;
      case 'lead':
        for (const lead of LEADS) yield [act.id, { lead }];
        break;
      case 'content':
        for (const content of CONTENTS) yield [act.id, { content }];
        break;
      case 'partner':
        yield [act.id, {}];
    }
  }
  yield ['no.such.action', { account: 'a0' }];
}

/** The directory with one user's roles replaced. */
function withRoles(data: StateData, userId: string, roles: string[]): Directory {
  return new Directory({ ...data, users: data.users!.map((u) => (u.id === userId ? { ...u, roles } : u)) });
}

function grantReasons(d: Decision, as?: 'actor' | 'subject'): Array<Extract<Reason, { code: 'granted' }>> {
  return d.reasons.filter((r): r is Extract<Reason, { code: 'granted' }> => r.code === 'granted' && r.as === as);
}

// 1,000 runs each take a second or two alone; leave room for a busy CI machine
describe('invariants over generated policies and states', { timeout: 120_000 }, () => {
  it('I2: an impersonating session never exceeds the actor, the subject or the mode', () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...USERS), subject, right, ({ cp, dir }, actor, subj, mode) => {
        const session: Session = { actor, subject: subj, mode };
        for (const [action, target] of requests(cp)) {
          const d = decide(cp, dir, session, action, target);
          if (!d.allowed) continue;
          const act = cp.actions.get(action)!;
          expect(decide(cp, dir, { actor }, action, target).allowed).toBe(true);
          if ('user' in subj) expect(decide(cp, dir, { actor: subj.user }, action, target).allowed).toBe(true);
          else expect(act.def.target === 'account' ? target.account : dir.users.get(target.user!)?.account).toBe(subj.account);
          expect(act.rightRank).toBeLessThanOrEqual(rightRank(mode));
          expect(act.def.sensitive ?? false).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('I2: a started impersonation is at most what the actor reaches on the subject', () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...USERS), subject, right, ({ cp, dir }, actor, subj, mode) => {
        const started = startImpersonation(cp, dir, { actor }, subj, mode, 0);
        expect(started.decision.reasons.length).toBeGreaterThan(0);
        if (!started.decision.allowed) {
          expect(started.session).toBeUndefined();
          return;
        }
        expect(rightRank(mode)).toBeLessThanOrEqual(rightRank(started.decision.maxMode!));
        const kind = 'user' in subj ? 'user' : 'account';
        expect(decide(cp, dir, { actor }, cp.policy.impersonation[kind]!, subj).allowed).toBe(true);
        if ('user' in subj) expect(dir.users.get(subj.user)?.status).toBe('active');
      }),
      RUNS,
    );
  });

  it('I1: a role the actor may assign grants nothing the actor does not hold (a user in their place holding only it)', () => {
    // an active actor with one to three roles and a target holding none, so that roles are offered often
    const setup = world.chain((w) =>
      fc.record({
        w: fc.constant(w),
        actorRoles: fc.oneof(
          fc.subarray([...w.cp.roles.keys()], { minLength: 1, maxLength: Math.min(3, w.cp.roles.size) }),
          fc.constantFrom(...[...w.cp.roles.keys()].filter((id) => id.startsWith('r0'))).map((id) => [id]),
        ),
        target: fc.constantFrom(...USERS.slice(1)),
      }),
    );
    let offered = 0;
    fc.assert(
      fc.property(setup, ({ w: { cp, data }, actorRoles, target }) => {
        const actor = 'u0';
        const base: StateData = {
          ...data,
          users: data.users!.map((u) => (u.id === actor ? { ...u, roles: actorRoles, status: 'active' as const } : u.id === target ? { ...u, roles: [] } : u)),
        };
        const dir = new Directory(base);
        for (const option of assignableRoles(cp, dir, { actor }, { user: target })) {
          if (!option.allowed || actorRoles.includes(option.role)) continue;
          offered++;
          const instead = withRoles(base, actor, [option.role]);
          for (const [action, t] of requests(cp)) {
            if (!decide(cp, instead, { actor }, action, t).allowed) continue;
            expect(decide(cp, dir, { actor }, action, t), `${option.role} allows ${action} ${JSON.stringify(t)}`).toMatchObject({ allowed: true });
          }
        }
      }),
      RUNS,
    );
    // the property must have been exercised: roles the actor does not hold were offered
    expect(offered).toBeGreaterThan(200);
  });

  it('I1: nobody changes their own roles', () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...USERS), ({ cp, dir }, actor) => {
        const kind = dir.users.get(actor)!.kind;
        expect(decide(cp, dir, { actor }, cp.policy.assignment[kind]!, { user: actor }).allowed).toBe(false);
        for (const option of assignableRoles(cp, dir, { actor }, { user: actor })) expect(option.allowed).toBe(false);
      }),
      RUNS,
    );
  });

  it('I3: a session acting as someone cannot start another impersonation, and nobody impersonates themselves', () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...USERS), subject, subject, right, ({ cp, dir }, actor, first, second, mode) => {
        const session: Session = { actor, subject: first, mode };
        expect(canImpersonate(cp, dir, session, second, 'view')).toEqual({ allowed: false, reasons: [{ code: 'nested' }] });
        expect(startImpersonation(cp, dir, session, second, mode, 0).session).toBeUndefined();
        // nor does anyone act as themselves, whatever the policy's impersonation action says
        expect(canImpersonate(cp, dir, { actor }, { user: actor }, mode)).toEqual({ allowed: false, reasons: [{ code: 'self' }] });
      }),
      RUNS,
    );
  });

  it('I5: reasons are never empty, and an allow names a grant of a role the user holds for that action', () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...USERS), fc.option(subject, { nil: undefined }), right, ({ cp, dir }, actor, subj, mode) => {
        const session: Session = subj ? { actor, subject: subj, mode } : { actor };
        for (const [action, target] of requests(cp)) {
          const d = decide(cp, dir, session, action, target);
          expect(d.reasons.length).toBeGreaterThan(0);
          if (!d.allowed) continue;
          const holders: Array<[string, 'actor' | 'subject' | undefined]> = !subj
            ? [[actor, undefined]]
            : 'user' in subj
              ? [[actor, 'actor'], [subj.user, 'subject']]
              : [[actor, 'actor']];
          for (const [userId, as] of holders) {
            const granted = grantReasons(d, as);
            expect(granted.length).toBeGreaterThan(0);
            for (const g of granted) {
              expect(dir.users.get(userId)!.roles).toContain(g.role);
              expect(cp.roles.get(g.role)!.byAction.get(action)?.some((grant) => grant.scope === g.scope)).toBe(true);
              expect(rightRank(g.right)).toBeGreaterThanOrEqual(cp.actions.get(action)!.rightRank);
            }
          }
        }
      }),
      RUNS,
    );
  });
});
