import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { DEMO_PARTNERS, DEMO_PASSWORD, demoPartner } from './demo-partners.js';
import { Deputy, DeputyError, type Actor } from './deputy.js';
import { HostSessions, type HostSession } from './host-sessions.js';
import { Outbox, type OutboxMessage } from './outbox.js';

export interface HostOptions {
  /** Deputy's base URL, as both this backend and the visitor's browser reach it */
  api: string;
  /** Deputy's development outbox folder, where second-factor codes are read (demo only) */
  outbox: string;
  /** the built widgets (packages/elements/dist) */
  elementsDir: string;
  /** lifetime of the embed tokens minted for the page */
  tokenTtlSeconds?: number;
}

const PUBLIC_DIR = path.resolve(import.meta.dirname, '..', 'public');
const COOKIE = 'host_session';
const STATIC: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/styles.css': ['styles.css', 'text/css; charset=utf-8'],
};

const signInBody = z.strictObject({ partner: z.string().min(1).max(100), login: z.string().min(1).max(320), password: z.string().min(1).max(1000) });
const codeBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'The code has 6 digits.') });
const tokenBody = z.strictObject({ token: z.string().min(1).max(200), expiresAt: z.number().int().optional() });

/**
 * The demo host site: its page, the widgets' bundle, and a backend that signs visitors in through
 * Deputy's real sign-in and mints embed tokens with the partner API key, as a host site would.
 *
 * @example
 * serve({ fetch: createHostApp({ api: 'http://localhost:8787', outbox: '.deputy/outbox', elementsDir }).fetch, port: 5174 });
 */
export function createHostApp(o: HostOptions) {
  const deputy = new Deputy(o.api.replace(/\/+$/, ''));
  const outbox = new Outbox(o.outbox);
  const sessions = new HostSessions();
  const ttl = o.tokenTtlSeconds ?? 3600;
  // Sign-ins one at a time, so the code that appears in the outbox meanwhile is this visitor's.
  let signInQueue: Promise<unknown> = Promise.resolve();

  const sessionOf = (c: Context) => sessions.get(getCookie(c, COOKIE));
  const ensureSession = (c: Context): HostSession => {
    const existing = sessionOf(c);
    if (existing) return existing;
    const { id, session } = sessions.create();
    setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return session;
  };
  const json = async <T>(c: Context, schema: z.ZodType<T>): Promise<T> => {
    if (!c.req.header('content-type')?.startsWith('application/json')) throw new HTTPException(415, { message: 'Send JSON.' });
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw new HTTPException(400, { message: parsed.error.issues.map((i) => i.message).join(' ') });
    return parsed.data;
  };
  /** The page's origin: embed tokens are bound to it (Deputy refuses origins off the partner's allow-list). */
  const originOf = (c: Context) => new URL(c.req.url).origin;

  const signedIn = async (c: Context, partner: string, actor: Actor) => {
    const p = demoPartner(partner)!;
    const embed = await deputy.mintToken(p.apiKey, actor.id, originOf(c), ttl);
    ensureSession(c).signedIn = { partner, actor, embed };
    delete ensureSession(c).pending;
    return c.json({ status: 'signed-in' as const, partner, actor, ...embed });
  };

  const app = new Hono()
    .use(
      '*',
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", new URL(o.api).origin],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
        },
      }),
    )
    .get('/elements/:file{[\\w.-]+\\.js(\\.map)?}', async (c) => {
      const js = await readFile(path.join(o.elementsDir, c.req.param('file'))).catch(() => undefined);
      if (!js) return c.text('Not built: run `pnpm --filter @deputy/elements build`.', 404);
      return c.body(js, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    })
    .get('/host/config', (c) =>
      c.json({
        api: o.api,
        password: DEMO_PASSWORD,
        partners: DEMO_PARTNERS.map(({ id, name, users, records }) => ({ id, name, users, records })),
      }),
    )
    .get('/host/me', async (c) => {
      const s = sessionOf(c)?.signedIn;
      if (!s) return c.json({ status: 'signed-out' as const });
      if (s.embed.expiresAt - Date.now() < 60_000) s.embed = await deputy.mintToken(demoPartner(s.partner)!.apiKey, s.actor.id, originOf(c), ttl);
      return c.json({ status: 'signed-in' as const, partner: s.partner, actor: s.actor, ...s.embed });
    })
    .post('/host/sign-in', async (c) => {
      const { partner, login, password } = await json(c, signInBody);
      if (!demoPartner(partner)) throw new HTTPException(400, { message: 'Unknown partner.' });
      const run = signInQueue.then(async () => {
        const before = await outbox.names();
        const step = await deputy.signIn(partner, login, password);
        return { step, message: step.status === 'second-factor' ? await outbox.newCode(before) : undefined };
      });
      signInQueue = run.catch(() => undefined);
      const { step, message } = await run;
      if (step.status === 'signed-in') return signedIn(c, partner, await deputy.actorOf(step.cookie));
      const session = ensureSession(c);
      delete session.signedIn;
      session.pending = { partner, attempt: step.attempt };
      return c.json({ status: 'second-factor' as const, channel: step.channel, ...(message ? { outbox: devMessage(message) } : {}) });
    })
    .post('/host/second-factor', async (c) => {
      const { code } = await json(c, codeBody);
      const pending = sessionOf(c)?.pending;
      if (!pending) throw new HTTPException(409, { message: 'Start the sign-in again.' });
      const cookie = await deputy.secondFactor(pending.attempt, code);
      return signedIn(c, pending.partner, await deputy.actorOf(cookie));
    })
    .put('/host/token', async (c) => {
      // The widgets swapped the token (an impersonation started or ended): remember it for reloads.
      const { token, expiresAt } = await json(c, tokenBody);
      const s = sessionOf(c)?.signedIn;
      if (!s) throw new HTTPException(401, { message: 'Sign in first.' });
      s.embed = { token, expiresAt: expiresAt ?? s.embed.expiresAt };
      return c.body(null, 204);
    })
    .post('/host/sign-out', async (c) => {
      const id = getCookie(c, COOKIE);
      const s = sessions.get(id)?.signedIn;
      if (s) await deputy.signOutToken(s.embed.token).catch(() => undefined);
      if (id) sessions.delete(id);
      deleteCookie(c, COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('*', async (c) => {
      const entry = STATIC[c.req.path];
      if (!entry) return c.notFound();
      return c.body(await readFile(path.join(PUBLIC_DIR, entry[0])), 200, { 'content-type': entry[1] });
    });

  app.onError((error, c) => {
    if (error instanceof DeputyError) return c.json({ error: { code: error.code, message: error.message } }, error.status as 401);
    if (error instanceof HTTPException) return c.json({ error: { code: 'invalid', message: error.message } }, error.status);
    console.error(error);
    return c.json({ error: { code: 'error', message: 'The host backend failed; see its log.' } }, 500);
  });
  return app;
}

/** What the page shows of an outbox message: where the code went, and the code (demo only). */
function devMessage(m: OutboxMessage) {
  return { to: m.to, channel: m.channel, code: m.code };
}
