import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import { body } from '../validation.js';

/** `POST /api/test/clock {advanceMs}`: only with `--test-clock`; 404 otherwise. */
export function testRoutes(deps: Deps) {
  const enabled: MiddlewareHandler = async (_c, next) => {
    if (!deps.testClock) throw new ApiError('not_found', 'No such route.');
    await next();
  };
  return new Hono().post('/clock', enabled, body(z.strictObject({ advanceMs: z.number().int().min(0).max(10 * 365 * 86_400_000) })), (c) => {
    deps.testClock!.advance(c.req.valid('json').advanceMs);
    return c.json({ now: deps.clock.now() });
  });
}
