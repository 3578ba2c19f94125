import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoPartners } from '../seed/demo.js';
import { LowdbStore, readStoreFile } from './lowdb.js';
import { moveStore } from './move.js';
import { PostgresStore } from './postgres.js';
import { appDatabaseUrl, dropSchema, freshSchema } from './postgres-testing.js';
import type { Change } from './types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let schema: string;
let url: string;
beforeEach(async () => {
  url = await appDatabaseUrl();
  dir = await mkdtemp(path.join(tmpdir(), 'deputy-move-'));
  schema = freshSchema('move');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

/** A lowdb file with a bit of everything: the demo partners, changes on top, sessions, attempts, audit, odd text. */
async function fullFile(file: string): Promise<void> {
  const store = await LowdbStore.open(file);
  for (const p of await demoPartners(1_000)) await store.commit(p.id, [{ op: 'partner.put', partner: p }]);
  const odd = 'odd \u0000 \\0 \ud800 \u{1F600} "x"';
  const changes: Change[] = [
    { op: 'customRole.put', role: { id: 'auditor', label: odd, description: 'reads', permissions: ['client.access'], cap: 'view' } },
    { op: 'setting.put', key: 'retention', value: ['30', odd] },
    { op: 'share.put', share: { account: 'beta', group: 'viewers', right: 'admin' } },
    { op: 'user.put', user: { id: 'u-odd', kind: 'operator', firstName: odd, lastName: 'L', username: 'odd@client-sharing', email: 'o@x', roles: ['auditor'], status: 'invited', createdAt: 1.5, activeSince: 2, failedSignIns: 2, lockedUntil: 99 } },
    { op: 'session.put', key: 'k1', session: { partner: 'client-sharing', actor: 'u-admin', channel: 'cookie', csrf: 'c', createdAt: 1, expiresAt: 9e12 } },
    { op: 'session.put', key: `k\\0${odd}`, session: { partner: 'client-sharing', actor: 'u-admin', subject: { account: 'alpha' }, mode: 'view', since: 3, channel: 'cookie', createdAt: 1, expiresAt: 9e12 } },
    { op: 'attempt.put', key: 'a1', attempt: { partner: 'client-sharing', user: 'u-editor', channel: 'email', codeHash: 'h', guesses: 1, expiresAt: 9e12 } },
  ];
  await store.commit('client-sharing', changes);
  for (let i = 0; i < 30; i++) {
    const partner = i % 3 ? 'client-sharing' : 'operator-portal';
    await store.commit(partner, [{ op: 'audit.append', entry: { id: `e${i}`, at: i, actor: i === 7 ? odd : 'u-admin', action: 'user.edit', target: `user:u${i}`, outcome: 'allowed', ...(i % 5 ? {} : { subject: { user: 'u-sales' }, detail: odd }) } }]);
  }
  await store.close();
}

describe('move between lowdb and PostgreSQL', () => {
  it('moves a file into PostgreSQL and back without losing anything', async () => {
    const original = path.join(dir, 'data.json');
    const back = path.join(dir, 'back.json');
    await fullFile(original);
    const there = await moveStore(original, url, { schema });
    expect(there).toMatchObject({ partners: 5, sessions: 2, attempts: 1, audit: 30 });
    const returned = await moveStore(url, back, { schema });
    expect(returned).toEqual(there);
    const { seq, ...before } = (await readStoreFile(original))!;
    expect(seq).toBeGreaterThan(0);
    expect(await readStoreFile(back)).toEqual(before);

    const reopened = await LowdbStore.open(back);
    expect(await reopened.partners()).toEqual(['operator-portal', 'member-portal', 'partner-portal', 'integrator-portal', 'client-sharing']);
    await reopened.close();
  });

  it('moves into an empty target only, and leaves a full one as it was', async () => {
    const file = path.join(dir, 'data.json');
    await fullFile(file);
    await moveStore(file, url, { schema });
    await expect(moveStore(file, url, { schema })).rejects.toThrow(/not empty/);
    const store = await PostgresStore.open(url, { schema });
    expect((await store.audit('client-sharing', { offset: 0, limit: 1 })).total).toBe(20);
    await store.close();

    await writeFile(path.join(dir, 'taken.json'), 'keep');
    await expect(moveStore(url, path.join(dir, 'taken.json'), { schema })).rejects.toThrow(/exists/);
    expect(await readFile(path.join(dir, 'taken.json'), 'utf8')).toBe('keep');
    await expect(moveStore(file, path.join(dir, 'other.json'))).rejects.toThrow(/postgres:\/\//);
  });

  it('runs as the `move` command', async () => {
    const file = path.join(dir, 'data.json');
    await fullFile(file);
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/store/move.ts', '--from', file, '--to', url, '--schema', schema], { cwd: root });
    expect(stdout).toMatch(/Moved \{"partners":5,/);
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/store/move.ts', '--from', file, '--to', url, '--schema', schema], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringMatching(/not empty/) });
  });
});
