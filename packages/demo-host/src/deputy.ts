/**
 * The host backend's server-to-server calls to Deputy: the real sign-in (password, then second
 * factor), who signed in, and embed tokens minted with the partner API key. The browser never
 * sees a password check's cookie or the API key; it only gets embed tokens.
 */

/** A Deputy error answer, kept with its HTTP status. */
export class DeputyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type SignInStep =
  | { status: 'second-factor'; attempt: string; channel: 'email' | 'sms' | 'totp' }
  | { status: 'signed-in'; cookie: string };

/** The signed-in user, as Deputy's `GET /api/session` describes the actor. */
export interface Actor {
  id: string;
  firstName: string;
  lastName: string;
  username: string;
}

export interface EmbedToken {
  token: string;
  expiresAt: number;
}

const SESSION_COOKIE = 'deputy_session';

/** A small client of the Deputy routes a host backend uses. */
export class Deputy {
  constructor(readonly api: string) {}

  async #call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.api}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      throw new DeputyError(res.status, body.error?.code ?? 'error', body.error?.message ?? `Deputy answered ${res.status}.`);
    }
    return res;
  }

  /** `POST /api/auth/sign-in`: either a second factor is due, or the user is signed in. */
  async signIn(partner: string, login: string, password: string): Promise<SignInStep> {
    const res = await this.#call('/api/auth/sign-in', { method: 'POST', body: { partner, login, password } });
    const body = (await res.json()) as { status: string; attempt?: string; channel?: 'email' | 'sms' | 'totp' };
    if (body.status === 'second-factor' && body.attempt && body.channel) return { status: 'second-factor', attempt: body.attempt, channel: body.channel };
    return { status: 'signed-in', cookie: sessionCookie(res) };
  }

  /** `POST /api/auth/second-factor`: the code completes the sign-in. */
  async secondFactor(attempt: string, code: string): Promise<string> {
    return sessionCookie(await this.#call('/api/auth/second-factor', { method: 'POST', body: { attempt, code } }));
  }

  /**
   * Who a fresh sign-in session belongs to; then that session is signed out again, since the host
   * keeps its own session and hands the browser embed tokens only.
   */
  async actorOf(cookie: string): Promise<Actor> {
    const headers = { cookie: `${SESSION_COOKIE}=${cookie}` };
    const session = (await (await this.#call('/api/session', { headers })).json()) as { actor: Actor; csrf?: string };
    await this.#call('/api/auth/sign-out', { method: 'POST', headers: { ...headers, 'x-deputy-csrf': session.csrf ?? '' } });
    const { id, firstName, lastName, username } = session.actor;
    return { id, firstName, lastName, username };
  }

  /** `POST /api/embed-tokens` with the partner API key: a token for `user`, usable from `origin` only. */
  async mintToken(apiKey: string, user: string, origin: string, ttlSeconds: number): Promise<EmbedToken> {
    const res = await this.#call('/api/embed-tokens', { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: { user, origin, ttlSeconds } });
    return (await res.json()) as EmbedToken;
  }

  /** Ends the session an embed token stands for. */
  async signOutToken(token: string): Promise<void> {
    await this.#call('/api/auth/sign-out', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  }
}

function sessionCookie(res: Response): string {
  for (const line of res.headers.getSetCookie()) {
    const value = line.match(new RegExp(`^${SESSION_COOKIE}=([^;]+)`))?.[1];
    if (value) return value;
  }
  throw new DeputyError(502, 'bad_gateway', 'Deputy signed the user in but set no session cookie.');
}
