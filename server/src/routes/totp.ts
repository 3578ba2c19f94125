import { Hono } from 'hono';
import * as OTPAuth from 'otpauth';
import { z } from 'zod';
import { totpCounter, totpOf } from '../auth/sign-in.js';
import type { Deps } from '../deps.js';
import { commitAudited, refuse } from '../domain/guard.js';
import { ApiError } from '../errors.js';
import { requireSession, type Auth, type Env } from '../middleware/auth.js';
import type { UserRow } from '../store/types.js';
import { body } from '../validation.js';

export const codeBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') });

/** TOTP as the stronger second factor: enrol, confirm with a first code, disable with a code. Never while impersonating. */
export function totpRoutes(deps: Deps) {
  const own = async (auth: Auth, action: string): Promise<UserRow> => {
    if (auth.session.subject) await refuse(deps, auth, { allowed: false, reasons: [{ code: 'sensitive', action }] }, action, `user:${auth.actor.id}`);
    return auth.partner.user(auth.actor.id)!;
  };
  const check = (auth: Auth, user: UserRow, code: string): number => {
    if (!user.totp) throw new ApiError('conflict', 'No authenticator is enrolled.');
    const counter = totpCounter(totpOf(user.totp.secret, user.username, auth.partner.state.name), code, deps.clock.now(), user.totp.lastCounter);
    if (counter === undefined) throw new ApiError('invalid', 'Wrong code.', 'code');
    return counter;
  };
  return new Hono<Env>()
    .use(requireSession(deps))
    .post('/', async (c) => {
      const auth = c.get('auth');
      const user = await own(auth, 'totp.enrol');
      if (user.totp?.confirmed) throw new ApiError('conflict', 'An authenticator is already enrolled: disable it first.');
      const secret = new OTPAuth.Secret({ size: 20 }).base32;
      await commitAudited(deps, auth, [{ op: 'user.put', user: { ...user, totp: { secret, confirmed: false } } }], 'totp.enrol', `user:${user.id}`);
      return c.json({ secret, uri: totpOf(secret, user.username, auth.partner.state.name).toString() }, 201);
    })
    .post('/confirm', body(codeBody), async (c) => {
      const auth = c.get('auth');
      const user = await own(auth, 'totp.confirm');
      const lastCounter = check(auth, user, c.req.valid('json').code);
      await commitAudited(deps, auth, [{ op: 'user.put', user: { ...user, totp: { ...user.totp!, confirmed: true, lastCounter } } }], 'totp.confirm', `user:${user.id}`);
      return c.json({ totp: true });
    })
    .post('/disable', body(codeBody), async (c) => {
      const auth = c.get('auth');
      const user = await own(auth, 'totp.disable');
      check(auth, user, c.req.valid('json').code);
      const updated: UserRow = { ...user };
      delete updated.totp;
      await commitAudited(deps, auth, [{ op: 'user.put', user: updated }], 'totp.disable', `user:${user.id}`);
      return c.json({ totp: false });
    });
}
