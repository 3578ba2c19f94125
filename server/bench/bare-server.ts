/** The baseline: a bare Hono JSON route on @hono/node-server, nothing else (and a POST twin that parses a JSON body). */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono()
  .get('/bare', (c) => c.json({ ok: true }))
  .post('/bare', async (c) => c.json({ ok: true, got: Object.keys(await c.req.json()).length }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
