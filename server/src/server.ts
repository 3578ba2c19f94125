import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { FileOutbox, SmsWebhook, SmtpNotifier, type Message, type Notifier } from './auth/notifier.js';
import { systemClock, TestClock } from './clock.js';
import type { Deps } from './deps.js';
import { Partners } from './domain/partner.js';
import { demoPartners } from './seed/demo.js';
import { LowdbStore } from './store/lowdb.js';
import { PostgresStore } from './store/postgres.js';

export interface ServerOptions {
  data: string;
  /** PostgreSQL instead of the lowdb file `data` (env DATABASE_URL) */
  databaseUrl?: string;
  /** the PostgreSQL schema (env DEPUTY_PG_SCHEMA, default `deputy`) */
  databaseSchema?: string;
  port: number;
  host: string;
  seed?: 'demo';
  outbox?: string;
  testClock: boolean;
  smtpUrl?: string;
  mailFrom?: string;
  smsWebhook?: string;
  extensionOrigins?: string[];
}

/** Email and SMS each through the configured transport, else the file outbox. */
function notifierFor(o: ServerOptions): Notifier {
  const outbox = new FileOutbox(o.outbox ?? path.join(path.dirname(path.resolve(o.data)), 'outbox'));
  const sms = o.smsWebhook ? new SmsWebhook(o.smsWebhook) : outbox;
  const email = o.smtpUrl ? new SmtpNotifier(o.smtpUrl, o.mailFrom ?? 'deputy@localhost', sms) : outbox;
  return { send: (m: Message) => (m.channel === 'sms' ? sms : email).send(m) };
}

/** Open the store, seed it when asked and empty, and build the dependencies. */
export async function buildDeps(o: Omit<ServerOptions, 'port' | 'host'>): Promise<Deps> {
  const store = o.databaseUrl
    ? await PostgresStore.open(o.databaseUrl, o.databaseSchema ? { schema: o.databaseSchema } : {})
    : await LowdbStore.open(path.resolve(o.data));
  const testClock = o.testClock ? new TestClock() : undefined;
  const clock = testClock ?? systemClock;
  const partners = new Partners(store, clock);
  await partners.load();
  if (o.seed === 'demo' && partners.all().length === 0) {
    for (const partner of await demoPartners(clock.now())) await partners.commit(partner.id, [{ op: 'partner.put', partner }]);
  }
  return { store, partners, clock, notifier: notifierFor(o as ServerOptions), extensionOrigins: o.extensionOrigins ?? [], ...(testClock ? { testClock } : {}) };
}

/** Start listening; resolves once the port is open. */
export async function startServer(o: ServerOptions): Promise<{ server: ServerType; deps: Deps; port: number; close: () => Promise<void> }> {
  const deps = await buildDeps(o);
  const app = createApp(deps);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
  });
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await deps.store.close();
  };
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return { server, deps, port, close };
}
