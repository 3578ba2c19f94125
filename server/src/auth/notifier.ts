import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';

/** One message to a user: a one-time code, an initial password, an invitation. */
export interface Message {
  to: string;
  channel: 'email' | 'sms';
  subject: string;
  body: string;
  code?: string;
}

/** Sends messages to users. The server never shows a code or password in an HTTP answer. */
export interface Notifier {
  send(message: Message): Promise<void>;
}

/** Development and demo: each message becomes one JSON file in a folder. */
export class FileOutbox implements Notifier {
  constructor(readonly dir: string) {}
  async send(message: Message): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.json`;
    await writeFile(path.join(this.dir, name), JSON.stringify(message, null, 2), { mode: 0o600 });
  }
}

/** Email through SMTP (nodemailer); SMS messages go to `sms`. */
export class SmtpNotifier implements Notifier {
  readonly #transport;
  constructor(
    url: string,
    readonly from: string,
    readonly sms?: Notifier,
  ) {
    this.#transport = createTransport(url);
  }
  async send(message: Message): Promise<void> {
    if (message.channel === 'sms') {
      if (!this.sms) throw new Error('No SMS gateway configured.');
      return this.sms.send(message);
    }
    await this.#transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.body });
  }
}

/** SMS through a configurable webhook: POSTs `{to, body}` as JSON. */
export class SmsWebhook implements Notifier {
  constructor(readonly url: string) {}
  async send(message: Message): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: message.to, body: message.body }),
    });
    if (!res.ok) throw new Error(`The SMS webhook answered ${res.status}.`);
  }
}

/** Sends nothing: for servers that were given no outbox (codes cannot be delivered). */
export const nullNotifier: Notifier = { send: async () => undefined };
