import { decide, effectiveRights, permissionTable, permissionTableCsv, type Session } from '@deputy/core';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { wire, wireJson, type WireDecision } from '../domain/guard.js';
import { decideAccountOp } from '../domain/operations.js';
import { canSee } from '../domain/users.js';
import { visibleAccount } from '../domain/accounts.js';
import { ApiError } from '../errors.js';
import { authenticate, authenticateNow, requireSession, type Auth, type Env } from '../middleware/auth.js';
import { sendJson } from '../middleware/cors.js';
import { accept, fields, isId, jsonBody, plainWith, query, queryValue, type Fast, type Validated } from '../validation.js';

export const check = z.strictObject({
  action: z.string().min(1).max(200),
  target: z
    .strictObject({ account: fields.id.optional(), user: fields.id.optional(), lead: fields.id.optional(), content: fields.id.optional() })
    .default({}),
  user: fields.id.optional(),
});
type Check = z.output<typeof check>;

const CHECK_KEYS = new Set(['action', 'target', 'user']);
const TARGET_KEYS: ReadonlySet<string> = new Set(['account', 'user', 'lead', 'content'] satisfies TargetKey[]);
type TargetKey = keyof Check['target'];

/**
 * `check` without zod, for well-formed input (anything else gets zod's answer). A body parsed for
 * this request is handed on as it is, not copied: a batch checks a hundred of them.
 */
export const fastCheck: Fast<Check> = (v) => {
  if (!plainWith(v, CHECK_KEYS) || !isId(v.action) || (v.user !== undefined && !isId(v.user))) return undefined;
  if (v.target === undefined) return v.user === undefined ? { action: v.action, target: {} } : { action: v.action, target: {}, user: v.user };
  if (!plainWith(v.target, TARGET_KEYS)) return undefined;
  for (const key in v.target) {
    const id = v.target[key];
    if (id !== undefined && !isId(id)) return undefined;
  }
  return v as Check;
};

export const checkBatch = z.strictObject({ checks: z.array(check).min(1).max(1000) });
const BATCH_KEYS = new Set(['checks']);
export const fastBatch: Fast<{ checks: Check[] }> = (v) => {
  if (!plainWith(v, BATCH_KEYS) || !Array.isArray(v.checks) || v.checks.length < 1 || v.checks.length > 1000) return undefined;
  const checks: Check[] = [];
  for (const one of v.checks) {
    const ok = fastCheck(one);
    if (!ok) return undefined;
    checks.push(ok);
  }
  return { checks };
};

/** `GET /api/check?action=&account=&user=&lead=&content=&for=`: the same check without a body (`for` = someone else). */
export const checkQuery = z.strictObject({
  action: z.string().min(1).max(200),
  account: fields.id.optional(),
  user: fields.id.optional(),
  lead: fields.id.optional(),
  content: fields.id.optional(),
  for: fields.id.optional(),
});
type CheckQuery = z.output<typeof checkQuery>;

const QUERY_KEYS = new Set(['action', 'account', 'user', 'lead', 'content', 'for']);
export const fastCheckQuery: Fast<CheckQuery> = (v) => {
  if (!plainWith(v, QUERY_KEYS) || v.action === undefined) return undefined;
  for (const key in v) if (!isId(v[key])) return undefined;
  return v as CheckQuery;
};

/**
 * The check a plain query string asks for — each known key at most once, values of 1 to 200
 * characters with nothing escaped — read straight from the URL, without the object of arrays
 * `c.req.queries()` builds and the copies after it; undefined for any other query (repeats,
 * escapes, unknown or empty keys), which `checkQuery` then reads and explains.
 */
export function plainCheckQuery(url: string): Check | undefined {
  let at = url.indexOf('?') + 1;
  if (at === 0) return undefined;
  let action: string | undefined;
  let user: string | undefined;
  const target: Check['target'] = {};
  while (at <= url.length) {
    let end = url.indexOf('&', at);
    if (end === -1) end = url.length;
    const eq = url.indexOf('=', at);
    if (eq === -1 || eq > end || end - eq - 1 < 1 || end - eq - 1 > 200) return undefined;
    const value = url.slice(eq + 1, end);
    if (value.includes('%') || value.includes('+')) return undefined;
    const key = url.slice(at, eq);
    if (key === 'action' && action === undefined) action = value;
    else if (key === 'for' && user === undefined) user = value;
    else if (TARGET_KEYS.has(key) && target[key as TargetKey] === undefined) target[key as TargetKey] = value;
    else return undefined;
    at = end + 1;
  }
  if (action === undefined) return undefined;
  return user === undefined ? { action, target } : { action, target, user };
}

