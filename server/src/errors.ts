import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RowChanged } from './store/types.js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Decision } from '@deputy/core';

export type ErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'too_large'
  | 'unsupported_media_type'
  | 'internal';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

/** Every error a route raises on purpose: a stable code, a readable message, optionally the field. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** a denied decision's reasons, sent along with `forbidden` */
    readonly reasons?: Decision['reasons'],
  ) {
    super(message);
  }
}

export const notFound = (what = 'record') => new ApiError('not_found', `No such ${what}.`);

/** The one error handler: `{ error: { code, message, field? } }`, never a stack trace. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    const body: Record<string, unknown> = { code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (err.reasons !== undefined) body.reasons = err.reasons;
    return c.json({ error: body }, STATUS[err.code]);
  }
  if (err instanceof RowChanged) {
    return c.json({ error: { code: 'conflict', message: 'Someone changed this at the same time; reload and try again.' } }, 409);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code: ErrorCode = status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : status === 401 ? 'unauthenticated' : status < 500 ? 'invalid' : 'internal';
    return c.json({ error: { code, message: err.message || 'Bad request.' } }, STATUS[code]);
  }
  console.error(err);
  return c.json({ error: { code: 'internal', message: 'Internal error.' } }, 500);
}
