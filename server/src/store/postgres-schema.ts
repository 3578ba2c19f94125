import { escapeLiteral, type Pool } from 'pg';

/**
 * The PostgreSQL schema, as numbered migrations applied in order at start-up. Every row of
 * partner data carries its partner id in its primary key, and every query names the partner.
 * Records are stored as JSON text (`data`): text keeps them exactly as written (key order, NUL
 * escapes and lone surrogates that `jsonb` refuses), so a move to PostgreSQL and back loses
 * nothing. `seq` keeps the order the lowdb store keeps. `version` counts each partner's committed
 * directory changes and `partner_log` holds them, so other server processes catch up on their
 * next request (see `PostgresStore.updates`). Row-level security scopes every table but sessions
 * and attempts (found by the hash of their secret) to the partner a transaction named.
 */
/** The SQLSTATE `expect_row` raises. */
export const ROW_CHANGED = 'DY409';

export const MIGRATIONS: readonly string[] = [
  `
  CREATE SEQUENCE deputy_seq;
  CREATE TABLE partners (
    id text PRIMARY KEY,
    seq bigint NOT NULL DEFAULT nextval('deputy_seq'),
    version bigint NOT NULL DEFAULT 0,
    data text NOT NULL
  );
  CREATE TABLE users (
    partner text NOT NULL, id text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL,
    PRIMARY KEY (partner, id)
  );
  CREATE TABLE accounts (
    partner text NOT NULL, id text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL,
    PRIMARY KEY (partner, id)
  );
  CREATE TABLE user_groups (
    partner text NOT NULL, id text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL,
    PRIMARY KEY (partner, id)
  );
  CREATE TABLE shares (
    partner text NOT NULL, account text NOT NULL, grp text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL,
    PRIMARY KEY (partner, account, grp)
  );
  CREATE INDEX shares_group ON shares (partner, grp);
  CREATE TABLE assignments (
    partner text NOT NULL, user_id text NOT NULL, account text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL,
    PRIMARY KEY (partner, user_id, account)
  );
  CREATE TABLE custom_roles (
    partner text NOT NULL, id text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL,
    PRIMARY KEY (partner, id)
  );
  CREATE TABLE sessions (
    key text PRIMARY KEY, partner text NOT NULL, actor text NOT NULL, subject_user text, expires_at double precision NOT NULL,
    seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions (expires_at);
  CREATE INDEX sessions_actor ON sessions (partner, actor);
  CREATE INDEX sessions_subject ON sessions (partner, subject_user);
  CREATE TABLE attempts (
    key text PRIMARY KEY, partner text NOT NULL, expires_at double precision NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'), data text NOT NULL
  );
  CREATE INDEX attempts_expiry ON attempts (expires_at);
  CREATE TABLE audit (
    partner text NOT NULL, seq bigint NOT NULL DEFAULT nextval('deputy_seq'),
    at double precision NOT NULL, actor text NOT NULL, subject text NOT NULL, action text NOT NULL, target text, outcome text NOT NULL,
    data text NOT NULL,
    PRIMARY KEY (partner, seq)
  );
  CREATE TABLE partner_log (
    partner text NOT NULL, version bigint NOT NULL, changes text, at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner, version)
  );
  `,
  // Row-level security on every table of partner data: a transaction sees and writes the rows of the
  // partner it named (deputy.partner) and no other, whatever its query says. Only the move command
  // names all partners (deputy.all_partners). Sessions and attempts are found by their secret's hash.
  ['users', 'accounts', 'user_groups', 'shares', 'assignments', 'custom_roles', 'audit', 'partner_log']
    .map(
      (table) => `
  ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant ON ${table}
    USING (partner = current_setting('deputy.partner', true) OR current_setting('deputy.all_partners', true) = 'on')
    WITH CHECK (partner = current_setting('deputy.partner', true) OR current_setting('deputy.all_partners', true) = 'on');`,
    )
    .join('\n'),
  // A commit takes a partner's next version without first asking whether the partner exists, so
  // that it needs one round trip: this fails the transaction instead when it does not.
  `
  CREATE FUNCTION take_version(partner text) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE
    taken bigint;
  BEGIN
    UPDATE partners SET version = version + 1 WHERE id = partner RETURNING version INTO taken;
    IF taken IS NULL THEN
      RAISE EXCEPTION 'no partner %', partner USING ERRCODE = 'no_data_found';
    END IF;
    RETURN taken;
  END $$;
  `,
  // The partners' own rows (name, settings, origins, API key hash) under the same row policy. The
  // catch-up and the list of partners need every partner's id and version, and only those:
  // partner_versions() shows them, opening every row for its one query.
  `
  ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
  ALTER TABLE partners FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant ON partners
    USING (id = current_setting('deputy.partner', true) OR current_setting('deputy.all_partners', true) = 'on')
    WITH CHECK (id = current_setting('deputy.partner', true) OR current_setting('deputy.all_partners', true) = 'on');
  CREATE FUNCTION partner_versions() RETURNS TABLE (id text, version bigint, seq bigint) LANGUAGE plpgsql AS $$
  DECLARE
    was text := current_setting('deputy.all_partners', true);
  BEGIN
    PERFORM set_config('deputy.all_partners', 'on', true);
    RETURN QUERY SELECT p.id, p.version, p.seq FROM partners p;
    PERFORM set_config('deputy.all_partners', coalesce(was, ''), true);
  END $$;
  `,
  // A change computed from a row a process read (a user, an account, a group) is refused when
  // another process changed that row since: lost updates across processes become a conflict.
  `
  CREATE FUNCTION expect_row(tbl regclass, partner text, row_id text, expected jsonb) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    current jsonb;
  BEGIN
    EXECUTE format('SELECT data FROM %s WHERE partner = $1 AND id = $2 FOR UPDATE', tbl) INTO current USING partner, row_id;
    IF current IS DISTINCT FROM expected THEN
      RAISE EXCEPTION '% % changed meanwhile', tbl, row_id USING ERRCODE = '${ROW_CHANGED}';
    END IF;
  END $$;
  `,
];

/** The statement that scopes the rest of the transaction to one partner's rows (row-level security). */
export const scopeTo = (partner: string): string => `SELECT set_config('deputy.partner', ${escapeLiteral(partner)}, true)`;

/** The statement that opens every partner's rows to the rest of the transaction (the move command only). */
export const ALL_PARTNERS = "SELECT set_config('deputy.all_partners', 'on', true)";

/** A schema name we can put into SQL as is. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Bad PostgreSQL schema name "${schema}": use lower-case letters, digits and _.`);
  return schema;
}

/**
 * Create the schema and apply the migrations it lacks, in one transaction under an advisory
 * lock, so that server processes starting together neither race nor apply a migration twice.
 */
export async function migrate(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('deputy-migrate:' || $1))`, [schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${checkSchemaName(schema)}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS deputy_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM deputy_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const [i, sql] of MIGRATIONS.entries()) {
      if (applied.has(i + 1)) continue;
      await client.query(sql);
      await client.query('INSERT INTO deputy_migrations (version) VALUES ($1)', [i + 1]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
