/** Shared helpers for the server's tests: a real lowdb file in a temp dir, the demo seed, signed-in clients. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from './app.js';
import type { Message, Notifier } from './auth/notifier.js';
import { TestClock } from './clock.js';
import type { Deps } from './deps.js';
import { Partners } from './domain/partner.js';
import { DEMO_PASSWORD, demoPartners } from './seed/demo.js';
import { LowdbStore } from './store/lowdb.js';

/** A notifier that keeps what it sent, so tests can read one-time codes. */
export class Inbox implements Notifier {
  readonly messages: Message[] = [];
  async send(message: Message): Promise<void> {
    this.messages.push(message);
  }
  lastCode(to?: string): string {
    const m = [...this.messages].reverse().find((x) => x.code && (to === undefined || x.to === to));
    if (!m?.code) throw new Error('no code sent');
    return m.code;
  }
}

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  clock: TestClock;
  inbox: Inbox;
  file: string;
  dir: string;
  close(): Promise<void>;
}

/** A seeded app on a fresh data file. */
export async function harness(): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deputy-server-'));
  const file = path.join(dir, 'data.json');
  const store = await LowdbStore.open(file);
  const clock = new TestClock();
  const partners = new Partners(store, clock);
  await partners.load();
  for (const partner of await demoPartners(clock.now())) await partners.commit(partner.id, [{ op: 'partner.put', partner }]);
  const inbox = new Inbox();
  const deps: Deps = { store, partners, clock, notifier: inbox, testClock: clock };
  return {
    app: createApp(deps), deps, clock, inbox, file, dir,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in caller: sends its cookie and CSRF token with every request. */
export interface Client {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
}

function cookieOf(res: Response): string | undefined {
  const set = res.headers.get('set-cookie');
  return set?.match(/deputy_session=([^;]*)/)?.[1];
}

export function post(h: Harness, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(h.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
}

/** Sign in through the API (second factor included when the preset asks for one). */
export async function signIn(h: Harness, partner: string, login: string, password = DEMO_PASSWORD): Promise<Client> {
  let res = await post(h, '/api/auth/sign-in', { partner, login, password });
  if (res.status !== 200) throw new Error(`sign-in of ${login} answered ${res.status}`);
  const first = (await res.json()) as { status: string; attempt?: string };
  if (first.status === 'second-factor') {
    res = await post(h, '/api/auth/second-factor', { attempt: first.attempt, code: h.inbox.lastCode() });
    if (res.status !== 200) throw new Error(`second factor of ${login} answered ${res.status}`);
  }
  const cookie = cookieOf(res);
  if (!cookie) throw new Error('no session cookie');
  return clientFor(h, cookie);
}

/** A client for an existing session cookie. */
export async function clientFor(h: Harness, cookie: string): Promise<Client> {
  const session = await h.app.request('/api/session', { headers: { cookie: `deputy_session=${cookie}` } });
  const csrf = session.status === 200 ? ((await session.json()) as { csrf: string }).csrf : '';
  const client: Client = {
    cookie,
    csrf,
    async request(method, url, body, headers = {}) {
      const res = await h.app.request(url, {
        method,
        headers: {
          cookie: `deputy_session=${client.cookie}`,
          'x-deputy-csrf': client.csrf,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const next = cookieOf(res);
      if (next) {
        client.cookie = next;
        const s = await h.app.request('/api/session', { headers: { cookie: `deputy_session=${next}` } });
        if (s.status === 200) client.csrf = ((await s.json()) as { csrf: string }).csrf;
      }
      return res;
    },
    async json(method, url, body) {
      const res = await client.request(method, url, body);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
  return client;
}

/** Username of a demo user: `<role>@<partner>`. */
export const demo = (role: string, partner: string) => `${role}@${partner}`;
