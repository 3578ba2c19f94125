/**
 * Development only: Deputy's file outbox (`--outbox DIR`) holds every email and SMS as one JSON
 * file. The demo reads the one-time code of a sign-in from there and shows it on the page, since
 * no mail or SMS leaves this machine.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A message Deputy sent, as the outbox stores it. */
export interface OutboxMessage {
  to: string;
  channel: 'email' | 'sms';
  subject: string;
  body: string;
  code?: string;
}

export class Outbox {
  constructor(readonly dir: string) {}

  /** The names of the messages in the folder now (none when it does not exist yet). */
  async names(): Promise<Set<string>> {
    const files = await readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    return new Set(files.filter((f) => f.endsWith('.json')));
  }

  /** The newest message with a code among those not in `before`. */
  async newCode(before: Set<string>): Promise<OutboxMessage | undefined> {
    const fresh = [...(await this.names())].filter((f) => !before.has(f)).sort().reverse();
    for (const name of fresh) {
      const message = JSON.parse(await readFile(path.join(this.dir, name), 'utf8')) as OutboxMessage;
      if (message.code) return message;
    }
    return undefined;
  }
}
