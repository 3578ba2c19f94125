/**
 * `pnpm --filter @deputy/demo-host start` — the demo host site on its own origin.
 * Env: PORT (5174), HOST (127.0.0.1), DEPUTY_API (http://localhost:8787), DEPUTY_OUTBOX (.deputy/outbox
 * of the repository), DEPUTY_ELEMENTS_DIST (packages/elements/dist), DEPUTY_API_KEY_<PARTNER>.
 */
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createHostApp } from './app.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const env = process.env;
const port = Number(env.PORT ?? 5174);
const host = env.HOST ?? '127.0.0.1';
const app = createHostApp({
  api: env.DEPUTY_API ?? 'http://localhost:8787',
  outbox: path.resolve(env.DEPUTY_OUTBOX ?? path.join(root, '.deputy', 'outbox')),
  elementsDir: path.resolve(env.DEPUTY_ELEMENTS_DIST ?? path.join(root, 'packages', 'elements', 'dist')),
});
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`Deputy demo host listening on http://${host === '127.0.0.1' ? 'localhost' : host}:${info.port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
