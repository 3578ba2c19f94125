import type { PoolClient } from 'pg';
import type { StoreData } from './lowdb.js';
import { ALL_PARTNERS, scopeTo } from './postgres-schema.js';
import { col, uncol } from './postgres-sql.js';
import { CommitTx, type PartnerOwn } from './postgres-tx.js';
import type { AttemptRow, AuditEntry, PartnerState, SessionRow } from './types.js';

type Queryable = Pick<PoolClient, 'query'>;

const BULK_ROWS = 5_000;

/** One partner whole, and its version. Run it inside a snapshot (REPEATABLE READ) transaction. */
export async function readPartner(db: Queryable, id: string): Promise<{ state: PartnerState; version: number } | undefined> {
  await db.query(scopeTo(id));
  const head = await db.query<{ version: string; data: string }>('SELECT version, data FROM partners WHERE id = $1', [id]);
  if (!head.rows[0]) return undefined;
  const list = async <T>(table: string): Promise<T[]> => {
    const { rows } = await db.query<{ list: string | null }>(`SELECT '[' || string_agg(data, ',' ORDER BY seq) || ']' AS list FROM ${table} WHERE partner = $1`, [id]);
    return rows[0]?.list ? (JSON.parse(rows[0].list) as T[]) : [];
  };
  const byId = <T extends { id: string }>(items: T[]): Record<string, T> => Object.fromEntries(items.map((x) => [x.id, x]));
  const own = JSON.parse(head.rows[0].data) as PartnerOwn;
  const state: PartnerState = {
    ...own,
    users: byId(await list('users')),
    accounts: byId(await list('accounts')),
    groups: byId(await list('user_groups')),
    shares: await list('shares'),
    assignments: await list('assignments'),
    customRoles: await list('custom_roles'),
  };
  return { state, version: Number(head.rows[0].version) };
}

/** Everything the store holds, in the lowdb document's shape. Run it inside a snapshot transaction. */
export async function dumpStore(db: Queryable): Promise<StoreData> {
  const data: StoreData = { format: 'deputy-store/1', partners: {}, sessions: {}, attempts: {}, audit: {} };
  await db.query(ALL_PARTNERS);
  const ids = await db.query<{ id: string }>('SELECT id FROM partners ORDER BY seq');
  for (const { id } of ids.rows) data.partners[uncol(id)] = (await readPartner(db, id))!.state;
  const sessions = await db.query<{ key: string; data: string }>('SELECT key, data FROM sessions ORDER BY seq');
  for (const r of sessions.rows) data.sessions[uncol(r.key)] = JSON.parse(r.data) as SessionRow;
  const attempts = await db.query<{ key: string; data: string }>('SELECT key, data FROM attempts ORDER BY seq');
  for (const r of attempts.rows) data.attempts[uncol(r.key)] = JSON.parse(r.data) as AttemptRow;
  const audit = await db.query<{ partner: string; data: string }>('SELECT partner, data FROM audit ORDER BY seq');
  for (const r of audit.rows) (data.audit[uncol(r.partner)] ??= []).push(JSON.parse(r.data) as AuditEntry);
  return data;
}

/** Load a lowdb document into an empty store. Run it inside a transaction; throws when the store holds anything. */
export async function restoreStore(db: PoolClient, data: StoreData): Promise<void> {
  await db.query(ALL_PARTNERS);
  const { rows } = await db.query<{ n: string }>(
    'SELECT (SELECT count(*) FROM partners) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM attempts) + (SELECT count(*) FROM audit) AS n',
  );
  if (Number(rows[0]!.n) > 0) throw new Error('The PostgreSQL store is not empty: Deputy moves data only into an empty store.');
  for (const [id, partner] of Object.entries(data.partners)) {
    const tx = new CommitTx(db, id, { inTransaction: true });
    await tx.apply({ op: 'partner.put', partner });
    await tx.finish();
  }
  await bulk(db, 'sessions', ['key', 'partner', 'actor', 'subject_user', 'expires_at', 'data'], Object.entries(data.sessions).map(([key, s]) => [
    col(key), col(s.partner), col(s.actor), s.subject && 'user' in s.subject ? col(s.subject.user) : null, s.expiresAt, JSON.stringify(s),
  ]));
  await bulk(db, 'attempts', ['key', 'partner', 'expires_at', 'data'], Object.entries(data.attempts).map(([key, a]) => [
    col(key), col(a.partner), a.expiresAt, JSON.stringify(a),
  ]));
  const entries = Object.entries(data.audit).flatMap(([partner, list]) => list.map((e) => [partner, e] as const));
  await bulk(db, 'audit', ['partner', 'at', 'actor', 'subject', 'action', 'target', 'outcome', 'data'], entries.map(([partner, e]) => [
    col(partner), e.at, col(e.actor), col(e.subject ? ('user' in e.subject ? `user:${e.subject.user}` : `account:${e.subject.account}`) : ''),
    col(e.action), e.target === undefined ? null : col(e.target), e.outcome, JSON.stringify(e),
  ]));
}

/** Insert rows in order, a few thousand per statement (`seq` follows the order given). */
async function bulk(db: Queryable, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const names = columns.map((_, i) => `c${i}`);
  const arrays = columns.map((c, i) => `$${i + 1}::${c === 'at' || c === 'expires_at' ? 'float8' : 'text'}[]`);
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${names.join(', ')} FROM unnest(${arrays.join(', ')})
    WITH ORDINALITY AS t(${names.join(', ')}, n) ORDER BY n`;
  for (let start = 0; start < rows.length; start += BULK_ROWS) {
    const chunk = rows.slice(start, start + BULK_ROWS);
    await db.query(sql, columns.map((_, i) => chunk.map((r) => r[i])));
  }
}
