/**
 * Against real server processes (node + tsx, one process each so that kill -9 hits the server itself):
 * crash durability, concurrent changes, the file lock, and a corrupt file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let file: string;

interface Running {
  proc: ChildProcess;
  base: string;
}

function start(extra: string[] = []): Promise<Running> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--data', file, '--port', '0', '--seed', 'demo', '--outbox', path.join(dir, 'out'), ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve({ proc, base: m[1]! });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Run a server expected to refuse to start: its exit code and output. */
function startFails(): Promise<{ code: number | null; out: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--data', file, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => proc.on('exit', (code) => resolve({ code, out })));
}

function kill9(r: Running): Promise<void> {
  return new Promise((resolve) => {
    r.proc.removeAllListeners('exit');
    r.proc.on('exit', () => resolve());
    r.proc.kill('SIGKILL');
  });
}

async function signIn(base: string, login = 'admin@client-sharing'): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partner: 'client-sharing', login, password: 'deputy-demo-pass' }),
  });
  const cookie = res.headers.get('set-cookie')!.match(/deputy_session=([^;]+)/)![1]!;
  const session = (await (await fetch(`${base}/api/session`, { headers: { cookie: `deputy_session=${cookie}` } })).json()) as { csrf: string };
  return { cookie, csrf: session.csrf };
}

