import type { Session } from '@deputy/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { harness, type Harness } from '../test-helpers.js';
import { decideUserOp } from './operations.js';
import { seer } from './users.js';

// `seer` asks the core once per shared target instead of once per user: for every demo partner,
// every active user as the viewer (as themselves and acting as each account), it must answer for
// every user exactly what a view decision of that user answers.
let h: Harness;

beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

it('answers as one view decision per user would, for every demo partner and viewer', () => {
  let compared = 0;
  for (const p of h.deps.partners.all()) {
    const records = [...p.dir.users.values()];
    const sessions: Session[] = records
      .filter((r) => r.status === 'active')
      .flatMap((r) => [{ actor: r.id }, ...Object.keys(p.state.accounts).map((account): Session => ({ actor: r.id, subject: { account }, mode: 'admin' }))]);
    for (const session of sessions) {
      const sees = seer(p, session);
      for (const record of records) {
        const one = record.id === session.actor || decideUserOp(p, session, 'view', record).allowed;
        expect(sees(record), `${p.id}: ${JSON.stringify(session)} viewing ${record.id}`).toBe(one);
        compared++;
      }
    }
  }
  expect(compared).toBeGreaterThan(500);
});
