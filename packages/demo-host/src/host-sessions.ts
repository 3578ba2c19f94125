/**
 * The host site's own sessions (in memory: a restart signs everyone out). Each holds the Deputy
 * user the visitor signed in as and the embed token the page hands to the widgets.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, EmbedToken } from './deputy.js';

export interface HostSession {
  /** a sign-in waiting for its second factor */
  pending?: { partner: string; attempt: string };
  signedIn?: { partner: string; actor: Actor; embed: EmbedToken };
}

export class HostSessions {
  readonly #sessions = new Map<string, HostSession>();

  get(id: string | undefined): HostSession | undefined {
    return id === undefined ? undefined : this.#sessions.get(id);
  }

  /** A new, empty session and its id (sent as the host's cookie). */
  create(): { id: string; session: HostSession } {
    const id = randomBytes(32).toString('base64url');
    const session: HostSession = {};
    this.#sessions.set(id, session);
    return { id, session };
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }
}
