/**
 * The authorization matrix over HTTP: for every preset, every demo user who signs in, every user
 * and account as target, and every lifecycle and account operation, the HTTP answer is what the
 * core decides (200/204 when allowed, 403 when denied, 404 when the target is hidden), and a
 * refused change leaves the partner's data exactly as it was. After an allowed change the data is
 * put back, so each cell starts from the seed.
 */
import { presets } from '@deputy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAccountOp, decideUserOp, type AccountOp, type UserOp } from '../domain/operations.js';
import { canSee } from '../domain/users.js';
import { harness, signIn, type Client, type Harness } from '../test-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

const USER_OPS: Array<{ op: UserOp; method: string; path: (id: string) => string; body?: (roles: string[]) => unknown }> = [
  { op: 'edit', method: 'PATCH', path: (id) => `/api/users/${id}`, body: () => ({ firstName: 'Changed' }) },
  { op: 'assignRole', method: 'PUT', path: (id) => `/api/users/${id}/roles`, body: (roles) => ({ roles }) },
  { op: 'block', method: 'POST', path: (id) => `/api/users/${id}/block` },
  { op: 'disable', method: 'POST', path: (id) => `/api/users/${id}/disable` },
  { op: 'enable', method: 'POST', path: (id) => `/api/users/${id}/enable` },
  { op: 'unlock', method: 'POST', path: (id) => `/api/users/${id}/unlock` },
  { op: 'activate', method: 'POST', path: (id) => `/api/users/${id}/activate` },
  { op: 'resetPassword', method: 'POST', path: (id) => `/api/users/${id}/reset-password` },
  { op: 'delete', method: 'DELETE', path: (id) => `/api/users/${id}` },
];

const ACCOUNT_FIELDS: Array<{ op: AccountOp; body: (a: { name: string; secure: boolean; setupCompleted: boolean; template: boolean }) => object }> = [
  { op: 'rename', body: (a) => ({ name: `${a.name} (renamed)` }) },
  { op: 'markSecure', body: (a) => ({ secure: !a.secure }) },
  { op: 'markSetupCompleted', body: (a) => ({ setupCompleted: !a.setupCompleted }) },
  { op: 'designateTemplate', body: (a) => ({ template: !a.template }) },
];

describe.each(Object.keys(presets))('authorization matrix of %s', (partner) => {
  let actors: string[] = [];
  beforeAll(() => {
    const p = h.deps.partners.get(partner)!;
    actors = Object.values(p.state.users)
      .filter((u) => u.roles.some((r) => p.cp.roles.get(r)?.def.signIn !== false))
      .map((u) => u.username);
  });

  it('user lifecycle operations answer as the core decides', async () => {
    const seen = new Set<number>();
    for (const login of actors) {
      const client: Client = await signIn(h, partner, login);
      const actor = h.deps.partners.get(partner)!.state.users[Object.values(h.deps.partners.get(partner)!.state.users).find((u) => u.username === login)!.id]!;
      for (const targetId of Object.keys(h.deps.partners.get(partner)!.state.users)) {
        for (const { op, method, path, body } of USER_OPS) {
          const p = h.deps.partners.get(partner)!;
          const target = p.state.users[targetId]!;
          const before = structuredClone(p.state);
          const session = { actor: actor.id };
          p.user(targetId);
          const visible = canSee(p, session, targetId);
          const allowed = visible && decideUserOp(p, session, op, p.dir.users.get(targetId)!).allowed;
          const res = await client.request(method, path(targetId), body?.(target.roles));
          const expected = !visible ? 404 : !allowed ? 403 : op === 'delete' ? 204 : 200;
          expect(res.status, `${login} ${op} ${targetId}`).toBe(expected);
          const after = h.deps.partners.get(partner)!.state;
          if (expected >= 400) expect(JSON.stringify(after), `${login} ${op} ${targetId} changed data`).toBe(JSON.stringify(before));
          else await h.deps.partners.commit(partner, [{ op: 'partner.put', partner: before }]);
          seen.add(expected);
        }
      }
    }
    // every preset has cells of each kind: allowed, refused, hidden
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 403, 404]));
  });

  it('account edits answer as the core decides', async () => {
    for (const login of actors) {
      const client = await signIn(h, partner, login);
      const actorId = Object.values(h.deps.partners.get(partner)!.state.users).find((u) => u.username === login)!.id;
      for (const accountId of Object.keys(h.deps.partners.get(partner)!.state.accounts)) {
        for (const { op, body } of ACCOUNT_FIELDS) {
          const p = h.deps.partners.get(partner)!;
          const before = structuredClone(p.state);
          const session = { actor: actorId };
          const visible = decideAccountOp(p.cp, p.dir, session, 'view', accountId).allowed;
          const allowed = visible && decideAccountOp(p.cp, p.dir, session, op, accountId).allowed;
          const res = await client.request('PATCH', `/api/accounts/${accountId}`, body(p.state.accounts[accountId]!));
          const expected = !visible ? 404 : allowed ? 200 : 403;
          expect(res.status, `${login} ${op} ${accountId}`).toBe(expected);
          if (expected >= 400) expect(JSON.stringify(h.deps.partners.get(partner)!.state)).toBe(JSON.stringify(before));
          else await h.deps.partners.commit(partner, [{ op: 'partner.put', partner: before }]);
        }
      }
    }
  });
});
