import type pg from 'pg';

/** A partner's row as `updates` needs it: its id as stored, and its version. */
export interface VersionRow {
  id: string;
  version: number;
}

interface Batch {
  keys: Set<string>;
  versions: boolean;
  answer: Promise<{ sessions: Map<string, string>; versions: VersionRow[] }>;
}

/**
 * Sessions and every partner's version, in one prepared statement (`$2`: whether to read the
 * versions; the partners in the order they were made).
 */
const READS = {
  name: 'deputy-reads',
  text: `SELECT key AS id, NULL::bigint AS version, NULL::bigint AS seq, data FROM sessions WHERE key = ANY($1::text[])
    UNION ALL SELECT id, version, seq, NULL FROM partner_versions() WHERE $2::boolean`,
  rowMode: 'array' as const,
};

/**
 * The reads nearly every request makes — its session, and a shared store's partner versions —
 * gathered while one turn of the event loop hands out requests and sent as one statement: a
 * server under load asks PostgreSQL once for many requests instead of once or twice for each.
 * Every read joins a statement not yet sent, so it sees everything committed before it was asked.
 */
export class BatchedReads {
  #next: Batch | undefined;

  constructor(private readonly pool: pg.Pool) {}

  /** The stored data (JSON) of the session under `key` (as stored), if any. */
  async session(key: string): Promise<string | undefined> {
    const batch = this.#batch();
    batch.keys.add(key);
    return (await batch.answer).sessions.get(key);
  }

  /** Every partner's version, in the order the partners were made. */
  async versions(): Promise<VersionRow[]> {
    const batch = this.#batch();
    batch.versions = true;
    return (await batch.answer).versions;
  }

  /** The batch that goes out once this turn of the event loop has handed out its requests. */
  #batch(): Batch {
    if (this.#next) return this.#next;
    const keys = new Set<string>();
    const batch: Batch = {
      keys,
      versions: false,
      answer: new Promise((resolve, reject) => {
        setImmediate(() => {
          this.#next = undefined;
          this.#send(batch).then(resolve, reject);
        });
      }),
    };
    return (this.#next = batch);
  }

  async #send(batch: Batch): Promise<{ sessions: Map<string, string>; versions: VersionRow[] }> {
    const { rows } = await this.pool.query<[string, string | null, string | null, string | null]>({
      ...READS,
      values: [[...batch.keys], batch.versions],
    });
    const sessions = new Map<string, string>();
    const partners: Array<VersionRow & { seq: number }> = [];
    for (const [id, version, seq, data] of rows) {
      if (version === null) sessions.set(id, data!);
      else partners.push({ id, version: Number(version), seq: Number(seq) });
    }
    partners.sort((a, b) => a.seq - b.seq);
    return { sessions, versions: partners.map(({ id, version }) => ({ id, version })) };
  }
}