function createGroup(base: string, auth: { cookie: string; csrf: string }, name: string): Promise<Response> {
  return fetch(`${base}/api/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `deputy_session=${auth.cookie}`, 'x-deputy-csrf': auth.csrf },
    body: JSON.stringify({ name, members: [] }),
  });
}

async function groupNames(base: string): Promise<Set<string>> {
  const auth = await signIn(base);
  const res = await fetch(`${base}/api/groups`, { headers: { cookie: `deputy_session=${auth.cookie}` } });
  return new Set(((await res.json()) as { items: Array<{ name: string }> }).items.map((g) => g.name));
}

/** A GET sent as raw HTTP/1.1, so that a header can be sent twice: the status and the body. */
function rawGet(base: string, target: string, headerLines: string[]): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end([`GET ${target} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close', ...headerLines, '', ''].join('\r\n'));
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('end', () => resolve({ status: Number(text.slice(9, 12)), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'deputy-process-'));
  file = path.join(dir, 'data.json');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a real server process', () => {
  it('keeps a change answered 200 through kill -9 and restart', async () => {
    const first = await start();
    const auth = await signIn(first.base);
    const res = await createGroup(first.base, auth, 'survives-kill');
    expect(res.status).toBe(201);
    await kill9(first);
    const second = await start();
    expect(await groupNames(second.base)).toContain('survives-kill');
    await kill9(second);
  });

  it('keeps every acknowledged one of 1,000 concurrent changes through kill -9', async () => {
    const server = await start();
    const auth = await signIn(server.base);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => createGroup(server.base, auth, `concurrent-${i}`).then((r) => ({ i, ok: r.status === 201 }), () => ({ i, ok: false }))),
    );
    const acknowledged = results.filter((r) => r.ok).map((r) => `concurrent-${r.i}`);
    expect(acknowledged.length).toBe(1000);
    await kill9(server);
    const again = await start();
    const names = await groupNames(again.base);
    for (const name of acknowledged) expect(names.has(name)).toBe(true);
    await kill9(again);
  }, 60_000);

  it('refuses oversized bodies over real HTTP, announced or streamed, and keeps serving', async () => {
    const server = await start();
    const auth = await signIn(server.base);
    const headers = { 'content-type': 'application/json', cookie: `deputy_session=${auth.cookie}`, 'x-deputy-csrf': auth.csrf };
    const big = JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) });
    const announced = await fetch(`${server.base}/api/groups`, { method: 'POST', headers, body: big });
    expect(announced.status).toBe(413);
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.base}/api/groups`, { method: 'POST', headers, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await createGroup(server.base, auth, 'after-big')).status).toBe(201);
    await kill9(server);
  });

  it('reads the session and the origin of a check from the headers Node parsed, as hono would', async () => {
    const server = await start();
    const { cookie } = await signIn(server.base);
    const check = '/api/check?action=client.settings&account=beta';
    const allowed = (r: { status: number; body: string }) => r.status === 200 && (JSON.parse(r.body) as { allowed: boolean }).allowed;
    expect(allowed(await rawGet(server.base, check, [`Cookie: deputy_session=${cookie}`]))).toBe(true);
    // two Cookie lines are one cookie header to both readers ("; " between them)
    expect(allowed(await rawGet(server.base, check, ['Cookie: theme=dark', `Cookie:  deputy_session=${cookie} `]))).toBe(true);
    expect((await rawGet(server.base, check, ['Cookie: theme=dark'])).status).toBe(401);
    expect((await rawGet(server.base, check, [])).status).toBe(401);
    // an embed token: only from its own origin; two Authorization lines are no token at all
    const minted = await fetch(`${server.base}/api/embed-tokens`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-key-client-sharing', 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'u-admin', origin: 'http://localhost:5174' }),
    });
    const { token } = (await minted.json()) as { token: string };
    expect(allowed(await rawGet(server.base, check, [`Authorization: Bearer ${token}`, 'Origin: http://localhost:5174']))).toBe(true);
    expect((await rawGet(server.base, check, [`Authorization: Bearer ${token}`, 'Origin: http://localhost:5173'])).status).toBe(403);
    expect((await rawGet(server.base, check, [`Authorization: Bearer ${token}`, `Authorization: Bearer ${token}`, 'Origin: http://localhost:5174'])).status).toBe(401);
    await kill9(server);
  });

  it('reads each request\'s own credential on a keep-alive connection that changes it', async () => {
    const server = await start();
    const admin = await signIn(server.base);
    const editor = await signIn(server.base, 'editor@client-sharing');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const actorOf = (headers: Record<string, string>) =>
      new Promise<string | number>((resolve, reject) => {
        const req = request(`${server.base}/api/session`, { agent, headers }, (res) => {
          sockets.add(res.socket);
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(text) as { actor: { id: string } }).actor.id : res.statusCode!));
        });
        req.on('error', reject);
        req.end();
      });
    const as = (auth: { cookie: string }) => ({ cookie: `deputy_session=${auth.cookie}` });
    expect(await actorOf(as(admin))).toBe('u-admin');
    expect(await actorOf(as(editor))).toBe('u-editor');
    expect(await actorOf({})).toBe(401);
    expect(await actorOf(as(admin))).toBe('u-admin');
    expect(await actorOf({ ...as(admin), authorization: 'Bearer not-a-token' })).toBe(401);
    // the admin signs out elsewhere: the same header on this connection no longer works
    const out = await fetch(`${server.base}/api/auth/sign-out`, { method: 'POST', headers: { ...as(admin), 'x-deputy-csrf': admin.csrf } });
    expect(out.status).toBeLessThan(300);
    expect(await actorOf(as(admin))).toBe(401);
    expect(await actorOf(as(editor))).toBe('u-editor');
    expect(sockets.size).toBe(1);
    agent.destroy();
    await kill9(server);
  });

  it('closes gracefully on SIGTERM: exit 0, the journal folded into the snapshot, the lock released', async () => {
    const server = await start();
    const auth = await signIn(server.base);
    expect((await createGroup(server.base, auth, 'graceful')).status).toBe(201);
    server.proc.removeAllListeners('exit');
    const code = await new Promise<number | null>((resolve) => {
      server.proc.once('exit', resolve);
      server.proc.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect((await readFile(`${file}.journal`, 'utf8')).length).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('"graceful"');
    await expect(readFile(`${file}.lock`, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a second process on the same file', async () => {
    const owner = await start();
    const second = await startFails();
    expect(second.code).not.toBe(0);
    expect(second.out).toMatch(/in use by process/);
    expect((await fetch(`${owner.base}/api/session`)).status).toBe(401);
    owner.proc.kill('SIGTERM');
    await new Promise((r) => owner.proc.once('exit', r));
  });

  it('refuses to start on a corrupt file and leaves it untouched', async () => {
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, 100));
    const run = await startFails();
    expect(run.code).not.toBe(0);
    expect(run.out).toMatch(/corrupt or truncated/);
    expect(await readFile(file, 'utf8')).toBe(text.slice(0, 100));
  });
});
