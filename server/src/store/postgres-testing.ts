/**
 * For tests and the benchmark: the PostgreSQL they use and a fresh schema per run, dropped at the
 * end, so runs never see each other's rows. PostgreSQL must answer: nothing here skips.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { checkSchemaName } from './postgres-schema.js';

/** `DATABASE_URL`, else the local test database that `.ci/postgres.sh` provides. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
