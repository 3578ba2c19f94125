/**
 * The store every route goes through. The lowdb store (`./lowdb.ts`) is the embedded default; a
 * PostgreSQL store implements the same interface. Everything that must survive a restart or be
 * shared between server processes lives here: the partners' data, sessions and embed tokens,
 * sign-in attempts (second-factor codes), lock-out counters (on the user row) and the audit log.
 *
 * Changes are described as data (`Change`) and committed atomically per partner: a store
 * acknowledges a commit only once it is durable (fsync, or a committed transaction).
 */
import type { AssignmentRecord, ContentRecord, CustomRoleInput, LeadRecord, Policy, Right, ShareRecord } from '@deputy/core';

/** The stored part of a user's status; `locked` and `expired` are derived with the clock. */
export type StoredStatus = 'active' | 'invited' | 'blocked' | 'disabled';

export interface TotpRecord {
  /** base32 secret */
  secret: string;
  confirmed: boolean;
  /** the last time step accepted: a code is never accepted twice */
  lastCounter?: number;
}

export interface UserRow {
  id: string;
  kind: 'operator' | 'member';
  account?: string;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  phone?: string;
  roles: string[];
  status: StoredStatus;
  createdAt: number;
  /** epoch ms of the last sign-in, or of the (re-)activation when more recent; drives expiry */
  activeSince: number;
  lastSignInAt?: number;
  failedSignIns: number;
  /** epoch ms of the last failed sign-in: throttles password guessing where the policy never locks */
  lastFailedAt?: number;
  lockedUntil?: number;
  passwordHash?: string;
  totp?: TotpRecord;
}

export interface AccountRow {
  id: string;
  name: string;
  secure: boolean;
  setupCompleted: boolean;
  template: boolean;
  createdAt: number;
}

export interface GroupRow {
  id: string;
  name: string;
  members: string[];
}

/** One partner: its policy, its credentials for embedding, and its directory. */
export interface PartnerState {
  id: string;
  name: string;
  /** the preset the partner runs, or `custom` with `policy` */
  preset: string;
  policy?: Policy;
  /** sha256 (hex) of the partner API key that mints embed tokens */
  apiKeyHash: string;
  /** exact origins allowed to call the API from a browser */
  origins: string[];
  settings: Record<string, boolean | string[]>;
  users: Record<string, UserRow>;
  accounts: Record<string, AccountRow>;
  groups: Record<string, GroupRow>;
  shares: ShareRecord[];
  assignments: AssignmentRecord[];
  leads: LeadRecord[];
  contents: ContentRecord[];
  customRoles: CustomRoleInput[];
}

export type Subject = { user: string } | { account: string };

/** A server-side session (cookie) or embed token; stored under the sha256 of its secret. */
export interface SessionRow {
  partner: string;
  actor: string;
  subject?: Subject;
  mode?: Right;
  since?: number;
  channel: 'cookie' | 'embed';
  /** embed tokens: the origin they were minted for */
  origin?: string;
  /** cookie sessions: the CSRF token to echo in `X-Deputy-CSRF` */
  csrf?: string;
  createdAt: number;
  expiresAt: number;
}

/** A password-verified sign-in waiting for its second factor. */
export interface AttemptRow {
  partner: string;
  user: string;
  channel: 'email' | 'sms' | 'totp';
  /** sha256 of the one-time code (email / SMS) */
  codeHash?: string;
  guesses: number;
  expiresAt: number;
}

export interface AuditEntry {
  id: string;
  at: number;
  /** who did it (the signed-in user), or the login tried for failed sign-ins */
  actor: string;
  /** whom the actor acted as, when impersonating */
  subject?: Subject;
  action: string;
  /** e.g. `user:u1`, `account:a1`, `group:g1` */
  target?: string;
  outcome: 'allowed' | 'denied' | 'failed';
  detail?: string;
}

export interface AuditQuery {
  actor?: string;
  subject?: string;
  action?: string;
  target?: string;
  /** several targets (any of them), e.g. an account and its members */
  targets?: string[];
  outcome?: AuditEntry['outcome'];
  from?: number;
  to?: number;
  offset: number;
  limit: number;
}

/** One change to a partner's data, applied atomically with the others of its commit. */
export type Change =
  | { op: 'partner.put'; partner: PartnerState }
  | { op: 'user.put'; user: UserRow }
  | { op: 'user.delete'; id: string }
  | { op: 'account.put'; account: AccountRow }
  | { op: 'group.put'; group: GroupRow }
  | { op: 'group.delete'; id: string }
  | { op: 'share.put'; share: ShareRecord }
  | { op: 'share.delete'; account: string; group: string }
  | { op: 'assignment.put'; assignment: AssignmentRecord }
  | { op: 'assignment.delete'; assignment: AssignmentRecord }
  | { op: 'setting.put'; key: string; value: boolean | string[] }
  | { op: 'customRole.put'; role: CustomRoleInput }
  | { op: 'customRole.delete'; id: string }
  | { op: 'audit.append'; entry: AuditEntry }
  | { op: 'session.put'; key: string; session: SessionRow }
  | { op: 'session.delete'; key: string }
  /** end every session and token of a user: as actor, or as the subject impersonated */
  | { op: 'session.deleteForUser'; user: string }
  /** forget sessions, tokens and sign-in attempts that expired before `now` (every partner's) */
  | { op: 'session.prune'; now: number }
  | { op: 'attempt.put'; key: string; attempt: AttemptRow }
  | { op: 'attempt.delete'; key: string };

/**
 * What other server processes committed to one partner's directory since a process last looked:
 * the changes in commit order, or a whole copy (a partner new to the process, replaced, or further
 * ahead than the store's log reaches).
 */
export type PartnerUpdate =
  | { partner: string; version: number; changes: Change[] }
  | { partner: string; version: number; state: PartnerState };

/**
 * The storage contract. All methods are async so that a database can implement them.
 *
 * @example
 * await store.commit('operator-portal', [{ op: 'user.put', user }, { op: 'audit.append', entry }]);
 */
export interface Store {
  /** ids of every partner */
  partners(): Promise<string[]>;
  /** a copy of one partner's data, to build the server's in-memory directory from */
  loadPartner(id: string): Promise<PartnerState | undefined>;
  /**
   * Apply the changes atomically and resolve once they are durable. Rejects (and changes
   * nothing) when they could not be made durable. `expected`, for stores that several processes
   * share: for a change that replaces a row, the row it was computed from (undefined: none); the
   * commit is refused with a `RowChanged` error when the stored row differs.
   */
  commit(partner: string, changes: Change[], expected?: ReadonlyMap<Change, unknown>): Promise<void>;
  session(key: string): Promise<SessionRow | undefined>;
  /**
   * Only stores that hold every session in this process's memory (lowdb): `session` without the
   * promise, so that the hot check route can answer within the task that received the request.
   */
  sessionNow?(key: string): SessionRow | undefined;
  attempt(key: string): Promise<AttemptRow | undefined>;
  audit(partner: string, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }>;
  /**
   * Only stores that several server processes share (PostgreSQL): the updates of every partner
   * whose version differs from `known` (partner id → the version the process holds).
   */
  updates?(known: ReadonlyMap<string, number>): Promise<PartnerUpdate[]>;
  /** called after a failed commit made the store fall back to its last durable state */
  onRevert(listener: () => void): void;
  close(): Promise<void>;
}

/** A commit refused because a row it replaces was changed by another process since it was read. */
export class RowChanged extends Error {
  override name = 'RowChanged';
}
