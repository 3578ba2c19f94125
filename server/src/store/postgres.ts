import pg from 'pg';
import type { StoreData } from './lowdb.js';
import { RowChanged, type AttemptRow, type AuditEntry, type AuditQuery, type Change, type PartnerState, type PartnerUpdate, type SessionRow, type Store } from './types.js';
import { checkSchemaName, migrate, ROW_CHANGED, scopeTo } from './postgres-schema.js';
import { dumpStore, readPartner, restoreStore } from './postgres-data.js';
import { OwnCommits } from './postgres-own.js';
import { BatchedReads } from './postgres-reads.js';
import { col, inline, uncol } from './postgres-sql.js';
import { CommitTx, MISSING_PARTNER } from './postgres-tx.js';

export interface PostgresOptions {
  /** the schema holding Deputy's tables (default `deputy`), created when missing */
  schema?: string;
  /** connections in the pool (default 10) */
  poolSize?: number;
}

/**
 * The store on PostgreSQL, for any number of server processes sharing one database. Each commit
 * is one transaction; reads of sessions, sign-in attempts and the audit log always go to the
 * database, and `updates` tells a process what the others changed in the partners' directories.
 *
 * @example
 * const store = await PostgresStore.open(process.env.DATABASE_URL!);
 */
export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #reads: BatchedReads;
  readonly #own = new OwnCommits();
  readonly #revertListeners: Array<() => void> = [];
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#reads = new BatchedReads(pool);
  }

  /** Connect, create the schema when missing and apply pending migrations. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const schema = checkSchemaName(options.schema ?? 'deputy');
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, options: `-c search_path=${schema}` });
    // An idle client losing its connection must not crash the process: the pool drops it.
    pool.on('error', () => undefined);
    try {
      await migrate(pool, schema);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PostgresStore(pool);
  }

  async partners(): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>('SELECT id FROM partner_versions() ORDER BY seq');
    return rows.map((r) => uncol(r.id));
  }

  async loadPartner(id: string): Promise<PartnerState | undefined> {
    return (await this.#loadVersioned(id))?.state;
  }

  async commit(partner: string, changes: Change[], expected?: ReadonlyMap<Change, unknown>): Promise<void> {
    if (this.#closed) throw new Error('The store is closed.');
    const mine = this.#own.begin();
    let versions: Map<string, number> | undefined;
    try {
      versions = await this.#commitWithRetries(partner, changes, expected);
    } finally {
      this.#own.end(mine, versions);
    }
  }

  async #commitWithRetries(partner: string, changes: Change[], expected: ReadonlyMap<Change, unknown> | undefined): Promise<Map<string, number>> {
    let readFirst = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#commitOnce(partner, changes, readFirst, expected);
      } catch (e) {
        const code = (e as { code?: string }).code;
        // A partner that does not exist: its changes are ignored, which only a commit that asks first can tell.
        if (code === MISSING_PARTNER && !readFirst) {
          readFirst = true;
          continue;
        }
        // A deadlock victim changed nothing: the same changes can go again, once the other transaction had a moment to finish.
        if (code !== '40P01' || attempt >= 3) {
          this.#own.forget();
          for (const listener of this.#revertListeners) listener();
          throw code === ROW_CHANGED ? new RowChanged((e as Error).message) : e;
        }
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 25));
      }
    }
  }

  #commitOnce(partner: string, changes: Change[], readFirst: boolean, expected: ReadonlyMap<Change, unknown> | undefined): Promise<Map<string, number>> {
    return this.#withClient(async (client) => {
      // BEGIN, the changes and COMMIT go out in as few round trips as the reads among them allow.
      const tx = new CommitTx(client, partner, { readFirst, expected });
      for (const change of changes) await tx.apply(change);
      return tx.finish();
    });
  }

  async session(key: string): Promise<SessionRow | undefined> {
    const data = await this.#reads.session(col(key));
    return data === undefined ? undefined : (JSON.parse(data) as SessionRow);
  }

  async attempt(key: string): Promise<AttemptRow | undefined> {
    const { rows } = await this.#pool.query<{ data: string }>({ name: 'deputy-attempt', text: 'SELECT data FROM attempts WHERE key = $1', values: [col(key)] });
    return rows[0] && (JSON.parse(rows[0].data) as AttemptRow);
  }

  async audit(partner: string, q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const params: unknown[] = [col(partner)];
    const where = ['partner = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actor !== undefined) add('actor = ?', col(q.actor));
    if (q.subject !== undefined) add('subject = ?', col(q.subject));
    if (q.action !== undefined) add('action = ?', col(q.action));
    if (q.target !== undefined) add('target = ?', col(q.target));
    if (q.targets !== undefined) add('target = ANY(?)', q.targets.map(col));
    if (q.outcome !== undefined) add('outcome = ?', q.outcome);
    if (q.from !== undefined) add('at >= ?', q.from);
    if (q.to !== undefined) add('at <= ?', q.to);
    const filter = where.join(' AND ');
    const [count, page] = await this.#scopedReads<{ total: string } | { data: string }>(col(partner), [
      inline(`SELECT count(*) AS total FROM audit WHERE ${filter}`, params),
      inline(`SELECT data FROM audit WHERE ${filter} ORDER BY seq DESC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`, [
        ...params,
        q.offset,
        q.limit,
      ]),
    ]);
    return {
      items: (page as Array<{ data: string }>).map((r) => JSON.parse(r.data) as AuditEntry),
      total: Number((count as Array<{ total: string }>)[0]!.total),
    };
  }

  /**
   * What changed since the versions a process holds: one query (shared with other requests') when
   * nothing did; the logged changes of a partner that moved, leaving out those the process
   * committed itself and already holds (see `OwnCommits`); a whole copy of a partner that is new
   * to the process, was replaced, or moved further than the log reaches.
   */
  updates(known: ReadonlyMap<string, number>): Promise<PartnerUpdate[]> {
    return this.#own.catchUp(async (heldFrom) => {
      const out: PartnerUpdate[] = [];
      for (const row of await this.#reads.versions()) {
        const id = uncol(row.id);
        const { version } = row;
        const had = known.get(id);
        const held = had === undefined ? undefined : heldFrom(row.id, had, version);
        if (held === version) {
          if (held !== had) out.push({ partner: id, version, changes: [] });
          continue;
        }
        if (held !== undefined && held < version) {
          const [log] = await this.#scopedReads<{ changes: string | null }>(row.id, [
            inline('SELECT changes FROM partner_log WHERE partner = $1 AND version > $2 AND version <= $3 ORDER BY version', [row.id, held, version]),
          ]);
          if (log!.length === version - held && log!.every((r) => r.changes !== null)) {
            out.push({ partner: id, version, changes: log!.flatMap((r) => JSON.parse(r.changes!) as Change[]) });
            continue;
          }
        }
        const loaded = await this.#loadVersioned(id);
        if (loaded) out.push({ partner: id, version: loaded.version, state: loaded.state });
      }
      return { result: out, brought: out.some((u) => 'state' in u || u.changes.length > 0) };
    });
  }

  /**
   * Read-only statements over one partner's rows (`partner` as stored), in one round trip: the
   * transaction is scoped to that partner, so row-level security shows no other partner's rows.
   */
  #scopedReads<T extends pg.QueryResultRow>(partner: string, statements: string[]): Promise<T[][]> {
    return this.#withClient(async (client) => {
      const results = (await client.query(['BEGIN READ ONLY', scopeTo(partner), ...statements, 'COMMIT'].join(';\n'))) as unknown as Array<pg.QueryResult<T>>;
      return results.slice(2, 2 + statements.length).map((r) => r.rows);
    });
  }

  /** Everything the store holds, as a lowdb document (`move.ts`), read in one snapshot. */
  dump(): Promise<StoreData> {
    return this.#transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', dumpStore);
  }

  /** Load a lowdb document (`move.ts`) in one transaction; refuses unless the store is empty. */
  restore(data: StoreData): Promise<void> {
    return this.#transaction('', (db) => restoreStore(db, data));
  }

  /** A partner and its version, read in one snapshot. */
  #loadVersioned(id: string): Promise<{ state: PartnerState; version: number } | undefined> {
    return this.#transaction('ISOLATION LEVEL REPEATABLE READ READ ONLY', (db) => readPartner(db, col(id)));
  }

  #transaction<T>(mode: string, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.#withClient(async (client) => {
      await client.query(`BEGIN ${mode}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    });
  }

  /**
   * Run `work` (which opens and commits its own transaction) on a pooled connection. On failure it
   * rolls back, and a connection that cannot even roll back is destroyed rather than reused.
   */
  async #withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      return await work(client);
    } catch (e) {
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw e;
    } finally {
      client.release(broken);
    }
  }

  onRevert(listener: () => void): void {
    this.#revertListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
