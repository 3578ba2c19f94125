import { loadPolicy } from '@deputy/core/schema';
import { Directory, labelsOf, presets, withCustomRoles, type CompiledPolicy, type Labels, type Policy, type UserRecord } from '@deputy/core';
import type { Clock } from '../clock.js';
import { applyToPartner, indexShares, isPartnerChange } from '../store/apply.js';
import type { AccountRow, Change, GroupRow, PartnerState, Store, UserRow } from '../store/types.js';
import { statusOf } from './status.js';

/** The policy a partner runs: its preset, or its own, plus its custom roles. */
export function policyOf(state: PartnerState): Policy {
  const base = state.policy ?? presets[state.preset as keyof typeof presets];
  if (!base) throw new Error(`Partner ${state.id} runs an unknown preset ${state.preset}.`);
  return withCustomRoles(base, state.customRoles);
}

/** The order of user lists: last name, first name, then id (unique, so the order is total). */
function listOrder(a: UserRow, b: UserRow): number {
  return a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id);
}

/**
 * One partner in memory: a copy of its data, its compiled policy and the core's Directory, kept
 * in step with every committed change. Decisions read only from here.
 */
export class PartnerRuntime {
  state: PartnerState;
  cp!: CompiledPolicy;
  dir!: Directory;
  labels!: Labels;
  /**
   * The users' rows in list order, so that listing 10,000 users neither sorts them nor looks each
   * one up by id on every request. Every change of `state.users` passes through `apply`, which
   * keeps this in step (`#reorder`, or `rebuild` where a custom role's removal rewrites rows).
   */
  #order: UserRow[] = [];

  constructor(
    state: PartnerState,
    private readonly clock: Clock,
  ) {
    this.state = state;
    this.rebuild();
  }

  get id(): string {
    return this.state.id;
  }

  /** Recompile the policy and rebuild the Directory from the data. */
  rebuild(): void {
    this.cp = loadPolicy(policyOf(this.state));
    this.labels = labelsOf(this.cp);
    this.#order = Object.values(this.state.users).sort(listOrder);
    indexShares(this.state.shares);
    const now = this.clock.now();
    const s = this.state;
    this.dir = new Directory({
      settings: s.settings,
      users: Object.values(s.users).map((u) => this.#record(u, now)),
      accounts: Object.values(s.accounts).map((a) => ({ id: a.id, secure: a.secure, setupCompleted: a.setupCompleted, template: a.template })),
      groups: Object.values(s.groups).map((g) => ({ id: g.id, members: [...g.members] })),
      shares: s.shares,
      assignments: s.assignments,
      leads: s.leads,
      contents: s.contents,
    });
  }

  #record(u: UserRow, now: number): UserRecord {
    const record: UserRecord = { id: u.id, kind: u.kind, roles: [...u.roles], email: u.email, status: statusOf(u, this.cp.policy, now) };
    if (u.account !== undefined) record.account = u.account;
    return record;
  }

  /**
   * A user's row, with the Directory's status refreshed for the clock (locks lift and users
   * expire without a change being made). Undefined for unknown ids.
   */
  user(id: string): UserRow | undefined {
    const row = Object.hasOwn(this.state.users, id) ? this.state.users[id] : undefined;
    if (!row) return undefined;
    const record = this.dir.users.get(id);
    if (record) this.#refreshed(row, record, this.clock.now());
    return row;
  }

  /** A user's Directory record, with its status refreshed for the clock as `user()` does. */
  record(id: string): UserRecord | undefined {
    return this.user(id) && this.dir.users.get(id);
  }

  /**
   * Every user's row in list order (last name, first name, id), for listings to walk: what a
   * listing filters on is on the row, and `statusOf` gives the status for the clock without
   * touching the Directory, so a listing of 10,000 users looks up only the users it decides about.
   */
  get ordered(): readonly UserRow[] {
    return this.#order;
  }

  /** The user's Directory record with the status the clock gives at `now` (put back when it changed). */
  #refreshed(row: UserRow, record: UserRecord, now: number): UserRecord {
    const status = statusOf(row, this.cp.policy, now);
    if (record.status === status) return record;
    const fresh = { ...record, status };
    this.dir.putUser(fresh);
    return fresh;
  }

  /** Drop a user from the list order and, when `row` is given, put it back at its sorted place. */
  #reorder(id: string, row?: UserRow): void {
    const at = this.#order.findIndex((r) => r.id === id);
    if (at >= 0) this.#order.splice(at, 1);
    if (!row) return;
    let lo = 0;
    let hi = this.#order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (listOrder(this.#order[mid]!, row) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#order.splice(lo, 0, row);
  }

  /** An account of this partner by id (own properties only: `constructor` is no id). */
  account(id: string): AccountRow | undefined {
    return Object.hasOwn(this.state.accounts, id) ? this.state.accounts[id] : undefined;
  }

  group(id: string): GroupRow | undefined {
    return Object.hasOwn(this.state.groups, id) ? this.state.groups[id] : undefined;
  }

  /** Apply committed changes to the copy and the Directory. */
  apply(changes: Change[]): void {
    let rebuild = false;
    for (const change of changes) {
      if (!isPartnerChange(change)) continue;
      applyToPartner(this.state, change);
      const dir = this.dir;
      switch (change.op) {
        case 'user.put':
          dir.putUser(this.#record(change.user, this.clock.now()));
          this.#reorder(change.user.id, change.user);
          break;
        case 'user.delete':
          dir.removeUser(change.id);
          this.#reorder(change.id);
          break;
        case 'account.put': {
          const a = change.account;
          dir.putAccount({ id: a.id, secure: a.secure, setupCompleted: a.setupCompleted, template: a.template });
          break;
        }
        case 'group.put':
          dir.putGroup({ id: change.group.id, members: [...change.group.members] });
          break;
        case 'group.delete':
          dir.removeGroup(change.id);
          break;
        case 'share.put':
          dir.share(change.share.account, change.share.group, change.share.right);
          break;
        case 'share.delete':
          dir.unshare(change.account, change.group);
          break;
        case 'assignment.put':
          dir.assign(change.assignment.user, change.assignment.account);
          break;
        case 'assignment.delete':
          dir.unassign(change.assignment.user, change.assignment.account);
          break;
        case 'setting.put':
          dir.setSetting(change.key, change.value);
          break;
        case 'customRole.put':
        case 'customRole.delete':
          rebuild = true;
          break;
      }
    }
    if (rebuild) this.rebuild();
  }
}

