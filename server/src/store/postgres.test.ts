/**
 * What only the PostgreSQL store does: migrations under a lock, transactions the database refuses,
 * and telling each server process what the others changed. The contract shared with lowdb is in
 * contract.test.ts.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../clock.js';
import { Partners } from '../domain/partner.js';
import { PostgresStore } from './postgres.js';
import { MIGRATIONS, scopeTo } from './postgres-schema.js';
import { appDatabaseUrl, dropSchema, freshSchema, TEST_DATABASE_URL } from './postgres-testing.js';
import { RowChanged, type PartnerState, type UserRow } from './types.js';

let schema: string;
let appUrl: string;
const open: PostgresStore[] = [];
const store = async () => {
  const s = await PostgresStore.open(appUrl, { schema, poolSize: 3 });
  open.push(s);
  return s;
};
async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

beforeEach(async () => {
  schema = freshSchema('pg');
  appUrl = await appDatabaseUrl();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await dropSchema(schema);
});

const user = (id: string, roles: string[]): UserRow => ({
  id, kind: 'operator', firstName: 'F', lastName: id, username: id, email: `${id}@example.com`, roles, status: 'active', createdAt: 0, activeSince: 0, failedSignIns: 0,
});
const partner = (id: string): PartnerState => ({
  id, name: id, preset: 'client-sharing', apiKeyHash: 'x', origins: [], settings: {},
  users: { u1: user('u1', ['admin']), u2: user('u2', ['editor']) },
  accounts: { a1: { id: 'a1', name: 'A', secure: false, setupCompleted: false, template: false, createdAt: 0 } },
  groups: { g1: { id: 'g1', name: 'G', members: ['u2'] } }, shares: [], assignments: [], leads: [], contents: [], customRoles: [],
});

describe('PostgresStore', () => {
  it('fails loudly when PostgreSQL does not answer', async () => {
    await expect(PostgresStore.open('postgres://postgres@127.0.0.1:1/test')).rejects.toThrow();
  });

  it('refuses a schema name it could not quote safely', async () => {
    await expect(PostgresStore.open(TEST_DATABASE_URL, { schema: 'x; DROP TABLE users' })).rejects.toThrow(/schema name/);
  });

  it('migrates once when several processes start together, and again finds nothing to do', async () => {
    await Promise.all([store(), store(), store()]);
    await store();
    expect(await sql('SELECT version FROM deputy_migrations ORDER BY version')).toEqual(MIGRATIONS.map((_, i) => ({ version: i + 1 })));
  });

  it('shows a transaction only the rows of the partner it named, whatever its query (row-level security)', async () => {
    const s = await store();
    for (const id of ['a', 'b']) {
      await s.commit(id, [
        { op: 'partner.put', partner: partner(id) },
        { op: 'share.put', share: { account: 'a1', group: 'g1', right: 'view' } },
        { op: 'audit.append', entry: { id: `e-${id}`, at: 0, actor: 'u1', action: 'x', outcome: 'allowed' } },
      ]);
    }
    const app = new pg.Client({ connectionString: appUrl, options: `-c search_path=${schema}` });
    await app.connect();
    try {
      const partnersIn = async (table: string) => (await app.query<{ partner: string }>(`SELECT DISTINCT partner FROM ${table} ORDER BY 1`)).rows.map((r) => r.partner);
      const tables = ['users', 'accounts', 'user_groups', 'shares', 'audit', 'partner_log'];
      const ownRows = async () => (await app.query<{ id: string }>('SELECT id FROM partners ORDER BY 1')).rows.map((r) => r.id);
      for (const table of tables) expect(await partnersIn(table)).toEqual([]);
      expect(await ownRows()).toEqual([]);
      await app.query('BEGIN');
      await app.query(scopeTo('a'));
      for (const table of tables) expect(await partnersIn(table)).toEqual(['a']);
      expect(await ownRows()).toEqual(['a']);
      expect((await app.query(`UPDATE partners SET data = '{}' WHERE id = 'b'`)).rowCount).toBe(0);
      await expect(app.query(`INSERT INTO users (partner, id, data) VALUES ('b', 'x', '{}')`)).rejects.toThrow(/row-level security/);
      await app.query('ROLLBACK');
      expect((await app.query<{ n: number }>(`UPDATE users SET data = '{}' WHERE partner = 'b' RETURNING 1 AS n`)).rowCount).toBe(0);
    } finally {
      await app.end();
    }
    expect(Object.keys((await s.loadPartner('b'))!.users)).toEqual(['u1', 'u2']);
    expect((await s.audit('b', { offset: 0, limit: 10 })).items.map((e) => e.id)).toEqual(['e-b']);
  });

  it('keeps nothing of a commit the database refuses, and tells its listeners', async () => {
    const s = await store();
    await s.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await sql(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await sql(`CREATE TRIGGER refuse BEFORE INSERT ON users FOR EACH ROW WHEN (NEW.id = 'refused') EXECUTE FUNCTION refuse()`);
    let reverted = 0;
    s.onRevert(() => reverted++);
    await expect(
      s.commit('p', [
        { op: 'user.put', user: user('u3', ['admin']) },
        { op: 'session.put', key: 'k', session: { partner: 'p', actor: 'u3', channel: 'cookie', createdAt: 0, expiresAt: 1 } },
        { op: 'audit.append', entry: { id: 'e', at: 0, actor: 'u1', action: 'user.create', outcome: 'allowed' } },
        { op: 'user.put', user: user('refused', ['admin']) },
      ]),
    ).rejects.toThrow(/refused/);
    expect(reverted).toBe(1);
    expect(Object.keys((await s.loadPartner('p'))!.users)).toEqual(['u1', 'u2']);
    expect(await s.session('k')).toBeUndefined();
    expect((await s.audit('p', { offset: 0, limit: 10 })).total).toBe(0);
    expect(await s.updates(new Map([['p', 1]]))).toEqual([]);
  });

  it('goes again when PostgreSQL makes its commit the victim of a deadlock', async () => {
    const s = await store();
    const session = { partner: 'p', actor: 'u1', channel: 'cookie' as const, createdAt: 0, expiresAt: 1 };
    await s.commit('p', [{ op: 'partner.put', partner: partner('p') }, { op: 'session.put', key: 'k', session }]);
    let reverted = 0;
    s.onRevert(() => reverted++);
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await other.connect();
    try {
      // The other transaction waits longer before it checks for deadlocks, so the store's is the one aborted.
      await other.query("SET deadlock_timeout = '10s'");
      await other.query('BEGIN');
      await other.query("SELECT 1 FROM sessions WHERE key = 'k' FOR UPDATE");
      const committing = s.commit('p', [{ op: 'user.put', user: user('u3', ['admin']) }, { op: 'session.delete', key: 'k' }]);
      await new Promise((r) => setTimeout(r, 300));
      await other.query("UPDATE partners SET data = data WHERE id = 'p'");
      await other.query('COMMIT');
      await committing;
    } finally {
      await other.end();
    }
    expect(reverted).toBe(0);
    expect(Object.keys((await s.loadPartner('p'))!.users)).toEqual(['u1', 'u2', 'u3']);
    expect(await s.session('k')).toBeUndefined();
  });

  it('undoes in memory a commit the database refused, on the next sync', async () => {
    const partners = new Partners(await store(), new TestClock());
    await partners.load();
    await partners.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await sql(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await sql(`CREATE TRIGGER refuse BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION refuse()`);
    await expect(partners.commit('p', [{ op: 'user.put', user: user('u2', ['admin']) }])).rejects.toThrow(/refused/);
    await partners.sync();
    expect(partners.get('p')!.dir.users.get('u2')!.roles).toEqual(['editor']);
  });

  it('refuses a change computed from a row another process changed since, and keeps the other process’s change', async () => {
    const [one, two] = [new Partners(await store(), new TestClock()), new Partners(await store(), new TestClock())];
    await one.load();
    await one.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await two.sync();
    const u2 = two.get('p')!.state.users.u2!;
    // one renames u2; two, not caught up, changes u2's roles from the row it read before
    await one.commit('p', [{ op: 'user.put', user: { ...one.get('p')!.state.users.u2!, firstName: 'Renamed' } }]);
    await expect(two.commit('p', [{ op: 'user.put', user: { ...u2, roles: ['admin'] } }])).rejects.toThrow(RowChanged);
    await two.sync();
    expect(two.get('p')!.state.users.u2).toMatchObject({ firstName: 'Renamed', roles: ['editor'] });
    // caught up, the same change goes through, and neither edit is lost
    await two.commit('p', [{ op: 'user.put', user: { ...two.get('p')!.state.users.u2!, roles: ['admin'] } }]);
    expect((await (await store()).loadPartner('p'))!.users.u2).toMatchObject({ firstName: 'Renamed', roles: ['admin'] });
    // a stale process still writes rows nobody else changed, and creates new ones
    await two.commit('p', [{ op: 'group.put', group: { id: 'g1', name: 'G2', members: ['u2'] } }]);
    await expect(one.commit('p', [{ op: 'user.put', user: user('u9', ['viewOnly']) }])).resolves.toBeUndefined();
    await expect(one.commit('p', [{ op: 'group.put', group: { id: 'g1', name: 'Stale', members: [] } }])).rejects.toThrow(RowChanged);
  });

  it('tells a process what others changed: whole partners first, then only the changes, nothing when nothing moved', async () => {
    const [one, two] = [await store(), await store()];
    await one.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    const first = await two.updates(new Map());
    expect(first).toEqual([{ partner: 'p', version: 1, state: partner('p') }]);

    await one.commit('p', [{ op: 'user.put', user: user('u2', ['viewOnly']) }, { op: 'audit.append', entry: { id: 'e', at: 0, actor: 'u1', action: 'x', outcome: 'allowed' } }]);
    await one.commit('p', [{ op: 'session.put', key: 'k', session: { partner: 'p', actor: 'u1', channel: 'cookie', createdAt: 0, expiresAt: 1 } }]);
    await one.commit('p', [{ op: 'share.put', share: { account: 'a1', group: 'g1', right: 'view' } }]);
    expect(await two.updates(new Map([['p', 1]]))).toEqual([
      { partner: 'p', version: 3, changes: [{ op: 'user.put', user: user('u2', ['viewOnly']) }, { op: 'share.put', share: { account: 'a1', group: 'g1', right: 'view' } }] },
    ]);
    expect(await two.updates(new Map([['p', 3]]))).toEqual([]);

    await one.commit('p', [{ op: 'partner.put', partner: { ...partner('p'), name: 'Again' } }]);
    expect(await two.updates(new Map([['p', 3]]))).toEqual([{ partner: 'p', version: 4, state: { ...partner('p'), name: 'Again' } }]);

    await one.commit('p', [{ op: 'setting.put', key: 'k', value: true }]);
    await sql('DELETE FROM partner_log');
    expect(await two.updates(new Map([['p', 4]]))).toEqual([{ partner: 'p', version: 5, state: { ...partner('p'), name: 'Again', settings: { k: true } } }]);
  });

  it('does not read back what a process committed alone, which it already holds', async () => {
    const s = await store();
    await s.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await s.commit('p', [{ op: 'user.put', user: user('u2', ['viewOnly']) }]);
    await s.commit('p', [{ op: 'user.put', user: user('u3', ['admin']) }]);
    // Without the log, anything read back would be a whole copy of the partner.
    await sql('DELETE FROM partner_log');
    expect(await s.updates(new Map([['p', 1]]))).toEqual([{ partner: 'p', version: 3, changes: [] }]);
  });

  it('reads back, in the database’s order, commits of one process that ran at the same time', async () => {
    const s = await store();
    await s.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await Promise.all([s.commit('p', [{ op: 'user.put', user: user('u2', ['viewOnly']) }]), s.commit('p', [{ op: 'user.put', user: user('u2', ['admin']) }])]);
    const [update] = await s.updates(new Map([['p', 1]]));
    const logged = await sql<{ changes: string }>('SELECT changes FROM partner_log WHERE version > 1 ORDER BY version');
    expect(update).toEqual({ partner: 'p', version: 3, changes: logged.flatMap((r) => JSON.parse(r.changes) as unknown[]) });
  });

  it('reads back a commit made while a catch-up brought other processes’ changes', async () => {
    const [one, two] = [await store(), await store()];
    await one.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await two.commit('p', [{ op: 'user.put', user: user('u2', ['viewOnly']) }]);
    const other = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await other.connect();
    let committing: Promise<void>;
    try {
      // The partner's row stays locked, so one's commit stays under way while its catch-up brings two's change.
      await other.query("BEGIN; SELECT 1 FROM partners WHERE id = 'p' FOR UPDATE");
      committing = one.commit('p', [{ op: 'user.put', user: user('u3', ['admin']) }]);
      expect(await one.updates(new Map([['p', 1]]))).toEqual([{ partner: 'p', version: 2, changes: [{ op: 'user.put', user: user('u2', ['viewOnly']) }] }]);
      await other.query('COMMIT');
      await committing;
    } finally {
      await other.end();
    }
    expect(await one.updates(new Map([['p', 2]]))).toEqual([{ partner: 'p', version: 3, changes: [{ op: 'user.put', user: user('u3', ['admin']) }] }]);
  });

  it('keeps two processes’ directories in step through sync, however many requests ask at once', async () => {
    const clock = new TestClock();
    const [one, two] = [new Partners(await store(), clock), new Partners(await store(), clock)];
    await one.load();
    await one.commit('p', [{ op: 'partner.put', partner: partner('p') }]);
    await two.load();
    expect(two.get('p')!.dir.users.get('u2')!.roles).toEqual(['editor']);

    await one.commit('p', [{ op: 'user.put', user: user('u2', ['viewOnly']) }, { op: 'group.put', group: { id: 'g1', name: 'G', members: [] } }]);
    await two.commit('p', [{ op: 'user.put', user: user('u3', ['admin']) }]);
    await Promise.all(Array.from({ length: 20 }, () => two.sync()));
    await one.sync();
    for (const side of [one, two]) {
      const p = side.get('p')!;
      expect(p.dir.users.get('u2')!.roles).toEqual(['viewOnly']);
      expect(p.dir.users.has('u3')).toBe(true);
      expect(p.state.groups.g1!.members).toEqual([]);
      expect(p.state).toEqual(await one.store.loadPartner('p'));
    }
  });
});
