/**
 * Real server processes on one PostgreSQL schema, for the multi-process tests and the benchmark:
 * each is `node --import tsx src/main.ts` on its own port, so kill -9 hits the server itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDatabaseUrl } from '../store/postgres-testing.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  proc: ChildProcess;
  base: string;
  /** kill -9, resolving once the process is gone */
  kill9(): Promise<void>;
  /** SIGTERM, resolving once the process is gone */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** PostgreSQL schema; omit to run on the lowdb file `data` */
  schema?: string;
  data: string;
  outbox: string;
  seed?: boolean;
  env?: Record<string, string>;
  /** flags for node itself, e.g. a larger heap */
  nodeArgs?: string[];
}

/** Start one server process and wait until it listens. */
export async function startServer(o: StartOptions): Promise<ServerProcess> {
  const args = [...(o.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts', '--data', o.data, '--port', '0', '--outbox', o.outbox, ...(o.seed ? ['--seed', 'demo'] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  delete env.DATABASE_URL;
  if (o.schema) Object.assign(env, { DATABASE_URL: await appDatabaseUrl(), DEPUTY_PG_SCHEMA: o.schema });
  const proc = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const end = (signal: NodeJS.Signals) => () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return gone;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve({ proc, base: m[1]!, kill9: end('SIGKILL'), stop: end('SIGTERM') });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void gone.then(() => reject(new Error(`server exited before listening: ${out}`)));
  });
}

/** A signed-in caller whose cookie works on every process (sessions live in the store). */
export class Caller {
  constructor(
    public cookie: string,
    public csrf: string,
  ) {}

  /** Send a request to the process at `base`; a new session cookie in the answer replaces ours. */
  async request(base: string, method: string, url: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie: `deputy_session=${this.cookie}`,
        'x-deputy-csrf': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const next = res.headers.get('set-cookie')?.match(/deputy_session=([^;]+)/)?.[1];
    if (next) {
      this.cookie = next;
      this.csrf = ((await (await fetch(`${base}/api/session`, { headers: { cookie: `deputy_session=${next}` } })).json()) as { csrf: string }).csrf;
    }
    return res;
  }

  async json<T = any>(base: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.request(base, method, url, body);
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
  }
}

/** POST /api/auth/sign-in through `base`: its status, and the parsed answer. */
export async function trySignIn(base: string, partner: string, login: string, password = 'deputy-demo-pass'): Promise<Response> {
  return fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partner, login, password }),
  });
}

/** Sign in through `base`, taking a second-factor code from the outbox when the preset asks for one. */
export async function signIn(base: string, outbox: string, partner: string, login: string): Promise<Caller> {
  let res = await trySignIn(base, partner, login);
  if (res.status !== 200) throw new Error(`sign-in of ${login} answered ${res.status}`);
  const first = (await res.json()) as { status: string; attempt?: string };
  if (first.status === 'second-factor') {
    res = await fetch(`${base}/api/auth/second-factor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ attempt: first.attempt, code: await lastCode(outbox, login) }),
    });
    if (res.status !== 200) throw new Error(`second factor of ${login} answered ${res.status}`);
  }
  const cookie = res.headers.get('set-cookie')!.match(/deputy_session=([^;]+)/)![1]!;
  const session = (await (await fetch(`${base}/api/session`, { headers: { cookie: `deputy_session=${cookie}` } })).json()) as { csrf: string };
  return new Caller(cookie, session.csrf);
}

/** The newest one-time code the outbox holds for a demo user (`role@partner` mails `role.partner@example.com`). */
export async function lastCode(outbox: string, login: string): Promise<string> {
  const to = `${login.replace('@', '.')}@example.com`;
  const names = (await readdir(outbox)).sort().reverse();
  for (const name of names) {
    const m = JSON.parse(await readFile(path.join(outbox, name), 'utf8')) as { to: string; code?: string };
    if (m.to === to && m.code) return m.code;
  }
  throw new Error(`no code for ${to} in ${outbox}`);
}
