import type { CompiledPolicy, RoleGrants } from './compile.js';
import type { AccountFlag, Right } from './policy.js';
import { RIGHTS, rightRank } from './policy.js';

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

/**
 * One user as the Directory keeps it for the evaluator: the record, whether it is active, its role
 * set, and the groups and assignments that reach accounts — what a decision reads, in one object.
 */
export interface UserEntry {
  /** undefined while only groups or assignments name the user (they were loaded before it) */
  record: UserRecord | undefined;
  active: boolean;
  roleSet: RoleSet;
  /** the user's groups, by their numbers in the Directory */
  groups: number[];
  /** the user's number in the Directory (what account assignments hold) */
  num: number;
  /** the numbers of the accounts the user is assigned to */
  assigned: Set<number>;
}

/**
 * The roles some users hold, in their order, shared by all of them (there are few distinct sets),
 * with the evaluator's memo of what they grant: it stays hot whichever of those users asks.
 */
export interface RoleSet {
  roles: readonly string[];
  /** the compiled policy `grants` was worked out for */
  grantsFor: CompiledPolicy | undefined;
  /** by action index: the roles that grant the action, with their grants, in the order held */
  grants: Array<readonly RoleGrants[] | undefined>;
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
  /** group id → member ids */
  readonly groups = new Map<string, Set<string>>();
  readonly leads = new Map<string, LeadRecord>();
  readonly contents = new Map<string, ContentRecord>();
  readonly settings = new Map<string, boolean | string[]>();
  /** user id → what a decision reads of the user, behind one lookup */
  readonly userEntries = new Map<string, UserEntry>();
  /** group ids by number: shares and memberships hold numbers, compared without hashing */
  readonly groupIds: string[] = [];
  /** accounts by number, in dense arrays (see `AccountTable`) */
  readonly accounts = new AccountTable();
  readonly #groupNums = new Map<string, number>();
  readonly #roleSets = new Map<string, RoleSet>();
  #userCount = 0;

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

  /** The groups an account is shared with and their rights, in the order it was first shared with each. */
  sharesOf(account: string): Map<string, Right> {
    const shares = new Map<string, Right>();
    const num = this.accounts.num.get(account);
    for (const packed of num === undefined ? [] : this.#shares(num)) shares.set(this.groupIds[packed >> 2]!, RIGHTS[packed & 3]!);
    return shares;
  }

  /** The ids of the groups a user is a member of. */
  groupsOf(user: string): string[] {
    return (this.userEntries.get(user)?.groups ?? []).map((n) => this.groupIds[n]!);
  }

  putUser(user: UserRecord): void {
    this.users.set(user.id, user);
    const entry = this.#userEntry(user.id);
    entry.record = user;
    entry.active = user.status === 'active';
    entry.roleSet = this.#roleSet(user.roles);
  }

  removeUser(id: string): void {
    const entry = this.userEntries.get(id);
    this.users.delete(id);
    if (!entry) return;
    for (const group of this.groupsOf(id)) this.groups.get(group)?.delete(id);
    for (const account of entry.assigned) this.#setAssigned(account, this.#assigned(account).filter((u) => u !== entry.num));
    this.userEntries.delete(id);
    // a session bound to this entry (see `bindSession`) must not find the user any more
    entry.record = undefined;
    entry.active = false;
  }

  /** Create or replace an account; its shares and assignments stay. */
  putAccount(account: AccountRecord): void {
    const num = this.accounts.add(account.id);
    this.accounts.record[num] = account;
    this.accounts.flags[num] = (this.accounts.flags[num]! & ~ACCOUNT_SECURE) | ACCOUNT_EXISTS | (account.secure === true ? ACCOUNT_SECURE : 0);
  }

  removeAccount(id: string): void {
    const num = this.accounts.num.get(id);
    if (num === undefined) return;
    this.accounts.num.delete(id);
    this.accounts.record[num] = undefined;
    this.#setShares(num, []);
    for (const entry of this.userEntries.values()) entry.assigned.delete(num);
    this.#setAssigned(num, []);
    this.accounts.flags[num] = 0;
  }

  /** Create or replace a group with exactly these members; its shares stay. */
  putGroup(group: GroupRecord): void {
    const num = this.#groupNum(group.id);
    for (const member of this.groups.get(group.id) ?? []) this.#leave(member, num);
    this.groups.set(group.id, new Set(group.members));
    for (const member of group.members) {
      const groups = this.#userEntry(member).groups;
      if (!groups.includes(num)) groups.push(num);
    }
  }

  /** Remove a group, its memberships and its shares. */
  removeGroup(id: string): void {
    const num = this.#groupNums.get(id);
    if (num === undefined) return;
    for (const member of this.groups.get(id) ?? []) this.#leave(member, num);
    this.groups.delete(id);
    for (const account of this.accounts.num.values()) {
      const shares = this.#shares(account);
      if (shares.some((packed) => packed >> 2 === num)) this.#setShares(account, shares.filter((packed) => packed >> 2 !== num));
    }
  }

  /** Share an account with a group at a right; sharing again changes the right and keeps the order. */
  share(account: string, group: string, right: Right): void {
    const num = this.accounts.add(account);
    const shares = this.#shares(num);
    const groupNum = this.#groupNum(group);
    const packed = groupNum * 4 + rightRank(right);
    const at = shares.findIndex((p) => p >> 2 === groupNum);
    if (at >= 0) shares[at] = packed;
    else shares.push(packed);
    this.#setShares(num, shares);
  }

  unshare(account: string, group: string): void {
    const num = this.accounts.num.get(account);
    const groupNum = this.#groupNums.get(group);
    if (num === undefined || groupNum === undefined) return;
    this.#setShares(num, this.#shares(num).filter((p) => p >> 2 !== groupNum));
  }

  assign(user: string, account: string): void {
    const entry = this.#userEntry(user);
    const num = this.accounts.add(account);
    if (entry.assigned.has(num)) return;
    entry.assigned.add(num);
    this.#setAssigned(num, [...this.#assigned(num), entry.num]);
  }

  unassign(user: string, account: string): void {
    const entry = this.userEntries.get(user);
    const num = this.accounts.num.get(account);
    if (!entry || num === undefined || !entry.assigned.delete(num)) return;
    this.#setAssigned(num, this.#assigned(num).filter((u) => u !== entry.num));
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

  /** The user's entry, made empty when a group or an assignment names the user before the record exists. */
  #userEntry(id: string): UserEntry {
    let entry = this.userEntries.get(id);
    if (!entry) {
      entry = { record: undefined, active: false, roleSet: this.#roleSet([]), groups: [], num: this.#userCount++, assigned: new Set() };
      this.userEntries.set(id, entry);
    }
    return entry;
  }

  #roleSet(roles: readonly string[]): RoleSet {
    const key = roles.join('\u0000');
    let set = this.#roleSets.get(key);
    if (!set) this.#roleSets.set(key, (set = { roles: [...roles], grantsFor: undefined, grants: [] }));
    return set;
  }

  #shares(num: number): number[] {
    const a = this.accounts;
    return [a.share0[num]!, a.share1[num]!, ...(a.moreShares.get(num) ?? [])].filter((p) => p >= 0);
  }

