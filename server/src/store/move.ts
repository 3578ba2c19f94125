/**
 * Move a Deputy store between a lowdb file and PostgreSQL, either way, losing nothing: partners
 * with their whole directories, sessions and embed tokens, sign-in attempts and the audit log.
 *
 *   pnpm --filter @deputy/server move -- --from ./deputy-data.json --to postgres://user@host/db [--schema deputy]
 *   pnpm --filter @deputy/server move -- --from postgres://user@host/db --to ./copy.json [--schema deputy]
 *
 * The source is only read; the target must be empty (a file that does not exist yet, or a schema
 * without data). The lowdb file is locked while it is read or written, so no server may be running on it.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DurableJSONFile, FileLock, StoreFileError } from './durable-file.js';
import { isStoreData, type StoreData } from './document.js';
import { readStoreFile } from './lowdb.js';
import { PostgresStore } from './postgres.js';

const isDatabaseUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

async function readFile(file: string): Promise<StoreData> {
  const lock = new FileLock(file);
  lock.acquire();
  try {
    const data = await readStoreFile(file);
    if (!data) throw new StoreFileError(`There is no data file at ${file}.`);
    // `seq` numbers the file's own journal: bookkeeping of that file, not data to move.
    delete data.seq;
    return data;
  } finally {
    await lock.release();
  }
}

async function writeFile(file: string, data: StoreData): Promise<void> {
  const exists = async (f: string) =>
    access(f).then(
      () => true,
      () => false,
    );
  if ((await exists(file)) || (await exists(`${file}.journal`))) throw new StoreFileError(`${file} exists: Deputy moves data only into a new file.`);
  const lock = new FileLock(file);
  lock.acquire();
  try {
    await new DurableJSONFile(file, isStoreData).write(data);
  } finally {
    await lock.release();
  }
}

async function withDatabase<T>(url: string, schema: string | undefined, work: (store: PostgresStore) => Promise<T>): Promise<T> {
  const store = await PostgresStore.open(url, schema ? { schema } : {});
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** What was moved. */
export interface MoveSummary {
  partners: number;
  users: number;
  shares: number;
  sessions: number;
  attempts: number;
  audit: number;
}

/**
 * Copy the store at `from` into the empty store at `to`. Each is a lowdb file path or a
 * `postgres://` URL; `schema` names the PostgreSQL schema (default `deputy`).
 */
export async function moveStore(from: string, to: string, options: { schema?: string } = {}): Promise<MoveSummary> {
  if (isDatabaseUrl(from) === isDatabaseUrl(to)) throw new Error('Move from a lowdb file to a postgres:// URL, or back.');
  const data = isDatabaseUrl(from) ? await withDatabase(from, options.schema, (s) => s.dump()) : await readFile(path.resolve(from));
  if (isDatabaseUrl(to)) await withDatabase(to, options.schema, (s) => s.restore(data));
  else await writeFile(path.resolve(to), data);
  const partners = Object.values(data.partners);
  return {
    partners: partners.length,
    users: partners.reduce((n, p) => n + Object.keys(p.users).length, 0),
    shares: partners.reduce((n, p) => n + p.shares.length, 0),
    sessions: Object.keys(data.sessions).length,
    attempts: Object.keys(data.attempts).length,
    audit: Object.values(data.audit).reduce((n, list) => n + list.length, 0),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { from: { type: 'string' }, to: { type: 'string' }, schema: { type: 'string' } },
    strict: true,
  });
  if (!values.from || !values.to) {
    console.error('Usage: move --from <file.json | postgres://…> --to <postgres://… | file.json> [--schema deputy]');
    process.exit(2);
  }
  try {
    const moved = await moveStore(values.from, values.to, values.schema ? { schema: values.schema } : {});
    console.log(`Moved ${JSON.stringify(moved)}`);
  } catch (e) {
    console.error(`Deputy move failed, nothing written: ${(e as Error).message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
