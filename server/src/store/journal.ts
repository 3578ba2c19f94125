import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StoreFileError } from './durable-file.js';
import type { Change } from './types.js';

/** One journal record: the commits of one group write, in order. */
export interface JournalRecord {
  seq: number;
  commits: Array<{ partner: string; changes: Change[] }>;
}

/**
 * The write-ahead journal beside the snapshot: one JSON line per group of commits, appended and
 * fdatasynced before the commits are acknowledged. Appending costs the size of the change, not
 * of the store; the snapshot is rewritten (compacted) at start-up, at close and when the journal
 * grows past its limit.
 */
export class Journal {
  #handle: FileHandle | undefined;
  size = 0;

  constructor(readonly file: string) {}

  /** Open for appending (creating it durably when absent) and cut it to `size` bytes. */
  async open(size: number): Promise<void> {
    this.#handle = await open(this.file, 'a', 0o600);
    await this.truncate(size);
    const dir = await open(path.dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Append one record; resolves once it is on disk. */
  async append(text: string): Promise<void> {
    if (!this.#handle) throw new Error('The journal is not open.');
    await this.#handle.appendFile(text, 'utf8');
    await this.#handle.datasync();
    this.size += Buffer.byteLength(text);
  }

  async truncate(size: number): Promise<void> {
    if (!this.#handle) throw new Error('The journal is not open.');
    await this.#handle.truncate(size);
    await this.#handle.datasync();
    this.size = size;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
  }
}

/**
 * The complete records of a journal file and the byte length they fill. A last line without its
 * newline is a write that was cut short by a crash, never acknowledged: it is left out. Any other
 * line that does not parse means the file is corrupt: start-up stops.
 */
export async function readJournal(file: string): Promise<{ records: JournalRecord[]; size: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], size: 0 };
    throw e;
  }
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  const records = lines.map((line, i) => {
    try {
      const record = JSON.parse(line) as JournalRecord;
      if (typeof record.seq !== 'number' || !Array.isArray(record.commits)) throw new Error('not a journal record');
      return record;
    } catch (e) {
      throw new StoreFileError(`The journal ${file} is corrupt at line ${i + 1} (${(e as Error).message}). Deputy refuses to start rather than lose data.`);
    }
  });
  return { records, size: Buffer.byteLength(text.slice(0, end)) };
}
