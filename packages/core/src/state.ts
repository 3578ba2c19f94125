import type { AccountFlag, Right } from './policy.js';

export type UserStatus = 'active' | 'invited' | 'locked' | 'expired' | 'blocked' | 'disabled';

/** A user as the evaluator sees one: an operator of the partner or a member of one client account. */
export interface UserRecord {
  id: string;
  kind: 'operator' | 'member';
  /** the client account a member belongs to */
  account?: string;
  roles: string[];
  email: string;
  status: UserStatus;
}

export type AccountRecord = { id: string } & Partial<Record<AccountFlag, boolean>>;

export interface GroupRecord {
  id: string;
  members: string[];
}

export interface ShareRecord {
  account: string;
  group: string;
  right: Right;
}

export interface AssignmentRecord {
  user: string;
  account: string;
}

export interface LeadRecord {
  id: string;
  source: string;
  assignedTo?: string;
}

export interface ContentRecord {
  id: string;
  /** role ids the content is restricted to; empty or absent: everyone */
  audience?: string[];
}

/** One partner's data, as plain JSON. */
export interface StateData {
  settings?: Record<string, boolean | string[]>;
  users?: UserRecord[];
  accounts?: AccountRecord[];
  groups?: GroupRecord[];
  shares?: ShareRecord[];
  assignments?: AssignmentRecord[];
  leads?: LeadRecord[];
  contents?: ContentRecord[];
}

/**
 * One partner's state indexed for the evaluator. Build it once from plain data, then keep it in
 * step with every change through its methods: each keeps the indexes correct.
 *
 * @example
 * const dir = new Directory({ users: [...], accounts: [...] });
 * dir.share('acc-1', 'grp-1', 'admin');
 */
export class Directory {
  readonly users = new Map<string, UserRecord>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly leads = new Map<string, LeadRecord>();
  readonly contents = new Map<string, ContentRecord>();
  readonly settings = new Map<string, boolean | string[]>();
  /** group id → member ids */
  readonly groups = new Map<string, Set<string>>();
  /** user id → group ids */
  readonly groupsOf = new Map<string, Set<string>>();
  /** account id → group id → right */
  readonly sharesOf = new Map<string, Map<string, Right>>();
  /** user id → assigned account ids */
  readonly assignedTo = new Map<string, Set<string>>();

  constructor(data: StateData = {}) {
    for (const [key, value] of Object.entries(data.settings ?? {})) this.settings.set(key, value);
    for (const user of data.users ?? []) this.putUser(user);
    for (const account of data.accounts ?? []) this.putAccount(account);
    for (const group of data.groups ?? []) this.putGroup(group);
    for (const share of data.shares ?? []) this.share(share.account, share.group, share.right);
    for (const a of data.assignments ?? []) this.assign(a.user, a.account);
    for (const lead of data.leads ?? []) this.leads.set(lead.id, lead);
    for (const content of data.contents ?? []) this.contents.set(content.id, content);
  }

  putUser(user: UserRecord): void {
    this.users.set(user.id, user);
  }

  removeUser(id: string): void {
    this.users.delete(id);
    this.assignedTo.delete(id);
    for (const group of this.groupsOf.get(id) ?? []) this.groups.get(group)?.delete(id);
    this.groupsOf.delete(id);
  }

  putAccount(account: AccountRecord): void {
    this.accounts.set(account.id, account);
  }

  removeAccount(id: string): void {
    this.accounts.delete(id);
    this.sharesOf.delete(id);
    for (const accounts of this.assignedTo.values()) accounts.delete(id);
  }

  /** Create or replace a group with exactly these members; its shares stay. */
  putGroup(group: GroupRecord): void {
    for (const member of this.groups.get(group.id) ?? []) this.groupsOf.get(member)?.delete(group.id);
    this.groups.set(group.id, new Set(group.members));
    for (const member of group.members) setOf(this.groupsOf, member).add(group.id);
  }

  /** Remove a group, its memberships and its shares. */
  removeGroup(id: string): void {
    for (const member of this.groups.get(id) ?? []) this.groupsOf.get(member)?.delete(id);
    this.groups.delete(id);
    for (const shares of this.sharesOf.values()) shares.delete(id);
  }

  share(account: string, group: string, right: Right): void {
    let shares = this.sharesOf.get(account);
    if (!shares) this.sharesOf.set(account, (shares = new Map()));
    shares.set(group, right);
  }

  unshare(account: string, group: string): void {
    this.sharesOf.get(account)?.delete(group);
  }

  assign(user: string, account: string): void {
    setOf(this.assignedTo, user).add(account);
  }

  unassign(user: string, account: string): void {
    this.assignedTo.get(user)?.delete(account);
  }

  setSetting(key: string, value: boolean | string[]): void {
    this.settings.set(key, value);
  }

  putLead(lead: LeadRecord): void {
    this.leads.set(lead.id, lead);
  }

  putContent(content: ContentRecord): void {
    this.contents.set(content.id, content);
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
