import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors.js';
import { mediaType } from '../validation.js';

/** Bodies past this many bytes are refused with 413. */
export const MAX_BODY = 1024 * 1024;

/** 413 past 1 MB, whether announced by Content-Length or streamed. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY,
  onError: () => {
    throw new ApiError('too_large', `The body is larger than ${MAX_BODY} bytes.`);
  },
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
