import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { isPartnerChange, type PartnerChange } from './apply.js';
import { scopeTo } from './postgres-schema.js';
import { col, inline } from './postgres-sql.js';
import type { Change, GroupRow, PartnerState, UserRow } from './types.js';

/** A partner's own fields: everything but the collections that live in their own tables. */
export type PartnerOwn = Omit<PartnerState, 'users' | 'accounts' | 'groups' | 'shares' | 'assignments' | 'customRoles'>;

const BULK_ROWS = 5_000;
/** The SQLSTATE (`no_data_found`) of `take_version` when the partner does not exist. */
export const MISSING_PARTNER = 'P0002';
/** Log entries kept per partner: a process further behind than this reloads the partner whole. */
const LOG_KEPT = 10_000;

interface Touched {
  /** the partner's own fields, read only when a change needs them */
  own?: PartnerOwn;
  ownChanged: boolean;
  /** the directory changes of this commit, or null when the partner was replaced whole */
  changes: PartnerChange[] | null;
}

/**
 * One commit's transaction: applies each change with the same meaning the lowdb store gives it
 * (changes to a partner that does not exist are ignored), bumps the version of every partner whose
 * directory changed (locking its row first, so commits to one partner are serialised and never
 * deadlock on each other) and appends the changes to that partner's log.
 *
 * The statements go out together with COMMIT, in one round trip, unless a change needs an answer
 * first (a partner's own fields, or the records that mention a deleted user or role). The version
 * is then taken without asking whether the partner exists: when it does not, the transaction fails
 * with `MISSING_PARTNER` and the caller goes again with `readFirst`, which asks.
 */
export class CommitTx {
  readonly #touched = new Map<string, Touched | null>();
  /** statements whose answers are not needed: they go out with the next read, or with COMMIT */
  readonly #pending: string[] = [];
  readonly #ownTransaction: boolean;
  readonly #readFirst: boolean;
  readonly #expected: ReadonlyMap<Change, unknown> | undefined;

