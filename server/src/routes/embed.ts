import { Hono } from 'hono';
import { z } from 'zod';
import { newId, sameSecret, secret, sha256 } from '../auth/crypto.js';
import { maySignIn } from '../auth/sign-in.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { SessionRow } from '../store/types.js';
import { body, fields } from '../validation.js';

/** Embed tokens live 10 minutes unless asked otherwise, one hour at most. */
export const EMBED_TTL_S = 600;
export const EMBED_MAX_TTL_S = 3600;

export const mintBody = z.strictObject({
  user: fields.id,
  origin: z.url().max(300),
  ttlSeconds: z.number().int().min(30).max(EMBED_MAX_TTL_S).optional(),
});

/**
 * `POST /api/embed-tokens`: the host site's backend, holding the partner API key, mints a short
 * token for one of its users, usable only from one allow-listed origin.
 */
export function embedRoutes(deps: Deps) {
  return new Hono().post('/', body(mintBody), async (c) => {
    const key = c.req.header('Authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const hash = key ? sha256(key) : '';
    const p = key ? deps.partners.all().find((r) => sameSecret(r.state.apiKeyHash, hash)) : undefined;
    if (!p) throw new ApiError('unauthenticated', 'A partner API key is required.');
    const input = c.req.valid('json');
    if (!p.state.origins.includes(input.origin)) throw new ApiError('invalid', 'That origin is not on the partner allow-list.', 'origin');
    const user = p.user(input.user);
    if (!user || !maySignIn(p, user) || p.dir.users.get(user.id)?.status !== 'active') throw new ApiError('not_found', 'No such user.', 'user');
    const token = secret();
    const now = deps.clock.now();
    const row: SessionRow = { partner: p.id, actor: user.id, channel: 'embed', origin: input.origin, createdAt: now, expiresAt: now + (input.ttlSeconds ?? EMBED_TTL_S) * 1000 };
    await deps.partners.commit(p.id, [
      { op: 'session.put', key: sha256(token), session: row },
      { op: 'audit.append', entry: { id: newId('ev'), at: now, actor: 'api-key', action: 'embed.mint', target: `user:${user.id}`, outcome: 'allowed', detail: input.origin } },
    ]);
    return c.json({ token, expiresAt: row.expiresAt }, 201);
  });
}
