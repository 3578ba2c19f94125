/** The browsable API reference at `/docs`: static HTML, CSS and a small script that renders `/api/openapi.json`. */

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Deputy API reference</title>
<link rel="stylesheet" href="/docs/style.css">
<script type="module" src="/docs/app.js"></script>
</head>
<body>
<header><h1>Deputy API reference</h1><p>From <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p></header>
<main id="reference" aria-live="polite">Loading…</main>
</body>
</html>
`;

export const DOCS_CSS = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2433; background: #f7f8fa; }
header, main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid #d8dce5; }
details { background: #fff; border: 1px solid #d8dce5; border-radius: 6px; margin: .5rem 0; padding: .5rem .75rem; }
summary { cursor: pointer; }
.summary { color: #4a5468; }
.method { display: inline-block; min-width: 4.5rem; font: 600 12px/1.8 ui-monospace, monospace; text-transform: uppercase; }
.get { color: #1b6e3a; } .post { color: #1d4ed8; } .put, .patch { color: #8a5a00; } .delete { color: #b42318; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
pre { background: #f1f3f7; padding: .5rem; overflow: auto; border-radius: 4px; }
`;

export const DOCS_JS = `
const root = document.getElementById('reference');
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
const json = (value) => el('pre', {}, JSON.stringify(value, null, 2));
const doc = await (await fetch('/api/openapi.json')).json();
const byTag = new Map();
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const tag = op.tags?.[0] ?? 'Other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method, op });
  }
}
root.replaceChildren(el('p', {}, doc.info.description));
for (const [tag, ops] of byTag) {
  root.append(el('h2', {}, tag));
  for (const { path, method, op } of ops) {
    const body = el('div');
    if (op.parameters?.length) body.append(el('h4', {}, 'Parameters'), json(op.parameters));
    const request = op.requestBody?.content?.['application/json']?.schema;
    if (request) body.append(el('h4', {}, 'Request body (application/json)'), json(request));
    body.append(el('h4', {}, 'Responses'), json(op.responses));
    const auth = op.security?.length ? op.security.map((s) => Object.keys(s).join(' + ')).join(' or ') : 'none';
    body.append(el('p', {}, 'Authentication: ', el('code', {}, auth)));
    root.append(el('details', {}, el('summary', {}, el('span', { className: 'method ' + method }, method), el('code', {}, path), el('span', { className: 'summary' }, ' ' + op.summary)), body));
  }
}
`;
