/** The stable error codes of the server. */
export type DeputyErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'too_large'
  | 'unsupported_media_type'
  /** no answer, or an answer that is not Deputy's JSON error */
  | 'network';

/**
 * A failed call: the HTTP status and the server's `{ error: { code, message, field? } }`.
 *
 * @example
 * try { await client.users.remove(id) } catch (e) { if (e instanceof DeputyApiError && e.code === 'forbidden') … }
 */
export class DeputyApiError extends Error {
  override name = 'DeputyApiError';
  constructor(
    readonly status: number,
    readonly code: DeputyErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
