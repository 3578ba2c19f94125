/**
 * Deputy's typed API client, for the widgets, the extension and host pages.
 * Same-site pages use the session cookie; pages on other origins pass an embed token.
 */
export { createClient } from './client.js';
export type { DeputyClient, DeputyClientOptions } from './client.js';
export { DeputyApiError } from './errors.js';
export type { DeputyErrorCode } from './errors.js';
export type * from './types.js';