  /**
   * `inTransaction`: the caller began the transaction and ends it; otherwise `finish` commits.
   * `readFirst`: learn whether each partner exists before changing it (see the class).
   */
  constructor(
    private readonly db: PoolClient,
    private readonly partner: string,
    options: { inTransaction?: boolean; readFirst?: boolean; expected?: ReadonlyMap<Change, unknown> } = {},
  ) {
    this.#ownTransaction = !options.inTransaction;
    this.#readFirst = options.readFirst ?? false;
    this.#expected = options.expected;
    if (this.#ownTransaction) this.#pending.push('BEGIN');
    this.#pending.push(scopeTo(col(partner)));
  }

  async apply(change: Change): Promise<void> {
    if (change.op === 'partner.put') return this.#putPartner(change.partner);
    if (isPartnerChange(change)) {
      const t = await this.#touch(this.partner);
      if (!t) return;
      t.changes?.push(change);
      return this.#applyToPartner(t, change);
    }
    const p = col(this.partner);
    switch (change.op) {
      case 'audit.append': {
        const e = change.entry;
        const subject = e.subject ? ('user' in e.subject ? `user:${e.subject.user}` : `account:${e.subject.account}`) : '';
        this.#write(
          'INSERT INTO audit (partner, at, actor, subject, action, target, outcome, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [p, e.at, col(e.actor), col(subject), col(e.action), e.target === undefined ? null : col(e.target), e.outcome, JSON.stringify(e)],
        );
        return;
      }
      case 'session.put': {
        const s = change.session;
        const subjectUser = s.subject && 'user' in s.subject ? col(s.subject.user) : null;
        this.#write(
          `INSERT INTO sessions (key, partner, actor, subject_user, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (key) DO UPDATE SET partner = EXCLUDED.partner, actor = EXCLUDED.actor, subject_user = EXCLUDED.subject_user,
             expires_at = EXCLUDED.expires_at, data = EXCLUDED.data`,
          [col(change.key), col(s.partner), col(s.actor), subjectUser, s.expiresAt, JSON.stringify(s)],
        );
        return;
      }
      case 'session.delete':
        this.#write('DELETE FROM sessions WHERE key = $1', [col(change.key)]);
        return;
      case 'session.deleteForUser':
        this.#write('DELETE FROM sessions WHERE partner = $1 AND (actor = $2 OR subject_user = $2)', [p, col(change.user)]);
        return;
      case 'session.prune':
        // Housekeeping: rows another transaction holds are left for the next prune rather than waited for.
        this.#write('DELETE FROM sessions WHERE key IN (SELECT key FROM sessions WHERE expires_at <= $1 FOR UPDATE SKIP LOCKED)', [change.now]);
        this.#write('DELETE FROM attempts WHERE key IN (SELECT key FROM attempts WHERE expires_at <= $1 FOR UPDATE SKIP LOCKED)', [change.now]);
        return;
      case 'attempt.put':
        this.#write(
          `INSERT INTO attempts (key, partner, expires_at, data) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET partner = EXCLUDED.partner, expires_at = EXCLUDED.expires_at, data = EXCLUDED.data`,
          [col(change.key), col(change.attempt.partner), change.attempt.expiresAt, JSON.stringify(change.attempt)],
        );
        return;
      case 'attempt.delete':
        this.#write('DELETE FROM attempts WHERE key = $1', [col(change.key)]);
        return;
    }
  }

  /**
   * Write the partners' own fields that changed, append to the logs and (when ours) commit. The
   * version each changed partner (as stored) took.
   */
  async finish(): Promise<Map<string, number>> {
    const logged: Array<[string, number]> = [];
    for (const [id, t] of this.#touched) {
      if (!t) continue;
      this.#pending.push(scopeTo(id));
      if (t.ownChanged) this.#write('UPDATE partners SET data = $2 WHERE id = $1', [id, JSON.stringify(t.own)]);
      logged.push([id, this.#pending.length]);
      this.#write('INSERT INTO partner_log (partner, version, changes) SELECT id, version, $2 FROM partners WHERE id = $1 RETURNING version', [
        id,
        t.changes && JSON.stringify(t.changes),
      ]);
      // Every thousandth version, the log forgets what lies further back than LOG_KEPT.
      this.#write(
        'DELETE FROM partner_log WHERE partner = $1 AND version <= (SELECT version - $2 FROM partners WHERE id = $1 AND version % 1000 = 0)',
        [id, LOG_KEPT],
      );
    }
    if (this.#ownTransaction) this.#pending.push('COMMIT');
    const results = await this.#flush<{ version: string }>();
    return new Map(logged.map(([id, at]) => [id, Number(results[at]!.rows[0]!.version)]));
  }

  /** Queue a statement whose answer is not needed, its parameters written in as literals. */
  #write(sql: string, params: unknown[]): void {
    this.#pending.push(inline(sql, params));
  }

  /** Send what is queued and this read in one round trip; the read's rows. */
  async #read<T extends QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
    this.#pending.push(inline(sql, params));
    return (await this.#flush<T>()).at(-1)!.rows;
  }

  async #flush<T extends QueryResultRow>(): Promise<Array<QueryResult<T>>> {
    if (this.#pending.length === 0) return [];
    const text = this.#pending.join(';\n');
    this.#pending.length = 0;
    const result = (await this.db.query<T>(text)) as QueryResult<T> | Array<QueryResult<T>>;
    return Array.isArray(result) ? result : [result];
  }

  /**
   * Lock the partner's row and take its next version (once per commit). With `readFirst`, null
   * when the partner does not exist; otherwise the statement is only queued (see the class).
   */
  async #touch(partner: string): Promise<Touched | null> {
    const id = col(partner);
    const known = this.#touched.get(id);
    if (known !== undefined) return known;
    let t: Touched | null = { ownChanged: false, changes: [] };
    if (this.#readFirst) {
      const rows = await this.#read<{ data: string }>('UPDATE partners SET version = version + 1 WHERE id = $1 RETURNING data', [id]);
      t = rows[0] ? { ...t, own: JSON.parse(rows[0].data) as PartnerOwn } : null;
    } else {
      this.#write('SELECT take_version($1)', [id]);
    }
    this.#touched.set(id, t);
    return t;
  }

  /** The partner's own fields, read under the lock `#touch` took when not read yet. */
  async #own(t: Touched): Promise<PartnerOwn> {
    if (!t.own) {
      const [row] = await this.#read<{ data: string }>('SELECT data FROM partners WHERE id = $1', [col(this.partner)]);
      t.own = JSON.parse(row!.data) as PartnerOwn;
    }
    return t.own;
  }

  async #putPartner(state: PartnerState): Promise<void> {
    const { users, accounts, groups, shares, assignments, customRoles, ...own } = state;
    const id = col(state.id);
    const data = JSON.stringify(own);
    this.#pending.push(scopeTo(id));
    if (this.#touched.get(id)) {
      this.#write('UPDATE partners SET data = $2 WHERE id = $1', [id, data]);
    } else {
      this.#write(
        `INSERT INTO partners (id, version, data) VALUES ($1, 1, $2)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, version = partners.version + 1`,
        [id, data],
      );
    }
    this.#touched.set(id, { own: JSON.parse(data) as PartnerOwn, ownChanged: false, changes: null });
    for (const table of ['users', 'accounts', 'user_groups', 'shares', 'assignments', 'custom_roles']) {
      this.#write(`DELETE FROM ${table} WHERE partner = $1`, [id]);
    }
    await this.#flush();
    await this.#bulk(id, 'users', ['id'], Object.values(users).map((u) => [[u.id], u]));
    await this.#bulk(id, 'accounts', ['id'], Object.values(accounts).map((a) => [[a.id], a]));
    await this.#bulk(id, 'user_groups', ['id'], Object.values(groups).map((g) => [[g.id], g]));
    await this.#bulk(id, 'shares', ['account', 'grp'], shares.map((s) => [[s.account, s.group], s]));
    await this.#bulk(id, 'assignments', ['user_id', 'account'], assignments.map((a) => [[a.user, a.account], a]));
    await this.#bulk(id, 'custom_roles', ['id'], customRoles.map((r) => [[r.id], r]));
    this.#pending.push(scopeTo(col(this.partner)));
  }

  /** Insert many records of one partner in order, a few thousand per statement. */
  async #bulk(partner: string, table: string, keys: string[], rows: Array<[string[], unknown]>): Promise<void> {
    const names = keys.map((_, i) => `k${i}`);
    const arrays = [...keys, 'data'].map((_, i) => `$${i + 2}::text[]`).join(', ');
    const sql = `INSERT INTO ${table} (partner, ${keys.join(', ')}, data)
      SELECT $1, ${names.join(', ')}, d FROM unnest(${arrays}) WITH ORDINALITY AS t(${names.join(', ')}, d, n) ORDER BY n`;
    for (let start = 0; start < rows.length; start += BULK_ROWS) {
      const chunk = rows.slice(start, start + BULK_ROWS);
      const columns = keys.map((_, i) => chunk.map(([k]) => col(k[i]!)));
      await this.db.query(sql, [partner, ...columns, chunk.map(([, v]) => JSON.stringify(v))]);
    }
  }

  async #applyToPartner(t: Touched, change: PartnerChange): Promise<void> {
    const p = col(this.partner);
    if (this.#expected?.has(change)) {
      const [table, id] = change.op === 'user.put' ? ['users', change.user.id] : change.op === 'account.put' ? ['accounts', change.account.id] : change.op === 'group.put' ? ['user_groups', change.group.id] : [];
      const was = this.#expected.get(change);
      if (table && id !== undefined) this.#write('SELECT expect_row($1, $2, $3, $4)', [table, p, col(id), was === undefined ? null : JSON.stringify(was)]);
    }
    const upsert = (table: string, id: string, data: unknown, moveToEnd = false) =>
      this.#write(
        `INSERT INTO ${table} (partner, id, data) VALUES ($1, $2, $3)
         ON CONFLICT (partner, id) DO UPDATE SET data = EXCLUDED.data${moveToEnd ? ", seq = nextval('deputy_seq')" : ''}`,
        [p, col(id), JSON.stringify(data)],
      );
    switch (change.op) {
      case 'user.put':
        upsert('users', change.user.id, change.user);
        return;
      case 'user.delete': {
        this.#write('DELETE FROM users WHERE partner = $1 AND id = $2', [p, col(change.id)]);
        this.#write('DELETE FROM assignments WHERE partner = $1 AND user_id = $2', [p, col(change.id)]);
        for (const group of await this.#mentioning<GroupRow>('user_groups', change.id)) {
          if (group.members.includes(change.id)) upsert('user_groups', group.id, { ...group, members: group.members.filter((m) => m !== change.id) });
        }
        return;
      }
      case 'account.put':
        upsert('accounts', change.account.id, change.account);
        return;
      case 'group.put':
        upsert('user_groups', change.group.id, change.group);
        return;
      case 'group.delete':
        this.#write('DELETE FROM user_groups WHERE partner = $1 AND id = $2', [p, col(change.id)]);
        this.#write('DELETE FROM shares WHERE partner = $1 AND grp = $2', [p, col(change.id)]);
        return;
      case 'share.put':
        this.#write(
          `INSERT INTO shares (partner, account, grp, data) VALUES ($1, $2, $3, $4)
           ON CONFLICT (partner, account, grp) DO UPDATE SET data = EXCLUDED.data, seq = nextval('deputy_seq')`,
          [p, col(change.share.account), col(change.share.group), JSON.stringify(change.share)],
        );
        return;
      case 'share.delete':
        this.#write('DELETE FROM shares WHERE partner = $1 AND account = $2 AND grp = $3', [p, col(change.account), col(change.group)]);
        return;
      case 'assignment.put':
        this.#write('INSERT INTO assignments (partner, user_id, account, data) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          p, col(change.assignment.user), col(change.assignment.account), JSON.stringify(change.assignment),
        ]);
        return;
      case 'assignment.delete':
        this.#write('DELETE FROM assignments WHERE partner = $1 AND user_id = $2 AND account = $3', [
          p, col(change.assignment.user), col(change.assignment.account),
        ]);
        return;
      case 'setting.put':
        (await this.#own(t)).settings[change.key] = change.value;
        t.ownChanged = true;
        return;
      case 'customRole.put':
        upsert('custom_roles', change.role.id, change.role, true);
        return;
      case 'customRole.delete': {
        this.#write('DELETE FROM custom_roles WHERE partner = $1 AND id = $2', [p, col(change.id)]);
        for (const user of await this.#mentioning<UserRow>('users', change.id)) {
          if (user.roles.includes(change.id)) upsert('users', user.id, { ...user, roles: user.roles.filter((r) => r !== change.id) });
        }
        return;
      }
    }
  }

  /** Records of the partner whose JSON mentions `id` as a string (a cheap text filter; callers check exactly). */
  async #mentioning<T>(table: string, id: string): Promise<T[]> {
    const rows = await this.#read<{ data: string }>(`SELECT data FROM ${table} WHERE partner = $1 AND strpos(data, $2) > 0 ORDER BY seq`, [
      col(this.partner),
      JSON.stringify(id),
    ]);
    return rows.map((r) => JSON.parse(r.data) as T);
  }
}
