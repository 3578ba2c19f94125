type HeldFrom = (partner: string, from: number, upTo: number) => number;

interface Commit {
  /** still applied in memory in the order the database gave it */
  alone: boolean;
}

/**
 * The versions a process already holds because it committed them itself, so that its next
 * catch-up (`PostgresStore.updates`) neither reads them back nor applies them a second time.
 *
 * The server applies a commit in memory when it makes it, so it holds that version exactly when
 * it applied it in the database's order: no other commit of the process was under way meanwhile
 * (their order in the database is PostgreSQL's to choose), and no catch-up that brought changes
 * ran meanwhile or in the turn of the event loop after it, while the server applies them. Any
 * other commit is read back and applied again in the database's order, as every commit once was.
 */
export class OwnCommits {
  readonly #live = new Set<Commit>();
  /** per catch-up under way: the commits under way at some time during it */
  readonly #catchUps = new Set<Set<Commit>>();
  /** catch-ups that brought changes, until the turn in which the server applies them is over */
  #applying = 0;
  /** partner (as stored) → version → the commit that took it */
  readonly #held = new Map<string, Map<number, Commit>>();

  /** A commit begins (call it when the server has applied it in memory, before it is sent). */
  begin(): Commit {
    const commit: Commit = { alone: this.#live.size === 0 && this.#applying === 0 };
    for (const other of this.#live) other.alone = false;
    for (const seen of this.#catchUps) seen.add(commit);
    this.#live.add(commit);
    return commit;
  }

  /** A commit ended: committed with these versions, or failed (undefined). */
  end(commit: Commit, versions: Map<string, number> | undefined): void {
    this.#live.delete(commit);
    if (!versions || !commit.alone) return;
    for (const [partner, version] of versions) {
      let held = this.#held.get(partner);
      if (!held) this.#held.set(partner, (held = new Map()));
      held.set(version, commit);
    }
  }

  /** After a failed commit the server reloads everything: nothing is known to be held. */
  forget(): void {
    this.#held.clear();
  }

  /**
   * Run one catch-up. `work` gets `heldFrom(partner, from, upTo)`: the version (at most `upTo`)
   * up to which the process holds `partner` when it held `from`, counting the versions it
   * committed alone that follow. `work` answers whether it brought any change.
   */
  async catchUp<T>(work: (heldFrom: HeldFrom) => Promise<{ result: T; brought: boolean }>): Promise<T> {
    const seen = new Set(this.#live);
    this.#catchUps.add(seen);
    let brought = true;
    try {
      const done = await work((partner, from, upTo) => this.#heldFrom(partner, from, upTo));
      brought = done.brought;
      return done.result;
    } finally {
      this.#catchUps.delete(seen);
      if (brought) this.#disown(seen);
    }
  }

  #heldFrom(partner: string, from: number, upTo: number): number {
    const held = this.#held.get(partner);
    if (!held) return from;
    let to = from;
    while (to < upTo && held.get(to + 1)?.alone) to++;
    for (const version of held.keys()) if (version <= to) held.delete(version);
    if (held.size === 0) this.#held.delete(partner);
    return to;
  }

  /** Commits that overlapped a catch-up that brought changes are not held; nor are those begun before the server applied them. */
  #disown(seen: Set<Commit>): void {
    for (const commit of seen) commit.alone = false;
    this.#applying++;
    setImmediate(() => this.#applying--);
  }
}
