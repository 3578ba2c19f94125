import { appendFile, copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreFileError } from './durable-file.js';
import { Journal } from './journal.js';
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
  it('acknowledges a commit once it is in the journal, and folds the journal into the snapshot at close', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    await store.commit('p', [{ op: 'user.put', user: user('u1') }]);
    const journal = await readFile(`${file}.journal`, 'utf8');
    expect(journal.trimEnd().split('\n').at(-1)).toContain('"id":"u1"');
    await store.close();
    const snapshot = JSON.parse(await readFile(file, 'utf8')) as StoreData;
    expect(snapshot.partners.p!.users.u1).toMatchObject({ id: 'u1' });
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

  it('when an append fails, rejects the commits, cuts the journal back and falls back to what is on disk', async () => {
    let fail = false;
    class FlakyJournal extends Journal {
      override async append(text: string): Promise<void> {
        if (!fail) return super.append(text);
        await appendFile(this.file, text.slice(0, 10));
        throw new Error('disk full');
      }
    }
    const store = await LowdbStore.open(file, { journal: new FlakyJournal(`${file}.journal`) });
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
    const again = await LowdbStore.open(file);
    expect(Object.keys((await again.loadPartner('p'))!.users).sort()).toEqual(['after', 'kept']);
    await again.close();
  });

  it('replays the journal after a crash, and ignores a last record cut short', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    await store.commit('p', [{ op: 'user.put', user: user('u1') }]);
    await store.commit('p', [{ op: 'audit.append', entry: { id: 'e1', at: 1, actor: 'a', action: 'x', outcome: 'allowed' } }]);
    const crashed = path.join(dir, 'crashed.json');
    await copyFile(file, crashed);
    await copyFile(`${file}.journal`, `${crashed}.journal`);
    await appendFile(`${crashed}.journal`, '{"seq":99,"commits":[{"partner":"p","chan');
    await store.close();
    for (let round = 0; round < 2; round++) {
      const replayed = await LowdbStore.open(crashed);
      expect(Object.keys((await replayed.loadPartner('p'))!.users)).toEqual(['u1']);
      expect((await replayed.audit('p', { offset: 0, limit: 10 })).total).toBe(1);
      await replayed.close();
    }
  });

  it('refuses a journal with a corrupt record before its end', async () => {
    const store = await LowdbStore.open(file);
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    await store.close();
    await writeFile(`${file}.journal`, '{"seq":5,"commits":[]}\nnot json\n{"seq":6,"commits":[]}\n');
    await expect(LowdbStore.open(file)).rejects.toThrow(/journal .* is corrupt at line 2/);
  });

  it('compacts the journal into the snapshot when it passes its limit', async () => {
    const store = await LowdbStore.open(file, { journalLimit: 2000 });
    await store.commit('p', [{ op: 'partner.put', partner: partner() }]);
    for (let i = 0; i < 20; i++) await store.commit('p', [{ op: 'user.put', user: user(`u${i}`) }]);
    const snapshot = JSON.parse(await readFile(file, 'utf8')) as StoreData;
    expect(Object.keys(snapshot.partners.p!.users).length).toBeGreaterThan(5);
    expect((await stat(`${file}.journal`)).size).toBeLessThan(2000);
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
