import type { Right } from './policy.js';
import type { Subject } from './reasons.js';
import type { Directory, UserEntry } from './state.js';

/** Who is signed in, whom they act as (if anyone), in which mode, since when. */
export interface Session {
  actor: string;
  subject?: Subject;
  mode?: Right;
  /** epoch milliseconds */
  since?: number;
  /** set by `bindSession` */
  readonly bound?: SessionBinding;
}

/**
 * What `bindSession` keeps: the Directory and actor it looked up, and the actor's entry there.
 * Left out of JSON, so that a bound session serialises as the plain one (not with its Directory).
 */
export class SessionBinding {
  constructor(
    readonly dir: Directory,
    readonly actor: string,
    readonly entry: UserEntry,
  ) {}

  toJSON(): undefined {
    return undefined;
  }
}

/**
 * The session with its actor looked up once in `dir`, so that every decision made with it skips
 * that lookup (as an ability built once per user does in CASL): worth it for a request that makes
 * many decisions, a list filtered row by row say. Its decisions stay exactly those of the plain
 * session whatever changes afterwards: the binding is used only with the same Directory and actor,
 * and only while the user is in it (the Directory changes the entry in place until it removes it).
 *
 * @example
 * const session = bindSession(dir, { actor: 'u1' });
 * const visible = accounts.filter((a) => decide(policy, dir, session, 'client.view', { account: a }).allowed);
 */
export function bindSession(dir: Directory, session: Session): Session {
  const entry = dir.userEntries.get(session.actor);
  if (!entry) return session;
  // a literal, not a spread: spread copies each took an object shape of their own in V8, which
  // made every read of a session megamorphic
  const { actor, subject, mode, since } = session;
  return { actor, subject, mode, since, bound: new SessionBinding(dir, actor, entry) };
}

/** The session's actor in `dir`: through its binding when that still holds, else looked up. */
export function actorOf(dir: Directory, session: Session): UserEntry | undefined {
  const b = session.bound;
  if (b !== undefined && b.dir === dir && b.actor === session.actor && b.entry.record !== undefined) return b.entry;
  return dir.userEntries.get(session.actor);
}
