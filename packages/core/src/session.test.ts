import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { loadPolicy } from './policy-schema.js';
import { presets } from './presets/index.js';
import { bindSession, type Session } from './session.js';
import { Directory, type StateData } from './state.js';

const sharing = loadPolicy(presets['client-sharing']);

/** Two Editors in one group; C1 is shared with it. */
function sharingState(): StateData {
  const editor = (id: string) => ({ id, kind: 'operator' as const, roles: ['editor'], email: `${id}@agency.test`, status: 'active' as const });
  return {
    users: [editor('ed'), editor('ed2')],
    accounts: [{ id: 'C1' }, { id: 'C2' }],
    groups: [{ id: 'g', members: ['ed', 'ed2'] }],
    shares: [{ account: 'C1', group: 'g', right: 'admin' }],
  };
}

const as = (actor: string): Session => ({ actor });

// That a bound session decides as the plain one through any sequence of changes is checked against
// a model in state.test.ts.
describe('bindSession', () => {
  it('uses the binding only with its own Directory and actor', () => {
    const dir = new Directory(sharingState());
    const bound = bindSession(dir, as('ed'));
    expect(bound.bound?.entry.record?.id).toBe('ed');
    expect(decide(sharing, dir, bound, 'client.data', { account: 'C1' }).allowed).toBe(true);
    // the same session object turned into another actor's: decided as that actor, not through the binding
    const outsider = { ...bound, actor: 'nobody' };
    expect(decide(sharing, dir, outsider, 'client.data', { account: 'C1' })).toEqual({ allowed: false, reasons: [{ code: 'not-found', what: 'session' }] });
    // another Directory in which ed is in no group: decided by that Directory
    const other = new Directory({ ...sharingState(), groups: [{ id: 'g', members: ['ed2'] }] });
    expect(decide(sharing, other, bound, 'client.data', { account: 'C1' }).reasons).toEqual([{ code: 'out-of-scope', role: 'editor', scope: 'shared' }]);
  });

  it('serialises a bound session as the plain one, without its Directory', () => {
    const dir = new Directory(sharingState());
    const session: Session = { actor: 'ed', subject: { account: 'C1' }, mode: 'admin', since: 5 };
    expect(JSON.parse(JSON.stringify(bindSession(dir, session)))).toEqual(session);
  });

  it('leaves a session whose actor the Directory does not hold unbound', () => {
    const dir = new Directory(sharingState());
    const session = as('ghost');
    expect(bindSession(dir, session)).toBe(session);
  });
});
