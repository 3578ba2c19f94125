import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJSONFile, StoreFileError } from './durable-file.js';
import { LowdbStore, type StoreData } from './lowdb.js';
import type { PartnerState, UserRow } from './types.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deputy-store-'));
  file = path.join(dir, 'data.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const partner = (): PartnerState => ({
  id: 'p', name: 'P', preset: 'integrator-portal', apiKeyHash: 'x', origins: [], settings: {}, users: {}, accounts: {}, groups: {},
  shares: [], assignments: [], leads: [], contents: [], customRoles: [],
});
const user = (id: string): UserRow => ({
  id, kind: 'operator', firstName: 'F', lastName: 'L', username: id, email: `${id}@x`, roles: ['portalAdmin'], status: 'active',
  createdAt: 0, activeSince: 0, failedSignIns: 0,
});

describe('LowdbStore', () => {
  it('acknowledges a commit only once it is in the file', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    await store.commit('p', [{ op: 'user.put', user: user('u1') }]);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as StoreData;
    expect(onDisk.partners.p!.users.u1).toMatchObject({ id: 'u1' });
    await store.close();
  });

  it('keeps every one of many concurrent commits', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    await Promise.all(Array.from({ length: 500 }, (_, i) => store.commit('p', [{ op: 'user.put', user: user(`u${i}`) }])));
    await store.close();
    const again = await LowdbStore.open(file);
    expect(Object.keys((await again.loadPartner('p'))!.users)).toHaveLength(500);
    await again.close();
  });

  it('refuses a second owner of the same file while the first runs', async () => {
    const store = await LowdbStore.open(file);
    await expect(LowdbStore.open(file)).rejects.toThrow(/in use by process/);
    await store.close();
    const next = await LowdbStore.open(file);
    await next.close();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    await writeFile(`${file}.lock`, '999999999');
    const store = await LowdbStore.open(file);
    await store.close();
  });

  it('refuses a corrupt or truncated file and leaves it as it was', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    await store.close();
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length / 2));
    await expect(LowdbStore.open(file)).rejects.toThrow(StoreFileError);
    await expect(LowdbStore.open(file)).rejects.toThrow(/corrupt or truncated/);
    expect(await readFile(file, 'utf8')).toBe(text.slice(0, text.length / 2));
    await writeFile(file, '');
    await expect(LowdbStore.open(file)).rejects.toThrow(StoreFileError);
    await writeFile(file, '{"hello":1}');
    await expect(LowdbStore.open(file)).rejects.toThrow(/not a Deputy store/);
  });

  it('when a write fails, rejects the commit and falls back to what is on disk', async () => {
    const real = new DurableJSONFile<StoreData>(file, (d): d is StoreData => typeof d === 'object' && d !== null);
    let fail = false;
    const adapter = { read: () => real.read(), write: (d: StoreData) => (fail ? Promise.reject(new Error('disk full')) : real.write(d)) };
    const store = await LowdbStore.open(file, { adapter });
    let reverted = 0;
    store.onRevert(() => reverted++);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }, { op: 'user.put', user: user('kept') }]);
    fail = true;
    const results = await Promise.allSettled([
      store.commit('p', [{ op: 'user.put', user: user('lost1') }]),
      store.commit('p', [{ op: 'user.put', user: user('lost2') }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(reverted).toBe(1);
    expect(Object.keys((await store.loadPartner('p'))!.users)).toEqual(['kept']);
    fail = false;
    await store.commit('p', [{ op: 'user.put', user: user('after') }]);
    expect(Object.keys((await store.loadPartner('p'))!.users).sort()).toEqual(['after', 'kept']);
    await store.close();
  });

  it('filters the audit log, newest first', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    for (let i = 0; i < 5; i++) {
      await store.commit('p', [{ op: 'audit.append', entry: { id: `e${i}`, at: i, actor: i % 2 ? 'a' : 'b', action: 'x', outcome: 'allowed', target: `user:${i}` } }]);
    }
    const a = await store.audit('p', { actor: 'a', offset: 0, limit: 10 });
    expect(a.items.map((e) => e.id)).toEqual(['e3', 'e1']);
    const range = await store.audit('p', { from: 1, to: 3, offset: 1, limit: 1 });
    expect(range).toMatchObject({ total: 3, items: [{ id: 'e2' }] });
    await store.close();
  });
});
