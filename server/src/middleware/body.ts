import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';
import { mediaType } from '../validation.js';

/** Bodies past this many bytes are refused with 413. */
export const MAX_BODY = 1024 * 1024;

const tooLarge = () => new ApiError('too_large', `The body is larger than ${MAX_BODY} bytes.`);

/** Counts a streamed body as it arrives. */
export const limitStreamedBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY,
  onError: () => {
    throw tooLarge();
  },
});

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/;

/**
 * What every API request's body must be, judged from the headers alone: 413 past 1 MB announced
 * by Content-Length (Node's parser never delivers more than it announces), 415 when a request that
 * declares or carries a body does not carry JSON, even where no body is read. Returns whether the
 * body must rather be counted as it arrives (`limitStreamedBody`): streamed, or of unannounced
 * length. GET and HEAD skip the size checks: merely looking at the body makes @hono/node-server
 * build a full Request, which costs more than the rest of a check.
 */
export function checkBody(c: Context): boolean {
  const length = c.req.header('Content-Length');
  const streamed = c.req.header('Transfer-Encoding') !== undefined;
  const mayHaveBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
  if (mayHaveBody && length !== undefined && !streamed && (!/^\d+$/.test(length) || Number(length) > MAX_BODY)) throw tooLarge();
  const type = mediaType(c);
  if ((type !== '' || streamed || Number(length ?? 0) > 0) && !JSON_MEDIA.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  }
  return mayHaveBody && (length === undefined || streamed);
}
