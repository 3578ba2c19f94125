/**
 * For tests and the benchmark: the PostgreSQL they use and a fresh schema per run, dropped at the
 * end, so runs never see each other's rows. PostgreSQL must answer: nothing here skips.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { checkSchemaName } from './postgres-schema.js';

/** `DATABASE_URL`, else the local test database that `.ci/postgres.sh` provides. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const APP_ROLE = 'deputy_app_test';

/**
 * The URL of an ordinary role (no superuser, no BYPASSRLS), created once per cluster, that may
 * create schemas in the test database: tests run the store as it, so row-level security applies.
 */
export async function appDatabaseUrl(): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('${APP_ROLE}'))`);
    const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    if (rows.length === 0) await client.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_ROLE}' NOSUPERUSER NOBYPASSRLS`);
    await client.query(`GRANT CREATE ON DATABASE "${(await client.query('SELECT current_database() AS db')).rows[0].db}" TO ${APP_ROLE}`);
    await client.query(`SELECT pg_advisory_unlock(hashtext('${APP_ROLE}'))`);
  } finally {
    await client.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.username = APP_ROLE;
  url.password = APP_ROLE;
  return url.toString();
}

/** A schema name no other run uses. */
export function freshSchema(label: string): string {
  return `deputy_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drop a schema made by `freshSchema`, with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${checkSchemaName(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
