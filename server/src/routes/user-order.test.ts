import { afterAll, beforeAll, expect, it } from 'vitest';
import { harness, signIn, type Client, type Harness } from '../test-helpers.js';

// GET /api/users lists by last name, first name, id from an order the server keeps as users are
// added, renamed and deleted: after each change the list must equal a fresh sort of the same users.
const P = 'integrator-portal';
let h: Harness;
let admin: Client;

beforeAll(async () => {
  h = await harness();
  admin = await signIn(h, P, `portalAdmin@${P}`);
});
afterAll(async () => {
  await h.close();
});

type Row = { id: string; firstName: string; lastName: string };
const list = async () => (await admin.json<{ items: Row[]; total: number }>('GET', '/api/users?kind=operator&limit=500')).body.items;
const sorted = (rows: Row[]) =>
  [...rows].sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id));

it('keeps the list sorted through creates, renames and deletes', async () => {
  const ids: string[] = [];
  for (const [firstName, lastName] of [['Zoe', 'Aardvark'], ['Ann', 'Aardvark'], ['Bob', 'Mid']]) {
    const created = await admin.json<Row>('POST', '/api/users', { kind: 'operator', firstName, lastName, email: `${firstName}@example.com`, roles: ['onboardingView'] });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  let rows = await list();
  expect(rows.map((r) => r.id)).toEqual(sorted(rows).map((r) => r.id));
  expect(rows.slice(0, 2).map((r) => r.firstName)).toEqual(['Ann', 'Zoe']);

  expect((await admin.json('PATCH', `/api/users/${ids[1]}`, { lastName: 'Zz-last' })).status).toBe(200);
  rows = await list();
  expect(rows.map((r) => r.id)).toEqual(sorted(rows).map((r) => r.id));
  expect(rows.at(-1)!.id).toBe(ids[1]);

  expect((await admin.request('DELETE', `/api/users/${ids[2]}`)).status).toBe(204);
  rows = await list();
  expect(rows.map((r) => r.id)).not.toContain(ids[2]);
  expect(rows.map((r) => r.id)).toEqual(sorted(rows).map((r) => r.id));
});
