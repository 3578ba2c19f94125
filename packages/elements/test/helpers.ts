// Browser-side helpers of the component tests: tokens for demo users of the real server, a client
// to check the server's state, and waiting for elements to settle.
import { createClient, type DeputyClient } from '@deputy/client';
import { executeServerCommand } from '@web/test-runner-commands';

let apiBase: Promise<string> | undefined;

/** The base URL of the Deputy server started for this run. */
export function api(): Promise<string> {
  apiBase ??= executeServerCommand<string, undefined>('deputy-api');
  return apiBase;
}

/** An embed token for a demo user (`u-<role>`), minted with the partner's demo API key for this page's origin. */
export function tokenFor(partner: string, user: string): Promise<string> {
  return executeServerCommand<string, { partner: string; user: string; origin: string }>('deputy-embed-token', { partner, user, origin: location.origin });
}

/** A client acting as a demo user. */
export async function clientAs(partner: string, user: string): Promise<DeputyClient> {
  return createClient({ api: await api(), token: await tokenFor(partner, user) });
}

/** The latest outbox message sent to `to`. */
export function lastMessage(to: string): Promise<{ to: string; code?: string; subject: string; body: string } | null> {
  return executeServerCommand('deputy-outbox', { to });
}

/** Waits until `check` returns a truthy value (polling), or fails with `what`. */
export async function until<T>(check: () => T | undefined | null | false, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The shadow root of a Deputy element. */
export function shadow(el: HTMLElement): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`${el.localName} has no shadow root`);
  return el.shadowRoot;
}

/** Collects the events of one type an element dispatches. */
export function record<E extends Event>(el: EventTarget, type: string): E[] {
  const seen: E[] = [];
  el.addEventListener(type, (e) => seen.push(e as E));
  return seen;
}

/** A unique suffix for users a test creates. */
export function unique(): string {
  return Math.random().toString(36).slice(2, 8);
}

/**
 * Signs a demo user in with the session cookie, as a same-site page does (password, then the
 * second factor from the outbox when the preset asks for one); returns that cookie client.
 */
export async function signIn(partner: string, login: string): Promise<DeputyClient> {
  const client = createClient({ api: await api() });
  const first = await client.auth.signIn({ partner, login, password: 'deputy-demo-pass' });
  if (first.status === 'second-factor') {
    const message = await lastMessage(`${login.replace('@', '.')}@example.com`);
    if (!message?.code) throw new Error(`no sign-in code for ${login} in the outbox`);
    await client.auth.secondFactor({ attempt: first.attempt, code: message.code });
  }
  return client;
}

/** Runs `body` while the real server's answers to `GET /api/session` reach the page `ms` late. */
export async function withLateSession<T>(ms: number, body: () => Promise<T>): Promise<T> {
  const realFetch = window.fetch;
  window.fetch = async (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/api/session')) await new Promise((r) => setTimeout(r, ms));
    return realFetch(input, init);
  };
  try {
    return await body();
  } finally {
    window.fetch = realFetch;
  }
}
