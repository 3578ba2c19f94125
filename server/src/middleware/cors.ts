import { createMiddleware } from 'hono/factory';
import type { Partners } from '../domain/partner.js';

const METHODS = 'GET, POST, PUT, PATCH, DELETE';
const HEADERS = 'Content-Type, Authorization, X-Deputy-CSRF';

/**
 * CORS from the partners' origin allow-lists: an allow-listed origin is echoed exactly (with
 * credentials), anything else gets no CORS headers at all; never `*`, never `null`. Which
 * partner a request belongs to is known only after authentication, where `auth` checks the
 * origin against that partner's own list.
 */
export function cors(partners: Partners) {
  return createMiddleware(async (c, next) => {
    const origin = c.req.header('Origin');
    const allowed = origin !== undefined && origin !== 'null' && partners.all().some((p) => p.state.origins.includes(origin));
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      const res = new Response(null, { status: 204 });
      res.headers.set('Vary', 'Origin');
      if (allowed) {
        res.headers.set('Access-Control-Allow-Origin', origin);
        res.headers.set('Access-Control-Allow-Credentials', 'true');
        res.headers.set('Access-Control-Allow-Methods', METHODS);
        res.headers.set('Access-Control-Allow-Headers', HEADERS);
        res.headers.set('Access-Control-Max-Age', '600');
      }
      return res;
    }
    await next();
    c.res.headers.append('Vary', 'Origin');
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Allow-Credentials', 'true');
    }
  });
}