/**
 * Every partner's runtime, and the one way to change data: `commit` applies the changes in
 * memory at once (so the next request sees them) and resolves when the store made them durable.
 * When the store falls back after a failed write, every runtime is reloaded from it.
 */
export class Partners {
  readonly #runtimes = new Map<string, PartnerRuntime>();
  /** shared stores only: the store version of each partner as this process holds it */
  readonly #versions = new Map<string, number>();
  #syncing: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  /** bumped when a shared store reverted: a sync that began before records no versions */
  #epoch = 0;

  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {
    store.onRevert(() => (store.updates ? this.#forget() : void this.load()));
  }

  /** A shared store reverted a commit already applied here: the next sync reloads every partner whole. */
  #forget(): void {
    this.#epoch++;
    this.#versions.clear();
  }

  async load(): Promise<void> {
    if (this.store.updates) {
      this.#forget();
      return this.sync();
    }
    const ids = await this.store.partners();
    this.#runtimes.clear();
    for (const id of ids) {
      const state = await this.store.loadPartner(id);
      if (state) this.#runtimes.set(id, new PartnerRuntime(state, this.clock));
    }
  }

  /**
   * Catch up with what other server processes committed (stores shared by several processes; a
   * no-op otherwise). Run before every request, so that a change any process acknowledged is
   * enforced here on the very next request. A request arriving while a catch-up runs waits for
   * the next one, which starts after it arrived; everyone waiting shares that one.
   */
  sync(): Promise<void> {
    const updates = this.store.updates?.bind(this.store);
    if (!updates) return Promise.resolve();
    if (this.#syncing) {
      const again = () => {
        this.#queued = undefined;
        return this.sync();
      };
      return (this.#queued ??= this.#syncing.then(again, again));
    }
    const run = async () => {
      const epoch = this.#epoch;
      for (const u of await updates(this.#versions)) {
        if ('state' in u) this.#runtimes.set(u.partner, new PartnerRuntime(u.state, this.clock));
        else this.#runtimes.get(u.partner)?.apply(u.changes);
        if (epoch === this.#epoch) this.#versions.set(u.partner, u.version);
      }
    };
    return (this.#syncing = run().finally(() => (this.#syncing = undefined)));
  }

  get(id: string): PartnerRuntime | undefined {
    return this.#runtimes.get(id);
  }

  all(): PartnerRuntime[] {
    return [...this.#runtimes.values()];
  }

  /**
   * Apply in memory now, acknowledge when durable. Check everything before calling: this never
   * refuses, but for a store that several processes share, which refuses a change computed from a
   * row another process changed since (`RowChanged`, answered 409; the next sync reloads).
   */
  commit(partner: string, changes: Change[]): Promise<void> {
    const expected = this.store.updates ? this.#readRows(partner, changes) : undefined;
    const put = changes.find((c) => c.op === 'partner.put');
    if (put) this.#runtimes.set(put.partner.id, new PartnerRuntime(structuredClone(put.partner), this.clock));
    this.#runtimes.get(partner)?.apply(changes);
    return this.store.commit(partner, changes, expected);
  }

  /** For each change that replaces a user, an account or a group: the row as this process holds it. */
  #readRows(partner: string, changes: Change[]): Map<Change, unknown> {
    const state = this.#runtimes.get(partner)?.state;
    const rows = new Map<Change, unknown>();
    const now = new Map<string, unknown>();
    const held = (key: string, table: Record<string, unknown> | undefined, id: string): unknown =>
      now.has(key) ? now.get(key) : table && Object.hasOwn(table, id) ? table[id] : undefined;
    for (const c of changes) {
      const at = c.op === 'user.put' ? (['users', state?.users, c.user.id, c.user] as const)
        : c.op === 'account.put' ? (['accounts', state?.accounts, c.account.id, c.account] as const)
        : c.op === 'group.put' ? (['groups', state?.groups, c.group.id, c.group] as const)
        : undefined;
      if (!at) continue;
      const key = `${at[0]}:${at[2]}`;
      rows.set(c, held(key, at[1], at[2]));
      now.set(key, at[3]);
    }
    return rows;
  }
}
