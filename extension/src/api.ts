import { createClient, DeputyApiError, type DeputyClient, type SessionView } from '@deputy/client';

/**
 * The extension's view of Deputy servers, through `@deputy/client`: calls carry the browser's own
 * session cookie (`credentials: 'include'` from the extension origin, which holds host permission
 * for the server), so the extension never sees or stores the session id; the client keeps the
 * CSRF token GET /api/session hands out in the service worker's memory only.
 */
export type {
  AccountView,
  RightEntry,
  SessionView,
  UserView,
  WireDecision,
  WireReason,
} from '@deputy/client';
export { DeputyApiError };

const clients = new Map<string, DeputyClient>();

/** The cookie-session client of a connected server (one per origin, so its CSRF token is reused). */
export function clientFor(server: string): DeputyClient {
  let client = clients.get(server);
  if (!client) {
    client = createClient({ api: server });
    clients.set(server, client);
  }
  return client;
}

/** The current session on `server`, or `null` when the browser is not signed in there. */
export async function currentSession(server: string): Promise<SessionView | null> {
  try {
    return await clientFor(server).session();
  } catch (e) {
    if (e instanceof DeputyApiError && e.status === 401) return null;
    throw e;
  }
}

/** A readable sentence for any failure of a call. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
