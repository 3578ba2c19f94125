import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from './deps.js';
import type { Env } from './middleware/auth.js';
import { ApiError, onError } from './errors.js';
import { HSTS, overTls } from './middleware/cors.js';
import { apiGate, errorResponse } from './middleware/gate.js';
import { nodeHeaders } from './middleware/headers.js';
import { accountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { checkByQuery, decisionRoutes } from './routes/decisions.js';
import { docsRoutes, openApiRoutes } from './routes/docs.js';
import { embedRoutes } from './routes/embed.js';
import { groupRoutes } from './routes/groups.js';
import { impersonationRoutes } from './routes/impersonation.js';
import { roleRoutes } from './routes/roles.js';
import { sessionRoutes } from './routes/session.js';
import { settingsRoutes } from './routes/settings.js';
import { testRoutes } from './routes/test-clock.js';
import { totpRoutes } from './routes/totp.js';
import { newUserRoleRoutes, userRoutes } from './routes/users.js';

export type { Deps } from './deps.js';

/**
 * Build the Deputy HTTP app over its dependencies. Routes are chained so that `AppType` carries
 * every route's types for `hc<AppType>()` (packages/client).
 *
 * @example
 * const app = createApp({ store, partners, clock, notifier });
 * const res = await app.request('/api/session');
 */
export function createApp(deps: Deps) {
  const api = new Hono()
    .get('/health', (c) => c.json({ ok: true }))
    .route('/auth/totp', totpRoutes(deps))
    .route('/auth', authRoutes(deps))
    .route('/session', sessionRoutes(deps))
    .route('/embed-tokens', embedRoutes(deps))
    .route('/users', userRoutes(deps))
    .route('/assignable-roles', newUserRoleRoutes(deps))
    .route('/accounts', accountRoutes(deps))
    .route('/groups', groupRoutes(deps))
    .route('/settings', settingsRoutes(deps))
    .route('/roles', roleRoutes(deps))
    .route('/impersonation', impersonationRoutes(deps))
    .route('/audit', auditRoutes(deps))
    .route('/test', testRoutes(deps))
    .route('/openapi.json', openApiRoutes())
    .route('/', decisionRoutes(deps));

  const locked = { frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };
  // HSTS over HTTPS only (see `HSTS`), as on the API
  const otherHeaders = secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], ...locked }, crossOriginResourcePolicy: 'same-site', strictTransportSecurity: false });
  const docsHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], connectSrc: ["'self'"], ...locked },
    strictTransportSecurity: false,
  });
  // an error (a 404 too) becomes its response inside, so that it gets the page headers as well
  const pageHeaders = (headers: MiddlewareHandler): MiddlewareHandler => async (c, next) => {
    await headers(c, () => next().catch((err: Error) => void (c.res = onError(err, c))));
    if (overTls(c.req.url)) c.res.headers.set('Strict-Transport-Security', HSTS['Strict-Transport-Security']);
  };
  const docsPage = pageHeaders(docsHeaders);
  const otherPage = pageHeaders(otherHeaders);
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
  const isDocs = (path: string) => path === '/docs' || path.startsWith('/docs/');

  const gate = apiGate(deps);

  const app = new Hono()
    // One middleware for every request, so that a check pays for one step of hono's compose here.
    .use('*', (c, next) => (isApi(c.req.path) ? gate(c, next) : isDocs(c.req.path) ? docsPage(c, next) : otherPage(c, next)))
    .route('/api', api)
    .route('/docs', docsRoutes());
  app.notFound(() => {
    throw new ApiError('not_found', 'No such route.');
  });
  app.onError(onError);

  // The hot read, GET /api/check, as browsers send it from the same origin and backends send it
  // (no Origin, no body): on a store that holds sessions in memory, all it needs of the gate is the
  // headers of a response without CORS (`sendJson` and `finishHeaders` take those where no gate set
  // any), so it is routed on its own and skips hono's compose; the route's handler and the error
  // path are the very ones the gate would have run.
  if (deps.store.sessionNow && !deps.store.updates) {
    const plainCheck = new Hono<Env>().get('/api/check', checkByQuery(deps));
    plainCheck.onError(errorResponse);
    const full = app.fetch;
    app.fetch = (req, env, ctx) => (isPlainCheck(req, env) ? plainCheck.fetch(req, env, ctx) : full(req, env, ctx));
  }
  return app;
}

/**
 * A GET of exactly /api/check without the headers the gate acts on (Origin, a body's), asked of
 * Node's parsed headers where there are some (see `requestHeader`).
 */
function isPlainCheck(req: Request, env: unknown): boolean {
  if (req.method !== 'GET') return false;
  const url = req.url;
  const path = url.indexOf('/', url.indexOf('//') + 2);
  if (path < 0 || !url.startsWith('/api/check', path) || (url.length > path + 10 && url[path + 10] !== '?')) return false;
  const parsed = nodeHeaders(env);
  for (const name of GATED_HEADERS) if (parsed ? parsed[name] !== undefined : req.headers.has(name)) return false;
  return true;
}

/** The request headers the gate acts on: a check that sends one takes the gated path. */
const GATED_HEADERS = ['origin', 'content-type', 'content-length', 'transfer-encoding'] as const;

/** The app's type, for the typed client: `hc<AppType>(baseUrl)`. */
export type AppType = ReturnType<typeof createApp>;
