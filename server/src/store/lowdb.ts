import { Low, type Adapter } from 'lowdb';
import { applyToPartner, isPartnerChange } from './apply.js';
import { DurableJSONFile, FileLock } from './durable-file.js';
import type { AttemptRow, AuditEntry, AuditQuery, Change, PartnerState, SessionRow, Store } from './types.js';

/** The whole lowdb document. */
export interface StoreData {
  format: 'deputy-store/1';
  partners: Record<string, PartnerState>;
  sessions: Record<string, SessionRow>;
  attempts: Record<string, AttemptRow>;
  audit: Record<string, AuditEntry[]>;
}

function isStoreData(data: unknown): data is StoreData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<StoreData>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return d.format === 'deputy-store/1' && isObject(d.partners) && isObject(d.sessions) && isObject(d.attempts) && isObject(d.audit);
}

const empty = (): StoreData => ({ format: 'deputy-store/1', partners: {}, sessions: {}, attempts: {}, audit: {} });

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The embedded store: one JSON file owned by one process. Commits apply to memory at once and
 * are written in groups: every commit that arrived while a write was running goes out in the
 * next write, and each is acknowledged only after the write that carries it was fsynced. When a
 * write fails, every unacknowledged commit is rejected and memory is read back from the file.
 *
 * @example
 * const store = await LowdbStore.open('/var/lib/deputy/data.json');
 */
export class LowdbStore implements Store {
  readonly #db: Low<StoreData>;
  readonly #lock: FileLock | undefined;
  #waiting: Waiter[] = [];
  #writing = false;
  #closed = false;
  readonly #revertListeners: Array<() => void> = [];

  private constructor(db: Low<StoreData>, lock: FileLock | undefined) {
    this.#db = db;
    this.#lock = lock;
  }

  /** Open (or create) the store at `file`, taking its lock. Throws `StoreFileError` on a bad file. */
  static async open(file: string, options: { adapter?: Adapter<StoreData> } = {}): Promise<LowdbStore> {
    const lock = new FileLock(file);
    lock.acquire();
    try {
      const db = new Low<StoreData>(options.adapter ?? new DurableJSONFile(file, isStoreData), empty());
      await db.read();
      return new LowdbStore(db, lock);
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  async partners(): Promise<string[]> {
    return Object.keys(this.#db.data.partners);
  }

  async loadPartner(id: string): Promise<PartnerState | undefined> {
    const p = this.#db.data.partners[id];
    return p && structuredClone(p);
  }

  commit(partner: string, changes: Change[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The store is closed.'));
    const data = this.#db.data;
    for (const change of changes) this.#apply(data, partner, change);
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    if (!this.#writing) void this.#flush();
    return done;
  }

  #apply(data: StoreData, partner: string, change: Change): void {
    if (change.op === 'partner.put') {
      data.partners[change.partner.id] = structuredClone(change.partner);
      return;
    }
    if (isPartnerChange(change)) {
      const p = data.partners[partner];
      if (p) applyToPartner(p, structuredClone(change));
      return;
    }
    switch (change.op) {
      case 'audit.append':
        (data.audit[partner] ??= []).push(change.entry);
        return;
      case 'session.put':
        data.sessions[change.key] = change.session;
        return;
      case 'session.delete':
        delete data.sessions[change.key];
        return;
      case 'session.deleteForUser':
        for (const [key, s] of Object.entries(data.sessions)) {
          const subjectUser = s.subject && 'user' in s.subject ? s.subject.user : undefined;
          if (s.partner === partner && (s.actor === change.user || subjectUser === change.user)) delete data.sessions[key];
        }
        return;
      case 'session.prune':
        for (const [key, s] of Object.entries(data.sessions)) if (s.expiresAt <= change.now) delete data.sessions[key];
        for (const [key, a] of Object.entries(data.attempts)) if (a.expiresAt <= change.now) delete data.attempts[key];
        return;
      case 'attempt.put':
        data.attempts[change.key] = change.attempt;
        return;
      case 'attempt.delete':
        delete data.attempts[change.key];
        return;
    }
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await this.#db.write();
        for (const w of batch) w.resolve();
      } catch (error) {
        const unacknowledged = [...batch, ...this.#waiting];
        this.#waiting = [];
        await this.#revert();
        for (const w of unacknowledged) w.reject(error);
      }
    }
    this.#writing = false;
  }

  /** Read the last durable state back from the file, so memory equals disk again. */
  async #revert(): Promise<void> {
    this.#db.data = empty();
    await this.#db.read();
    for (const listener of this.#revertListeners) listener();
  }

  async session(key: string): Promise<SessionRow | undefined> {
    return this.#db.data.sessions[key];
  }

  async attempt(key: string): Promise<AttemptRow | undefined> {
    return this.#db.data.attempts[key];
  }

  async audit(partner: string, q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const subjectOf = (e: AuditEntry) => (e.subject ? ('user' in e.subject ? `user:${e.subject.user}` : `account:${e.subject.account}`) : '');
    const matches = (this.#db.data.audit[partner] ?? []).filter(
      (e) =>
        (q.actor === undefined || e.actor === q.actor) &&
        (q.subject === undefined || subjectOf(e) === q.subject) &&
        (q.action === undefined || e.action === q.action) &&
        (q.target === undefined || e.target === q.target) &&
        (q.targets === undefined || (e.target !== undefined && q.targets.includes(e.target))) &&
        (q.outcome === undefined || e.outcome === q.outcome) &&
        (q.from === undefined || e.at >= q.from) &&
        (q.to === undefined || e.at <= q.to),
    );
    matches.reverse();
    return { items: structuredClone(matches.slice(q.offset, q.offset + q.limit)), total: matches.length };
  }

  onRevert(listener: () => void): void {
    this.#revertListeners.push(listener);
  }

  /** Wait for pending writes, then release the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#writing || this.#waiting.length > 0) await new Promise((r) => setTimeout(r, 5));
    await this.#lock?.release();
  }
}