/** The session a check is made for: the caller's, or (`user`) someone the caller may see. */
function sessionFor(auth: Auth, c: Check): Session {
  if (c.user === undefined || c.user === auth.session.actor) return auth.session;
  if (!auth.partner.user(c.user) || !canSee(auth.partner, auth.session, c.user)) throw new ApiError('not_found', 'No such user.', 'user');
  return { actor: c.user };
}

/** One check's decision, as the JSON text of a `WireDecision`. */
function run(auth: Auth, c: Check): string {
  const p = auth.partner;
  if (c.target.user !== undefined) p.user(c.target.user);
  if (c.user !== undefined) p.user(c.user);
  return wireJson(p, decide(p.cp, p.dir, sessionFor(auth, c), c.action, c.target));
}

/**
 * `GET /api/check`: within the task that received the request where the store holds sessions in
 * memory (no promise, so hono hands the response straight to the socket), else once the store answered.
 */
export function checkByQuery(deps: Deps) {
  const answer = (c: Context<Env, string, Validated<'query', typeof checkQuery>>, auth: Auth) => {
    const plain = plainCheckQuery(c.req.url);
    if (plain) return sendJson<WireDecision>(c, run(auth, plain));
    const { action, for: user, ...target } = accept(queryValue(c), checkQuery, fastCheckQuery);
    return sendJson<WireDecision>(c, run(auth, user === undefined ? { action, target } : { action, target, user }));
  };
  return (c: Context<Env, string, Validated<'query', typeof checkQuery>>) => {
    const auth = authenticateNow(deps, c);
    return auth instanceof Promise ? auth.then((a) => answer(c, a)) : answer(c, auth);
  };
}

/**
 * Decisions with their reasons: one check, a batch, the rights on an account, the permission table (O8).
 * The three checks are the hot routes: each is one handler that authenticates and validates in
 * place (the same `authenticate` and `accept` as `requireSession` and `body`/`query`), which
 * spares every check two steps of hono's compose.
 */
export function decisionRoutes(deps: Deps) {
  const session = requireSession(deps);
  return new Hono<Env>()
    .post('/check', async (c: Context<Env, string, Validated<'json', typeof check>>) => {
      const auth = await authenticate(deps, c);
      return sendJson<WireDecision>(c, run(auth, accept(await jsonBody(c), check, fastCheck, true)));
    })
    .get('/check', checkByQuery(deps))
    .post('/check/batch', async (c: Context<Env, string, Validated<'json', typeof checkBatch>>) => {
      const auth = await authenticate(deps, c);
      let results = '';
      for (const one of accept(await jsonBody(c), checkBatch, fastBatch, true).checks) results += results === '' ? run(auth, one) : `,${run(auth, one)}`;
      return sendJson<{ results: WireDecision[] }>(c, `{"results":[${results}]}`);
    })
    .get('/rights', session, query(z.strictObject({ account: fields.id.optional() })), (c) => {
      const auth = c.get('auth');
      const p = auth.partner;
      const subject = auth.session.subject;
      const id = c.req.valid('query').account ?? (subject && 'account' in subject ? subject.account : undefined);
      const entries = id === undefined
        ? effectiveRights(p.cp, p.dir, auth.session, '').filter((r) => p.cp.actions.get(r.action)?.def.target === 'partner')
        : effectiveRights(p.cp, p.dir, auth.session, visibleAccount(auth, id).id);
      return c.json(entries.map((r) => ({ ...r, ...wire(p, r) })));
    })
    .get('/permissions.csv', session, (c) => {
      const { partner: p, session } = c.get('auth');
      const d = decideAccountOp(p.cp, p.dir, session, 'permissions');
      if (!d.allowed) throw new ApiError('forbidden', 'Not allowed to download the permission table.');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${p.id}-permissions.csv"`);
      return c.body(permissionTableCsv(permissionTable(p.cp)));
    });
}
