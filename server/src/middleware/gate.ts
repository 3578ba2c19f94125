import type { Context, MiddlewareHandler, Next } from 'hono';
import type { Deps } from '../deps.js';
import { onError } from '../errors.js';
import { readSessionEarly } from './auth.js';
import { checkBody, limitStreamedBody } from './body.js';
import { corsHeaders, finishHeaders, overTls, preflight } from './cors.js';
import { requestHeader } from './headers.js';

/**
 * Everything every `/api/*` request goes through before its route, as one middleware: catch up
 * with a shared store, CORS (and preflights), the body's size and media type, and afterwards every
 * API header on the response, errors included. One step of hono's compose instead of five, and no
 * promise of its own unless something really waits (a shared store's catch-up), which is most of
 * what a check used to cost beyond its decision.
 */
export function apiGate(deps: Deps): MiddlewareHandler {
  const headersFor = corsHeaders(deps.partners);
  const shared = deps.store.updates !== undefined;

  const admit = (c: Context, next: Next): Promise<unknown> | Response => {
    const headers = headersFor(requestHeader(c, 'origin'), overTls(c.req.url));
    c.set('responseHeaders', headers);
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) return preflight(headers);
    return checkBody(c) ? limitStreamedBody(c, next) : next();
  };

  return (c, next) => {
    let admitted: Promise<unknown> | Response;
    try {
      // Stores shared by several server processes: catch up with the others before anything is decided.
      if (shared) {
        readSessionEarly(deps, c);
        admitted = deps.partners.sync().then(() => admit(c, next));
      } else admitted = admit(c, next);
    } catch (err) {
      admitted = Promise.reject(err);
    }
    if (admitted instanceof Response) return Promise.resolve(admitted);
    return admitted.then(
      (res) => {
        if (res instanceof Response) return res;
        finishHeaders(c);
      },
      (err: Error) => void errorResponse(err, c),
    );
  };
}

/** The error response of an API request, with every API header. */
export function errorResponse(err: Error, c: Context): Response {
  c.res = onError(err, c);
  finishHeaders(c);
  return c.res;
}
