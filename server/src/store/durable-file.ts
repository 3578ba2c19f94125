import { open, readFile, rename, unlink } from 'node:fs/promises';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/** The data file cannot be used: corrupt, truncated, or of an unknown format. Start-up stops. */
export class StoreFileError extends Error {
  override name = 'StoreFileError';
}

/**
 * A lowdb adapter that makes each write durable: the JSON goes to a temporary file that is
 * fsynced, renamed over the data file, and the directory is fsynced so the rename survives a
 * crash. lowdb's own JSONFile never fsyncs. A file that does not parse is refused, never reset.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #temp: string;
  readonly #check: (data: unknown) => data is T;

  constructor(file: string, check: (data: unknown) => data is T) {
    this.#file = file;
    this.#temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    this.#check = check;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new StoreFileError(
        `The data file ${this.#file} is corrupt or truncated (${(e as Error).message}). ` +
          'Deputy refuses to start rather than reset it: restore it from a backup, or move it away to start empty.',
      );
    }
    if (!this.#check(data)) {
      throw new StoreFileError(`The data file ${this.#file} is not a Deputy store (unknown format). Deputy refuses to start on it.`);
    }
    return data;
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const handle = await open(this.#temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.#temp, this.#file);
    const dir = await open(path.dirname(this.#file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

/**
 * An exclusive lock file beside the data file, holding the owner's pid: a second process on the
 * same file is refused. A lock left by a process that no longer runs (after a crash) is taken over.
 */
export class FileLock {
  readonly path: string;
  #held = false;

  constructor(dataFile: string) {
    this.path = `${dataFile}.lock`;
  }

  acquire(): void {
    for (let tries = 0; tries < 2; tries++) {
      try {
        const fd = openSync(this.path, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.#held = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const owner = Number.parseInt(readFileSync(this.path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new StoreFileError(`The data file is in use by process ${owner} (lock ${this.path}). One server process owns a lowdb store.`);
      }
      unlinkSync(this.path);
    }
    throw new StoreFileError(`Could not take the lock ${this.path}.`);
  }

  async release(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    await unlink(this.path).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
