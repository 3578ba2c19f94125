import { Low, type Adapter } from 'lowdb';
import { applyChange, emptyStore, isStoreData, type StoreData } from './document.js';
import { DurableJSONFile, FileLock } from './durable-file.js';
import { Journal, readJournal } from './journal.js';
import type { AttemptRow, AuditEntry, AuditQuery, Change, PartnerState, SessionRow, Store } from './types.js';

export type { StoreData } from './document.js';

/**
 * The store's content as a file holds it: the snapshot with its journal replayed (what `open`
 * would load), or null when there is no file. Reads only; the caller holds the lock.
 */
export async function readStoreFile(file: string): Promise<StoreData | null> {
  const data = await new DurableJSONFile(file, isStoreData).read();
  const { records } = await readJournal(`${file}.journal`);
  if (!data && records.length === 0) return null;
  const out = data ?? emptyStore();
  for (const record of records) {
    if (record.seq <= (out.seq ?? 0)) continue;
    for (const { partner, changes } of record.commits) for (const change of changes) applyChange(out, partner, change);
    out.seq = record.seq;
  }
  return out;
}

/** Compact the journal into the snapshot once it is larger than this. */
const JOURNAL_LIMIT = 64 * 1024 * 1024;

interface Waiter {
  /** the commit as one JSON fragment, taken when it was made */
  record: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface LowdbOptions {
  /** where the snapshot is read and written (tests pass a failing one) */
  adapter?: Adapter<StoreData>;
  /** the write-ahead journal (tests pass a failing one) */
  journal?: Journal;
  journalLimit?: number;
}

/**
 * The embedded store: a lowdb JSON snapshot plus a write-ahead journal (`<file>.journal`), owned
 * by one process (a pid lock file refuses a second). Commits apply to memory at once and are
 * journaled in groups: every commit that arrived while an append ran goes into the next append,
 * and each is acknowledged only after the append that carries it was fdatasynced. When an append
 * fails, the journal is cut back, every unacknowledged commit is rejected and memory is read back
 * from disk. The snapshot is rewritten (temp file, fsync, rename, directory fsync) at start-up,
 * at close and when the journal passes its limit.
 *
 * @example
 * const store = await LowdbStore.open('/var/lib/deputy/data.json');
 */
export class LowdbStore implements Store {
  readonly #db: Low<StoreData>;
  readonly #lock: FileLock;
  readonly #journal: Journal;
  readonly #journalLimit: number;
  readonly #file: string;
  #seq = 0;
  #waiting: Waiter[] = [];
  #writing = false;
  #closed = false;
  #broken: unknown;
  readonly #revertListeners: Array<() => void> = [];

  private constructor(file: string, db: Low<StoreData>, lock: FileLock, journal: Journal, journalLimit: number) {
    this.#file = file;
    this.#db = db;
    this.#lock = lock;
    this.#journal = journal;
    this.#journalLimit = journalLimit;
  }

  /** Open (or create) the store at `file`, taking its lock. Throws `StoreFileError` on a bad file. */
  static async open(file: string, options: LowdbOptions = {}): Promise<LowdbStore> {
    const lock = new FileLock(file);
    lock.acquire();
    try {
      const db = new Low<StoreData>(options.adapter ?? new DurableJSONFile(file, isStoreData), emptyStore());
      const journal = options.journal ?? new Journal(`${file}.journal`);
      const store = new LowdbStore(file, db, lock, journal, options.journalLimit ?? JOURNAL_LIMIT);
      try {
        const size = await store.#load();
        await journal.open(size);
        await store.#compact();
      } catch (e) {
        await journal.close();
        throw e;
      }
      return store;
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  /** Read the snapshot and replay the journal over it; the journal's good length. */
  async #load(): Promise<number> {
    this.#db.data = emptyStore();
    await this.#db.read();
    const data = this.#db.data;
    const { records, size } = await readJournal(this.#journal.file);
    for (const record of records) {
      if (record.seq <= (data.seq ?? 0)) continue;
      for (const { partner, changes } of record.commits) for (const change of changes) applyChange(data, partner, change);
      data.seq = record.seq;
    }
    this.#seq = data.seq ?? 0;
    return size;
  }

  /** Fold the journal into a new snapshot. Call only when no commit waits to be journaled. */
  async #compact(): Promise<void> {
    this.#db.data.seq = this.#seq;
    await this.#db.write();
    await this.#journal.truncate(0);
  }

  async partners(): Promise<string[]> {
    return Object.keys(this.#db.data.partners);
  }

  async loadPartner(id: string): Promise<PartnerState | undefined> {
    const p = Object.hasOwn(this.#db.data.partners, id) ? this.#db.data.partners[id] : undefined;
    return p && structuredClone(p);
  }

  commit(partner: string, changes: Change[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The store is closed.'));
    if (this.#broken) return Promise.reject(this.#broken);
    const record = JSON.stringify({ partner, changes });
    for (const change of changes) applyChange(this.#db.data, partner, change);
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ record, resolve, reject }));
    if (!this.#writing) void this.#flush();
    return done;
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      const good = this.#journal.size;
      try {
        await this.#journal.append(`{"seq":${this.#seq + 1},"commits":[${batch.map((w) => w.record).join(',')}]}\n`);
        this.#seq++;
        for (const w of batch) w.resolve();
      } catch (error) {
        const unacknowledged = [...batch, ...this.#waiting];
        this.#waiting = [];
        await this.#revert(good);
        for (const w of unacknowledged) w.reject(error);
        continue;
      }
      if (this.#waiting.length === 0 && this.#journal.size > this.#journalLimit) {
        await this.#compact().catch((e: unknown) => console.error(`Deputy store: compaction failed, the journal keeps growing: ${String(e)}`));
      }
    }
    this.#writing = false;
  }

  /** Cut the journal back to its last good length and read memory back from disk. */
  async #revert(good: number): Promise<void> {
    try {
      await this.#journal.truncate(good);
      await this.#load();
    } catch (e) {
      this.#broken = new Error(`The store cannot write to ${this.#file} any more: ${String(e)}`);
    }
    for (const listener of this.#revertListeners) listener();
  }

  async session(key: string): Promise<SessionRow | undefined> {
    return this.sessionNow(key);
  }

  sessionNow(key: string): SessionRow | undefined {
    return Object.hasOwn(this.#db.data.sessions, key) ? this.#db.data.sessions[key] : undefined;
  }

  async attempt(key: string): Promise<AttemptRow | undefined> {
    return Object.hasOwn(this.#db.data.attempts, key) ? this.#db.data.attempts[key] : undefined;
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

  /** Wait for pending writes, fold the journal into the snapshot, then release the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#writing || this.#waiting.length > 0) await new Promise((r) => setTimeout(r, 5));
    if (!this.#broken) await this.#compact().catch((e: unknown) => console.error(`Deputy store: final compaction failed: ${String(e)}`));
    await this.#journal.close();
    await this.#lock.release();
  }
}