  #setShares(num: number, shares: number[]): void {
    const a = this.accounts;
    a.share0[num] = shares[0] ?? -1;
    a.share1[num] = shares[1] ?? -1;
    a.setMore(a.moreShares, num, ACCOUNT_MORE_SHARES, shares.slice(2));
  }

  #assigned(num: number): number[] {
    const a = this.accounts;
    return [a.assigned0[num]!, ...(a.moreAssigned.get(num) ?? [])].filter((u) => u >= 0);
  }

  #setAssigned(num: number, users: number[]): void {
    const a = this.accounts;
    a.assigned0[num] = users[0] ?? -1;
    a.setMore(a.moreAssigned, num, ACCOUNT_MORE_ASSIGNED, users.slice(1));
  }

  #groupNum(id: string): number {
    let num = this.#groupNums.get(id);
    if (num === undefined) {
      this.#groupNums.set(id, (num = this.groupIds.length));
      this.groupIds.push(id);
    }
    return num;
  }

  #leave(member: string, group: number): void {
    const groups = this.userEntries.get(member)?.groups;
    const at = groups ? groups.indexOf(group) : -1;
    if (at >= 0) groups!.splice(at, 1);
  }
}

export const ACCOUNT_EXISTS = 1;
export const ACCOUNT_SECURE = 2;
export const ACCOUNT_MORE_SHARES = 4;
export const ACCOUNT_MORE_ASSIGNED = 8;

/**
 * Accounts by number. A decision looks an account's number up once, then reads what it needs from
 * dense typed arrays at that number: a few bytes each, so they stay in cache however many accounts
 * there are. An account shared with more than two groups, or assigned to more than one user, keeps
 * the rest in a side map (its flags say so). A removed account's number is not reused.
 */
export class AccountTable {
  readonly num = new Map<string, number>();
  /** undefined while only shares or assignments name the account, and after it is removed */
  readonly record: Array<AccountRecord | undefined> = [];
  /** ACCOUNT_EXISTS | ACCOUNT_SECURE | ACCOUNT_MORE_SHARES | ACCOUNT_MORE_ASSIGNED */
  flags = new Uint8Array(64);
  /**
   * The first two groups the account is shared with, as `group number × 4 + right rank` (-1: none),
   * in the order it was first shared with each; the others in `moreShares`.
   */
  share0 = new Int32Array(64).fill(-1);
  share1 = new Int32Array(64).fill(-1);
  /** the first user assigned to the account, by number (-1: none); the others in `moreAssigned` */
  assigned0 = new Int32Array(64).fill(-1);
  readonly moreShares = new Map<number, number[]>();
  readonly moreAssigned = new Map<number, number[]>();

  /** The account's number, given one when it has none. */
  add(id: string): number {
    let num = this.num.get(id);
    if (num !== undefined) return num;
    num = this.record.length;
    this.num.set(id, num);
    this.record.push(undefined);
    if (num === this.flags.length) {
      this.flags = grown(this.flags, new Uint8Array(num * 2));
      this.share0 = grown(this.share0, new Int32Array(num * 2).fill(-1));
      this.share1 = grown(this.share1, new Int32Array(num * 2).fill(-1));
      this.assigned0 = grown(this.assigned0, new Int32Array(num * 2).fill(-1));
    }
    return num;
  }

  setMore(side: Map<number, number[]>, num: number, flag: number, more: number[]): void {
    if (more.length > 0) side.set(num, more);
    else side.delete(num);
    this.flags[num] = more.length > 0 ? this.flags[num]! | flag : this.flags[num]! & ~flag;
  }
}

function grown<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
