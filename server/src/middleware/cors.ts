import type { Context, TypedResponse } from 'hono';
import type { Partners } from '../domain/partner.js';

const METHODS = 'GET, POST, PUT, PATCH, DELETE';
const HEADERS = 'Content-Type, Authorization, X-Deputy-CSRF';

/**
 * The security headers of every API response — the set OWASP's REST Security Cheat Sheet gives for
 * API responses, which are never rendered as documents: no caching of what a session may see, no
 * sniffing, a CSP that allows nothing and no framing (should a response be opened as a page), HSTS,
 * and `Cross-Origin-Resource-Policy: same-site` against cross-origin no-cors reads. The headers that
 * only govern documents (COOP, Origin-Agent-Cluster, Referrer-Policy, X-Frame-Options beside
 * `frame-ancestors`, X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies,
 * X-XSS-Protection) stay on the HTML pages (`/docs`, see app.ts), not here: Node validates and writes
 * every header of every response, and on the check they were a tenth of its cost. Written out once,
 * so that a response can be built with them in a plain record (see `sendJson`).
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-site',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
});

type HeaderSet = Readonly<Record<string, string>>;

/** The headers of an API response to a request without an allow-listed origin. */
export const NO_CORS: HeaderSet = Object.freeze({ ...API_SECURITY_HEADERS, Vary: 'Origin' });

declare module 'hono' {
  interface ContextVariableMap {
    /** every header an API response must carry (security, `Vary`, CORS), decided before the handler runs */
    responseHeaders: HeaderSet;
  }
}

/** Responses built by `sendJson` (or a preflight), which already carry `responseHeaders`. */
const complete = new WeakSet<Response>();

/** `set` plus `Content-Type: application/json`, built once per header set (they are shared, see `corsHeaders`). */
const asJson = new WeakMap<HeaderSet, HeaderSet>();

function jsonHeaders(set: HeaderSet): HeaderSet {
  let headers = asJson.get(set);
  if (!headers) asJson.set(set, (headers = Object.freeze({ 'Content-Type': 'application/json', ...set })));
  return headers;
}

/**
 * A JSON response from an already serialised body, with every API header in one plain record:
 * @hono/node-server writes such a response without building a `Headers` object, which the hot
 * routes (check, batch) would otherwise pay for on every request. `json` must be the JSON text of a `T`.
 */
export function sendJson<T>(c: Context, json: string): Response & TypedResponse<T, 200, 'json'> {
  const res = new Response(json, { status: 200, headers: jsonHeaders(c.get('responseHeaders')) });
  complete.add(res);
  return res as Response & TypedResponse<T, 200, 'json'>;
}

/**
 * Give a response every API header (security, `Vary: Origin`, the CORS headers `corsHeaders`
 * decided), overriding whatever a handler set; responses from `sendJson` already carry them.
 */
export function finishHeaders(c: Context): void {
  if (complete.has(c.res)) return;
  const out = c.res.headers;
  for (const [name, value] of Object.entries(c.get('responseHeaders'))) {
    if (name === 'Vary') out.append(name, value);
    else out.set(name, value);
  }
  out.delete('X-Powered-By');
}

/**
 * CORS from the partners' origin allow-lists: an allow-listed origin is echoed exactly (with
 * credentials), anything else gets no CORS headers at all; never `*`, never `null`. Which
 * partner a request belongs to is known only after authentication, where `auth` checks the
 * origin against that partner's own list. The header set of each allowed origin is kept, so that
 * its responses share one record; whether the origin is allowed is decided afresh every time.
 */
export function corsHeaders(partners: Partners) {
  const byOrigin = new Map<string, HeaderSet>();
  return (origin: string | undefined): HeaderSet => {
    if (origin === undefined || origin === 'null' || !partners.all().some((p) => p.state.origins.includes(origin))) return NO_CORS;
    let headers = byOrigin.get(origin);
    if (!headers) byOrigin.set(origin, (headers = Object.freeze({ ...NO_CORS, 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' })));
    return headers;
  };
}

/** The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) under `headers`. */
export function preflight(headers: HeaderSet): Response {
  const allowed = 'Access-Control-Allow-Origin' in headers;
  const res = new Response(null, {
    status: 204,
    headers: allowed ? { ...headers, 'Access-Control-Allow-Methods': METHODS, 'Access-Control-Allow-Headers': HEADERS, 'Access-Control-Max-Age': '600' } : headers,
  });
  complete.add(res);
  return res;
}
