import { Hono } from 'hono';
import { openApiDocument } from '../docs/openapi.js';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from '../docs/page.js';

/** `/docs`: the browsable reference (same-origin script and style only). */
export function docsRoutes() {
  return new Hono()
    .get('/', (c) => c.html(DOCS_HTML))
    .get('/app.js', (c) => c.body(DOCS_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/style.css', (c) => c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
}

/** `GET /api/openapi.json`. */
export function openApiRoutes() {
  const doc = openApiDocument();
  return new Hono().get('/', (c) => c.json(doc));
}
