/**
 * What the server holds, read and tried through its HTTP API as a given user (an embed token
 * minted with the partner's demo API key, used server-to-server), independent of the UI.
 */
export interface Answer<T = any> {
  status: number;
  body: T;
}

export class DeputyApi {
  constructor(
    readonly api: string,
    /** an allow-listed origin the tokens are bound to */
    readonly origin: string,
  ) {}

  /** Calls the API with `token` (or none). */
  async call<T = any>(token: string | undefined, method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const res = await fetch(`${this.api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A client acting as `user` of `partner`. */
  async as(partner: string, user: string): Promise<UserApi> {
    const minted = await this.call<{ token: string }>(`demo-key-${partner}`, 'POST', '/api/embed-tokens', { user, origin: this.origin });
    if (minted.status !== 201) throw new Error(`minting a token for ${user}: ${minted.status} ${JSON.stringify(minted.body)}`);
    return new UserApi(this, minted.body.token);
  }

  /** Moves the server's test clock forward. */
  async advanceClock(ms: number): Promise<void> {
    const res = await this.call(undefined, 'POST', '/api/test/clock', { advanceMs: ms });
    if (res.status >= 300) throw new Error(`moving the clock: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export class UserApi {
  constructor(
    readonly deputy: DeputyApi,
    readonly token: string,
  ) {}
  get<T = any>(path: string) {
    return this.deputy.call<T>(this.token, 'GET', path);
  }
  send<T = any>(method: string, path: string, body?: unknown) {
    return this.deputy.call<T>(this.token, method, path, body);
  }
  /** A user by id, from the users list the server gives this viewer. */
  async user(id: string, query = 'kind=operator'): Promise<{ id: string; roles: string[]; status: string; firstName: string } | undefined> {
    const { body } = await this.get<{ items: Array<{ id: string; roles: string[]; status: string; firstName: string }> }>(`/api/users?${query}&showDisabled=true&limit=500`);
    return body.items.find((u) => u.id === id);
  }
}
