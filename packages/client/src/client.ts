import { DeputyApiError, type DeputyErrorCode } from './errors.js';
import type {
  AccountView,
  Check,
  GroupView,
  HeldRight,
  ImpersonationTarget,
  LifecycleAction,
  NewUser,
  Page,
  Right,
  RightEntry,
  RoleOption,
  SessionView,
  SharesView,
  SignInResult,
  SwitchedSession,
  UserKind,
  UserPage,
  UserQuery,
  UserView,
  WireDecision,
} from './types.js';

export interface DeputyClientOptions {
  /** the server's base URL (`https://deputy.example.com`); default: this page's origin */
  api?: string;
  /** an embed token minted by the host's backend: sent as a Bearer token, no cookie involved */
  token?: string;
  /** a fetch to use instead of the global one */
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined>;

const LIFECYCLE_PATH: Record<LifecycleAction, string> = {
  block: 'block',
  disable: 'disable',
  enable: 'enable',
  unlock: 'unlock',
  activate: 'activate',
  resetPassword: 'reset-password',
};

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

/**
 * A typed client of Deputy's HTTP API. With `token` it authenticates every call with the embed
 * token (cross-origin widgets); without, it uses the `deputy_session` cookie and sends the CSRF
 * header on every non-GET call, fetching it from `GET /api/session` when it has none yet.
 *
 * @example
 * const deputy = createClient({ api: 'https://deputy.example.com', token });
 * const { items } = await deputy.users.list({ kind: 'operator' });
 */
export function createClient(options: DeputyClientOptions = {}) {
  const base = (options.api ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  /** the embed token; an impersonation switch replaces it */
  let token = options.token;
  let csrf: string | undefined;

  /** The session's CSRF token, fetched once; none when there is no session yet. */
  async function csrfToken(): Promise<string | undefined> {
    csrf ??= await session().then(
      (view) => view.csrf,
      () => undefined,
    );
    return csrf;
  }

  async function send(method: string, path: string, body: unknown, withCsrf: boolean): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    else if (method !== 'GET' && withCsrf) {
      const token = await csrfToken();
      if (token) headers['x-deputy-csrf'] = token;
    }
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers,
        credentials: token ? 'omit' : 'include',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new DeputyApiError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw await toError(response);
    return response;
  }

  async function call<T>(method: string, path: string, body?: unknown, withCsrf = true): Promise<T> {
    let response: Response;
    try {
      response = await send(method, `/api${path}`, body, withCsrf);
    } catch (error) {
      // The session may have been replaced elsewhere (sign-in, impersonation in another widget or
      // tab): fetch its CSRF token again and retry once. A refused change had no effect.
      const stale = error instanceof DeputyApiError && error.status === 403 && withCsrf && !token && method !== 'GET' && csrf !== undefined;
      if (!stale) throw error;
      csrf = undefined;
      response = await send(method, `/api${path}`, body, withCsrf);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** Calls that replace the session id: the CSRF token of the old one is dead afterwards. */
  async function renewing<T>(method: string, path: string, body?: unknown, withCsrf = true): Promise<T> {
    try {
      return await call<T>(method, path, body, withCsrf);
    } finally {
      csrf = undefined;
    }
  }

  /** An impersonation switch: a new session id, as a cookie or (embed tokens) a new token in the body. */
  async function switchSession(method: 'POST' | 'DELETE', body?: ImpersonationTarget): Promise<SwitchedSession> {
    const view = await renewing<SwitchedSession>(method, '/impersonation', body);
    if (token && view.token) token = view.token;
    return view;
  }

  async function session(): Promise<SessionView> {
    const view = await call<SessionView>('GET', '/session');
    csrf = view.csrf;
    return view;
  }

  return {
    /** the base URL the client talks to */
    api: base,
    /** true when calls carry an embed token instead of the session cookie */
    embedded: Boolean(options.token),
    /** the current embed token: an impersonation switch replaces the one the client was made with */
    get token(): string | undefined {
      return token;
    },
    session,
    auth: {
      signIn: (body: { partner: string; login: string; password: string }) => renewing<SignInResult>('POST', '/auth/sign-in', body, false),
      secondFactor: (body: { attempt: string; code: string }) => renewing<SignInResult>('POST', '/auth/second-factor', body, false),
      signOut: () => renewing<void>('POST', '/auth/sign-out'),
    },
    users: {
      list: (query: UserQuery = {}) => call<UserPage>('GET', `/users${queryString({ ...query })}`),
      get: (id: string) => call<UserView>('GET', `/users/${enc(id)}`),
      create: (user: NewUser) => call<UserView>('POST', '/users', user),
      update: (id: string, patch: { firstName?: string; lastName?: string; email?: string }) =>
        call<UserView>('PATCH', `/users/${enc(id)}`, patch),
      setRoles: (id: string, roles: string[]) => call<UserView>('PUT', `/users/${enc(id)}/roles`, { roles }),
      /** block, disable, enable, unlock, activate or reset the password of a user */
      lifecycle: (id: string, action: LifecycleAction) => call<UserView | undefined>('POST', `/users/${enc(id)}/${LIFECYCLE_PATH[action]}`),
      remove: (id: string) => call<void>('DELETE', `/users/${enc(id)}`),
      assignableRoles: (id: string) => call<RoleOption[]>('GET', `/users/${enc(id)}/assignable-roles`),
      roleDiff: (id: string, roles: string[]) => call<{ gained: HeldRight[]; lost: HeldRight[] }>('POST', `/users/${enc(id)}/role-diff`, { roles }),
    },
    /** the roles the viewer may give a user not created yet */
    assignableRoles: (query: { kind: UserKind; account?: string }) => call<RoleOption[]>('GET', `/assignable-roles${queryString(query)}`),
    accounts: {
      list: (query: { q?: string; offset?: number; limit?: number } = {}) => call<Page<AccountView>>('GET', `/accounts${queryString(query)}`),
      shares: (account: string) => call<SharesView>('GET', `/accounts/${enc(account)}/shares`),
      share: (account: string, group: string, right: Right) => call<unknown>('PUT', `/accounts/${enc(account)}/shares/${enc(group)}`, { right }),
      unshare: (account: string, group: string) => call<void>('DELETE', `/accounts/${enc(account)}/shares/${enc(group)}`),
    },
    groups: {
      list: () => call<Page<GroupView>>('GET', '/groups').then((page) => page.items),
    },
    impersonation: {
      /** start acting as a user or an account; with an embed token the client moves to the new token */
      start: (target: ImpersonationTarget) => switchSession('POST', target),
      /** sign out as: the actor's own session again, under a new id (or token) */
      stop: () => switchSession('DELETE'),
    },
    check: (check: Check) => call<WireDecision>('POST', '/check', check),
    rights: (account?: string) => call<RightEntry[]>('GET', `/rights${queryString({ account })}`),
  };
}

/** The client `createClient` returns. */
export type DeputyClient = ReturnType<typeof createClient>;

async function toError(response: Response): Promise<DeputyApiError> {
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string; field?: string } } | undefined;
  const error = body?.error;
  if (!error?.code) return new DeputyApiError(response.status, 'network', `${response.status} ${response.statusText}`.trim());
  return new DeputyApiError(response.status, error.code as DeputyErrorCode, error.message ?? error.code, error.field);
}
