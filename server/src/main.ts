/**
 * `pnpm --filter @deputy/server start -- --data FILE --port N [--seed demo] [--outbox DIR] [--test-clock]`
 * Flags win over the environment: DATABASE_URL (PostgreSQL instead of the data file), DEPUTY_PG_SCHEMA, DEPUTY_DATA, PORT, HOST, DEPUTY_SEED, DEPUTY_OUTBOX, DEPUTY_TEST_CLOCK, DEPUTY_EXTENSION_ORIGINS (comma-separated chrome-extension:// origins trusted with cookie sessions),
 * DEPUTY_SMTP_URL, DEPUTY_MAIL_FROM, DEPUTY_SMS_WEBHOOK.
 */
import { parseArgs } from 'node:util';
import { startServer } from './server.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    outbox: { type: 'string' },
    'test-clock': { type: 'boolean' },
  },
  strict: true,
});

const env = process.env;
const data = values.data ?? env.DEPUTY_DATA ?? 'deputy-data.json';
const port = Number(values.port ?? env.PORT ?? 3000);
const seed = values.seed ?? env.DEPUTY_SEED;
if (seed !== undefined && seed !== 'demo') {
  console.error(`Unknown seed "${seed}": the only seed is "demo".`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Bad port "${values.port ?? env.PORT}".`);
  process.exit(2);
}

try {
  const { close, port: actual } = await startServer({
    data,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.DEPUTY_PG_SCHEMA ? { databaseSchema: env.DEPUTY_PG_SCHEMA } : {}),
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    ...(seed ? { seed } : {}),
    ...((values.outbox ?? env.DEPUTY_OUTBOX) ? { outbox: values.outbox ?? env.DEPUTY_OUTBOX } : {}),
    testClock: values['test-clock'] === true || env.DEPUTY_TEST_CLOCK === '1' || env.DEPUTY_TEST_CLOCK === 'true',
    ...(env.DEPUTY_SMTP_URL ? { smtpUrl: env.DEPUTY_SMTP_URL } : {}),
    ...(env.DEPUTY_MAIL_FROM ? { mailFrom: env.DEPUTY_MAIL_FROM } : {}),
    ...(env.DEPUTY_SMS_WEBHOOK ? { smsWebhook: env.DEPUTY_SMS_WEBHOOK } : {}),
    extensionOrigins: (env.DEPUTY_EXTENSION_ORIGINS ?? '').split(',').filter(Boolean),
  });
  console.log(`Deputy server listening on http://${values.host ?? env.HOST ?? '127.0.0.1'}:${actual} (${env.DATABASE_URL ? 'PostgreSQL' : `data ${data}`})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  console.error(`Deputy server cannot start: ${(e as Error).message}`);
  process.exit(1);
}
