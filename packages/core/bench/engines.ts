import { createMongoAbility, subject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from 'casbin';
import { RIGHTS, rightRank } from '../src/index.js';
import { ACTIONS, benchPolicy, need, type Scenario } from './scenario.js';

/*
 * The same rules as `benchPolicy`, written for CASL and for casbin, each the way that library is
 * meant to be used. The benchmark checks that all three agree before it times anything.
 */

interface AccountFacts {
  id: string;
  secure: boolean;
  setupCompleted: boolean;
  shares: Array<{ group: string; rank: number }>;
  assignees: string[];
}

function accountFacts(s: Scenario): Map<string, AccountFacts> {
  const facts = new Map<string, AccountFacts>();
  for (const a of s.data.accounts!) facts.set(a.id, { id: a.id, secure: a.secure === true, setupCompleted: a.setupCompleted === true, shares: [], assignees: [] });
  for (const sh of s.data.shares!) facts.get(sh.account)!.shares.push({ group: sh.group, rank: rightRank(sh.right) });
  for (const as of s.data.assignments!) {
    const f = facts.get(as.account)!;
    if (!f.assignees.includes(as.user)) f.assignees.push(as.user);
  }
  return facts;
}

function roleActions(base: string): string[] {
  return ACTIONS.filter((a) => benchPolicy.roles[base]!.grants.some((g) => g.actions.includes(a) || g.actions.includes('*')));
}

/** CASL: one ability per user, rules with MongoDB-style conditions over account objects. */
export interface CaslEngine {
  abilities: Map<string, MongoAbility>;
  accounts: Map<string, object>;
}

export function buildCasl(s: Scenario): CaslEngine {
  const accounts = new Map<string, object>();
  for (const [id, f] of accountFacts(s)) accounts.set(id, subject('Account', f));
  const abilities = new Map<string, MongoAbility>();
  for (const user of s.data.users!) {
    const groups = s.groupsOf.get(user.id) ?? [];
    const rules: RawRuleOf<MongoAbility>[] = [];
    for (const role of user.roles) {
      const base = role.replace(/\.secure$/, '');
      const secure = role.endsWith('.secure') ? {} : { secure: false };
      const cap = rightRank(benchPolicy.roles[base]!.cap ?? 'admin+settings');
      if (base === 'admin') {
        rules.push(role.endsWith('.secure') ? { action: ACTIONS, subject: 'Account' } : { action: ACTIONS, subject: 'Account', conditions: secure });
      } else if (base === 'consultant') {
        rules.push({ action: ['client.view', 'client.data', 'client.edit'], subject: 'Account', conditions: { assignees: user.id, ...secure } });
        rules.push({ action: 'client.signIn', subject: 'Account', conditions: { assignees: user.id, setupCompleted: false, ...secure } });
      } else {
        for (const action of roleActions(base)) {
          if (need(action) > cap) continue;
          const shared = { shares: { $elemMatch: { group: { $in: groups }, rank: { $gte: need(action) } } } };
          rules.push({ action, subject: 'Account', conditions: { ...shared, ...secure } });
        }
      }
    }
    abilities.set(user.id, createMongoAbility(rules));
  }
  return { abilities, accounts };
}

const CASBIN_MODEL = `
[request_definition]
r = sub, dom, act, obj

[policy_definition]
p = role, act, scope, sec, cond

[role_definition]
g = _, _, _
g2 = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && g2(r.sub, p.role) && (p.sec == "y" || r.obj.secure == false) && (p.cond == "-" || r.obj.setupCompleted == false) && (p.scope == "all" || g(r.sub, p.scope, r.dom))
`;

/**
 * casbin, RBAC with domains: each client account is a domain. A user's roles are global (`g2`);
 * in an account's domain a user holds `assigned` or `share:<right>` (the best right of their groups),
 * and `share:admin+settings` implies `share:admin` implies `share:view` there.
 */
export interface CasbinEngine {
  enforcer: Enforcer;
  accounts: Map<string, object>;
}

export async function buildCasbin(s: Scenario): Promise<CasbinEngine> {
  const facts = accountFacts(s);
  const lines: string[] = [];
  for (const [role, def] of Object.entries(benchPolicy.roles)) {
    const variants = def.secureVariant ? [[role, '-'], [`${role}.secure`, 'y']] : [[role, '-']];
    const cap = rightRank(def.cap ?? 'admin+settings');
    for (const [id, sec] of variants) {
      for (const grant of def.grants) {
        const actions = grant.actions.includes('*') ? ACTIONS : grant.actions;
        const cond = grant.when ? 'setup' : '-';
        for (const action of actions) {
          if (grant.scope === 'shared' && need(action) > cap) continue;
          const scope = grant.scope === 'shared' ? `share:${RIGHTS[need(action)]}` : grant.scope;
          lines.push(`p, ${id}, ${action}, ${scope}, ${sec}, ${cond}`);
        }
      }
    }
  }
  for (const user of s.data.users!) for (const role of user.roles) lines.push(`g2, ${user.id}, ${role}`);
  const seen = new Set<string>();
  for (const a of s.data.assignments!) {
    const line = `g, ${a.user}, assigned, ${a.account}`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  const groupMembers = new Map(s.data.groups!.map((g) => [g.id, g.members]));
  for (const f of facts.values()) {
    if (f.shares.length === 0) continue;
    lines.push(`g, share:admin+settings, share:admin, ${f.id}`, `g, share:admin, share:view, ${f.id}`);
    const best = new Map<string, number>();
    for (const sh of f.shares) for (const u of groupMembers.get(sh.group)!) best.set(u, Math.max(best.get(u) ?? -1, sh.rank));
    for (const [u, rank] of best) lines.push(`g, ${u}, share:${RIGHTS[rank]}, ${f.id}`);
  }
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL), new StringAdapter(lines.join('\n')));
  const accounts = new Map<string, object>();
  for (const [id, f] of facts) accounts.set(id, { secure: f.secure, setupCompleted: f.setupCompleted });
  return { enforcer, accounts };
}
