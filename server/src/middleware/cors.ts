import type { Context, TypedResponse } from 'hono';
import type { Partners } from '../domain/partner.js';

const METHODS = 'GET, POST, PUT, PATCH, DELETE';
const HEADERS = 'Content-Type, Authorization, X-Deputy-CSRF';

/**
 * The security headers of every API response — the set OWASP's REST Security Cheat Sheet gives for
 * API responses, which are never rendered as documents (no caching of what a session may see, no
 * sniffing, a CSP that allows nothing and no framing, should a response be opened as a page), plus
 * `Cross-Origin-Resource-Policy: same-site` against cross-origin no-cors reads; HSTS on top over
 * HTTPS (see `HSTS`). The headers that only govern documents (COOP, Origin-Agent-Cluster,
 * Referrer-Policy, X-Frame-Options beside `frame-ancestors`, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) stay on the HTML pages
 * (`/docs`, see app.ts), not here: Node validates and writes every header of every response, about
 * 3,000 instructions each on the check. Written out once, so that a response can be built with them
 * in a plain record (see `sendJson`).
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-site',
  'X-Content-Type-Options': 'nosniff',
});

/**
 * HSTS, on responses sent over HTTPS only: RFC 6797 §7.2 forbids it over plain HTTP (where browsers
 * ignore it anyway, §8.1), as the session cookie is `Secure` over HTTPS only.
 */
export const HSTS = Object.freeze({ 'Strict-Transport-Security': 'max-age=15552000; includeSubDomains' });

/** Whether the request came over HTTPS (@hono/node-server builds the URL from the socket). */
export const overTls = (url: string): boolean => url.startsWith('https:');

type HeaderSet = Readonly<Record<string, string>>;

/**
 * The headers of an API response to a request without an allow-listed origin, over HTTP and over
 * HTTPS. No `Vary: Origin`: these responses are `no-store`, and a cache that may not store a
 * response never selects it by its request headers (RFC 9111 §4.1, §5.2.2.5). Responses with CORS
 * headers still name it (see `corsHeaders`), for caches that ignore `no-store`.
 */
export const NO_CORS: HeaderSet = API_SECURITY_HEADERS;
export const NO_CORS_TLS: HeaderSet = Object.freeze({ ...API_SECURITY_HEADERS, ...HSTS });

/** `NO_CORS` or `NO_CORS_TLS`, for a request to `url`. */
export const noCors = (url: string): HeaderSet => (overTls(url) ? NO_CORS_TLS : NO_CORS);

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * every header an API response must carry (security, CORS, `Vary`), decided by the gate before
     * the handler runs; unset before that and on the plain check (see app.ts): `noCors` then
     */
    responseHeaders: HeaderSet | undefined;
  }
}

/** The headers an API response must carry: the gate's decision, else (the plain check) `noCors`. */
function apiHeaders(c: Context): HeaderSet {
  return c.get('responseHeaders') ?? noCors(c.req.url);
}

/** Marks responses built by `sendJson` (or a preflight), which already carry `responseHeaders`. */
const COMPLETE = Symbol('deputy.complete');
type Marked = Response & { [COMPLETE]?: true };

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
  const res: Marked = new Response(json, { status: 200, headers: jsonHeaders(apiHeaders(c)) });
  res[COMPLETE] = true;
  return res as Response & TypedResponse<T, 200, 'json'>;
}

/**
 * Give a response every API header (security, and the CORS headers and `Vary: Origin` that
 * `corsHeaders` decided), overriding whatever a handler set; responses from `sendJson` already carry them.
 */
export function finishHeaders(c: Context): void {
  if ((c.res as Marked)[COMPLETE]) return;
  const out = c.res.headers;
  for (const [name, value] of Object.entries(apiHeaders(c))) {
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
  return (origin: string | undefined, tls: boolean): HeaderSet => {
    const base = tls ? NO_CORS_TLS : NO_CORS;
    if (origin === undefined || origin === 'null' || !partners.all().some((p) => p.state.origins.includes(origin))) return base;
    const key = `${tls ? 's' : ''} ${origin}`;
    let headers = byOrigin.get(key);
    if (!headers) {
      headers = Object.freeze({ ...base, Vary: 'Origin', 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
      byOrigin.set(key, headers);
    }
    return headers;
  };
}

/** The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) under `headers`. */
export function preflight(headers: HeaderSet): Response {
  const allowed = 'Access-Control-Allow-Origin' in headers;
  const res: Marked = new Response(null, {
    status: 204,
    headers: allowed ? { ...headers, 'Access-Control-Allow-Methods': METHODS, 'Access-Control-Allow-Headers': HEADERS, 'Access-Control-Max-Age': '600' } : headers,
  });
  res[COMPLETE] = true;
  return res;
}
