import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors.js';
import { mediaType } from '../validation.js';

/** Bodies past this many bytes are refused with 413. */
export const MAX_BODY = 1024 * 1024;

const limit = bodyLimit({
  maxSize: MAX_BODY,
  onError: () => {
    throw new ApiError('too_large', `The body is larger than ${MAX_BODY} bytes.`);
  },
});

/**
 * 413 past 1 MB, whether announced by Content-Length or streamed. A body framed by Content-Length
 * is judged by the header alone (Node's parser never delivers more than it announces); only a
 * streamed body is counted as it arrives. Merely looking at the body makes @hono/node-server build
 * a full Request, which costs more than the rest of a check, so GET and HEAD skip it entirely.
 */
export const limitBody = createMiddleware(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const length = c.req.header('Content-Length');
  if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return limit(c, next);
  if (!/^\d+$/.test(length) || Number(length) > MAX_BODY) throw new ApiError('too_large', `The body is larger than ${MAX_BODY} bytes.`);
  return next();
});

/** A request that declares or carries a body must carry JSON: 415 otherwise, even where no body is read. */
export const jsonOnly = createMiddleware(async (c, next) => {
  const type = mediaType(c);
  const hasBody = Number(c.req.header('Content-Length') ?? 0) > 0 || c.req.header('Transfer-Encoding') !== undefined;
  if ((type !== '' || hasBody) && !/^application\/([\w.-]+\+)?json$/.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  }
  await next();
});
