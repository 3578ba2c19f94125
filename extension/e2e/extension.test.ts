import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RightEntry, SessionView, WireDecision } from '../src/api.ts';
import {
  api,
  badgeText,
  connect,
  ensureElementsBuilt,
  EXTENSION_DIR,
  launchWithExtension,
  openPopup,
  signIn,
  startHostPages,
  startServer,
  tabIdOf,
  type DeputyServer,
  type ExtensionBrowser,
} from './harness.ts';

/** Ports of origins on the demo partners' allow-list (embed tokens and credentialed CORS work only from there). */
const ALLOWED_PORTS = [5174, 5173];

const lensPage = (server: string) => `<!doctype html><title>Clients</title>
<script type="module" src="/elements/deputy-elements.js"></script>
<deputy-sharing-panel api="${server}" account="alpha"></deputy-sharing-panel>
<section data-deputy-account="alpha">
  <button data-deputy-action="client.access" id="alpha-access" title="Open">Open Alpha</button>
  <button data-deputy-action="client.edit" id="alpha-edit">Edit Alpha</button>
  <button data-deputy-action="client.settings" id="alpha-settings">Alpha settings</button>
</section>
<section data-deputy-account="gamma"><button data-deputy-action="client.edit" id="gamma-edit">Edit Gamma</button></section>
<button data-deputy-action="users.manage" id="users">Users</button>
<p id="plain">Not marked</p>`;

const widgetsPage = (server: string, token: string) => `<!doctype html><title>Widgets</title>
<script type="module" src="/elements/deputy-elements.js"></script>
<deputy-impersonation-banner id="good" api="${server}" token="${token}"></deputy-impersonation-banner>
<deputy-impersonation-banner id="bad" api="${server}" token="expired-or-made-up"></deputy-impersonation-banner>`;

/** Widgets on an embed token, and a host script that hands a new token to every widget, as host pages do (README). */
const tokenPage = (server: string, token: string) => `<!doctype html><title>Token widgets</title>
<script type="module" src="/elements/deputy-elements.js"></script>
<script>
  window.tokenChanges = [];
  window.addEventListener('deputy-impersonation-change', (e) => {
    if (!e.detail?.token) return;
    window.tokenChanges.push(e.detail.token);
    for (const el of document.querySelectorAll('[token]')) el.setAttribute('token', e.detail.token);
  });
</script>
<deputy-impersonation-banner api="${server}" token="${token}"></deputy-impersonation-banner>
<deputy-sharing-panel api="${server}" token="${token}" account="alpha"></deputy-sharing-panel>
<section data-deputy-account="alpha">
  <button data-deputy-action="client.access">Open Alpha</button>
  <button data-deputy-action="client.edit">Edit Alpha</button>
</section>`;

let server: DeputyServer;
let ext: ExtensionBrowser;
let host: Awaited<ReturnType<typeof startHostPages>>;
let hostPage: Page;
let hostTab: number;

/** Waits until the badge reads `text`; returns how long it took. */
async function badgeBecomes(text: string, withinMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < withinMs) {
    if ((await badgeText(ext)) === text) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`badge is "${await badgeText(ext)}", not "${text}", after ${withinMs} ms`);
}

/** An embed token for the client-sharing admin, usable from the host pages' origin. */
async function mintToken(): Promise<string> {
  const minted = await fetch(`${server.url}/api/embed-tokens`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-key-client-sharing', 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'u-admin', origin: host.url }),
  });
  if (!minted.ok) throw new Error(`minting an embed token failed: ${minted.status} ${await minted.text()}`);
  return ((await minted.json()) as { token: string }).token;
}

/** A call with an embed token (a GET, or a POST of `data`), made from the page: the server accepts the token from its origin only. */
function withToken<T>(page: Page, token: string, path: string, data?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([url, t, json]) => {
      const init = json === undefined ? {} : { method: 'POST', body: json, headers: { 'content-type': 'application/json' } };
      const res = await fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${t}` } });
      return { status: res.status, body: await res.json() };
    },
    [`${server.url}${path}`, token, data === undefined ? undefined : JSON.stringify(data)] as const,
  );
}

/** Back to the actor's own session, so a test does not depend on how the one before it ended. */
async function ownSession(): Promise<void> {
  const session = await api<SessionView>(ext, server.url, 'GET', '/api/session');
  if (session.subject) await api(ext, server.url, 'DELETE', '/api/impersonation');
}

beforeAll(async () => {
  await ensureElementsBuilt();
  [server, ext] = await Promise.all([startServer(), launchWithExtension()]);
  const pages: Record<string, string> = { '/': lensPage(server.url) };
  host = await startHostPages(pages, ALLOWED_PORTS);
  pages['/widgets.html'] = widgetsPage(server.url, await mintToken());
  pages['/token.html'] = tokenPage(server.url, await mintToken());
  await connect(ext, [server.url], [host.url]);
  await signIn(ext, server.url, 'client-sharing', 'admin@client-sharing');
  hostPage = await ext.context.newPage();
  await hostPage.goto(host.url);
  hostTab = await tabIdOf(ext, hostPage);
});

afterAll(async () => {
  await ext?.close();
  await Promise.all([server?.stop(), host?.stop()]);
});

describe('the extension against a real server', () => {
  it('shows the signed-in actor, not acting as anyone, and no badge', async () => {
    const popup = await openPopup(ext, hostTab);
    expect(await popup.getAttribute('body', 'data-state')).toBe('context');
    expect(await popup.textContent('#actor')).toBe('Admin User (admin@client-sharing)');
    expect(await popup.textContent('#subject')).toBe('Not acting as anyone.');
    expect(await popup.$('#sign-out-as')).toBeNull();
    expect(await badgeText(ext)).toBe('');
    await popup.close();
  });

  it('sets the badge within 2 s of an impersonation started from the sharing panel widget, by mode', async () => {
    const signInAsViewer = hostPage.locator('deputy-sharing-panel #sign-in-view');
    await expect.poll(() => signInAsViewer.isEnabled(), { timeout: 10_000 }).toBe(true);
    await signInAsViewer.click();
    expect(await badgeBecomes('VIEW', 2000)).toBeLessThanOrEqual(2000);
    const colour = await ext.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}));
    expect(colour.slice(0, 3)).toEqual([0x1d, 0x6f, 0xd1]);
  });

  it('shows the same context and rights as the server', async () => {
    const session = await api<SessionView>(ext, server.url, 'GET', '/api/session');
    const rights = await api<RightEntry[]>(ext, server.url, 'GET', '/api/rights?account=alpha');
    const popup = await openPopup(ext, hostTab);
    expect(await popup.textContent('#actor')).toBe(`Admin User (${session.actor.username})`);
    const subject = session.subject && 'account' in session.subject ? session.subject.account : undefined;
    expect(subject?.id).toBe('alpha');
    expect(await popup.textContent('#subject')).toBe(`${subject?.name} (client account)`);
    expect(await popup.textContent('#mode')).toBe('view-only');
    expect(await popup.textContent('#since')).toBe(await popup.evaluate((s) => new Date(s).toLocaleString(), session.since!));
    const shown = await popup.$$eval('#rights li[data-action]', (items) =>
      items.map((li) => ({
        action: li.getAttribute('data-action'),
        allowed: li.getAttribute('data-allowed') === 'true',
        reasons: li.querySelector('small')?.textContent ?? '',
      })),
    );
    expect(shown).toHaveLength(rights.length);
    const rowReasons = (r: RightEntry) => r.reasons.filter((x) => x.code !== 'impersonating').map((x) => x.text).join(' ');
    expect(shown).toEqual(expect.arrayContaining(rights.map((r) => ({ action: r.action, allowed: r.allowed, reasons: rowReasons(r) }))));
    const acting = rights.flatMap((r) => r.reasons).filter((x) => x.code === 'impersonating');
    expect(new Set(acting.map((x) => x.text)).size).toBe(1);
    expect(await popup.textContent('#acting-note')).toBe(acting[0]!.text);
    expect(rights.some((r) => r.allowed) && rights.some((r) => !r.allowed)).toBe(true);
    const areas = await popup.$$eval('#rights details', (ds) => ds.map((d) => d.getAttribute('data-area')));
    expect(areas).toEqual(Object.keys(session.policy.areas).filter((a) => rights.some((r) => r.area === a)));
    await mkdir(join(EXTENSION_DIR, 'test-results'), { recursive: true });
    await popup.screenshot({ path: join(EXTENSION_DIR, 'test-results', 'popup.png'), fullPage: true });
    await popup.close();
  });

  it('lens: outlines the marked elements as the server decides, with its reasons on hover, and switches off', async () => {
    const ids = ['alpha-access', 'alpha-edit', 'alpha-settings', 'gamma-edit', 'users'];
    const checks = await hostPage.$$eval('[data-deputy-action]', (els) =>
      els.map((el) => ({ action: el.getAttribute('data-deputy-action')!, target: { account: el.closest('[data-deputy-account]')?.getAttribute('data-deputy-account') ?? 'alpha' } })),
    );
    const { results } = await api<{ results: WireDecision[] }>(ext, server.url, 'POST', '/api/check/batch', { checks });
    const popup = await openPopup(ext, hostTab);
    await popup.check('#lens');
    await popup.waitForFunction(() => !['', 'Marking…'].includes(document.querySelector('#lens-status')?.textContent ?? ''));
    expect(await popup.textContent('#lens-status')).toBe(`${ids.length} elements marked.`);
    const marks = await hostPage.$$eval('[data-deputy-action]', (els) => els.map((el) => [el.getAttribute('data-deputy-lens'), el.getAttribute('title')]));
    expect(marks).toEqual(results.map((d) => [d.allowed ? 'allowed' : 'denied', [`Deputy: ${d.allowed ? 'allowed' : 'denied'}`, ...d.reasons.map((r) => r.text)].join('\n')]));
    expect(results.some((d) => d.allowed) && results.some((d) => !d.allowed)).toBe(true);
    expect(await hostPage.getAttribute('#plain', 'data-deputy-lens')).toBeNull();

    await popup.uncheck('#lens');
    await hostPage.waitForFunction(() => document.querySelectorAll('[data-deputy-lens]').length === 0);
    expect(await hostPage.getAttribute('#alpha-access', 'title')).toBe('Open');
    expect(await hostPage.getAttribute('#alpha-edit', 'title')).toBeNull();
    await popup.close();
  });

  it('signs out as in one click from the popup and clears the badge', async () => {
    const popup = await openPopup(ext, hostTab);
    await popup.click('#sign-out-as');
    await popup.waitForSelector('#subject:text("Not acting as anyone."), .context .error');
    expect(await popup.$$eval('.context .error', (es) => es.map((e) => e.textContent))).toEqual([]);
    const session = await api<SessionView>(ext, server.url, 'GET', '/api/session');
    expect(session.subject).toBeUndefined();
    expect(session.actor.username).toBe('admin@client-sharing');
    expect(await badgeText(ext)).toBe('');
    await popup.close();
  });

  it('clears the badge within 2 s of an impersonation ending elsewhere', async () => {
    await ownSession();
    await api(ext, server.url, 'POST', '/api/impersonation', { account: 'gamma', mode: 'admin+settings' });
    await badgeBecomes('ADM+', 2000);
    await api(ext, server.url, 'DELETE', '/api/impersonation');
    expect(await badgeBecomes('', 2000)).toBeLessThanOrEqual(2000);
  });

  it('checker: decides for another user with the same reasons as the server', async () => {
    await ownSession();
    for (const [user, action] of [
      ['u-viewOnly', 'client.edit'],
      ['u-editor', 'client.edit'],
    ] as const) {
      const expected = await api<WireDecision>(ext, server.url, 'POST', '/api/check', { user, action, target: { account: 'alpha' } });
      const popup = await openPopup(ext, hostTab);
      await popup.click('#checker-panel summary');
      await popup.waitForSelector(`#checker select[name=user] option[value="${user}"]`, { state: 'attached' });
      await popup.selectOption('#checker select[name=user]', user);
      await popup.selectOption('#checker select[name=action]', action);
      await popup.selectOption('#checker select[name=account]', 'alpha');
      await popup.click('#checker button[type=submit]');
      await popup.waitForSelector('#check-result [data-allowed], #check-result .error');
      expect(await popup.$$eval('#check-result .error', (es) => es.map((e) => e.textContent))).toEqual([]);
      expect(await popup.getAttribute('#check-result [data-allowed]', 'data-allowed')).toBe(String(expected.allowed));
      expect(await popup.$$eval('#check-result li', (lis) => lis.map((li) => li.textContent))).toEqual(expected.reasons.map((r) => r.text));
      await popup.close();
    }
  });

  it('widget inspector: lists the widgets, their server, whether the token works, and the last error with its fix', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${host.url}/widgets.html`);
    await page.waitForFunction(() => customElements.get('deputy-impersonation-banner') !== undefined);
    const popup = await openPopup(ext, await tabIdOf(ext, page));
    await popup.click('#inspector-panel summary');
    await popup.waitForSelector('#widgets li[data-widget]');
    const items = await popup.$$eval('#widgets li[data-widget]', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(items).toHaveLength(2);
    expect(items[0]).toContain(`server: ${server.url}`);
    expect(items[0]).toContain('token valid for admin@client-sharing');
    expect(items[0]).toContain('no error seen');
    expect(items[1]).toContain('token not usable');
    expect(items[1]).toContain('last error (unauthenticated)');
    expect(items[1]).toContain('POST /api/embed-tokens');
    await popup.close();
    await page.close();
  });

  it('widgets on an embed token: the popup shows the token session\'s impersonation and rights, signs out as with the token, and the badge follows', async () => {
    await ownSession();
    await badgeBecomes('', 2000);
    const page = await ext.context.newPage();
    await page.goto(`${host.url}/token.html`);
    const first = (await page.getAttribute('deputy-sharing-panel', 'token'))!;
    const signInAsViewer = page.locator('deputy-sharing-panel #sign-in-view');
    await expect.poll(() => signInAsViewer.isEnabled(), { timeout: 10_000 }).toBe(true);
    await signInAsViewer.click();
    await page.waitForFunction((old) => document.querySelector('deputy-impersonation-banner')?.getAttribute('token') !== old, first);
    const token = (await page.getAttribute('deputy-impersonation-banner', 'token'))!;
    const session = (await withToken<SessionView>(page, token, '/api/session')).body;
    const rights = (await withToken<RightEntry[]>(page, token, '/api/rights?account=alpha')).body;
    const subject = session.subject && 'account' in session.subject ? session.subject.account : undefined;
    expect(subject?.id).toBe('alpha');
    // The cookie session of the same user acts as nobody: what the popup and the badge show is the token's.
    expect((await api<SessionView>(ext, server.url, 'GET', '/api/session')).subject).toBeUndefined();
    await badgeBecomes('VIEW', 2000);

    const tab = await tabIdOf(ext, page);
    const popup = await openPopup(ext, tab);
    expect(await popup.textContent('#actor')).toBe(`Admin User (${session.actor.username})`);
    expect(await popup.textContent('#subject')).toBe(`${subject?.name} (client account)`);
    expect(await popup.textContent('#mode')).toBe('view-only');
    expect(await popup.textContent('#source')).toContain('embed token');
    const shown = await popup.$$eval('#rights li[data-action]', (items) => items.map((li) => ({ action: li.getAttribute('data-action'), allowed: li.getAttribute('data-allowed') === 'true' })));
    expect(shown).toHaveLength(rights.length);
    expect(shown).toEqual(expect.arrayContaining(rights.map((r) => ({ action: r.action, allowed: r.allowed }))));

    // The lens decides with the token too: view-only on Alpha opens it but does not edit it.
    const checks = ['client.access', 'client.edit'].map((action) => ({ action, target: { account: 'alpha' } }));
    const { results } = (await withToken<{ results: WireDecision[] }>(page, token, '/api/check/batch', { checks })).body;
    expect(results.map((d) => d.allowed)).toEqual([true, false]);
    await popup.check('#lens');
    await popup.waitForFunction(() => !['', 'Marking…'].includes(document.querySelector('#lens-status')?.textContent ?? ''));
    expect(await popup.textContent('#lens-status')).toBe('2 elements marked.');
    expect(await page.$$eval('[data-deputy-action]', (els) => els.map((el) => el.getAttribute('data-deputy-lens')))).toEqual(['allowed', 'denied']);
    await popup.uncheck('#lens');

    await popup.click('#sign-out-as');
    await popup.waitForSelector('#subject:text("Not acting as anyone."), .context .error');
    expect(await popup.$$eval('.context .error', (es) => es.map((e) => e.textContent))).toEqual([]);
    await popup.close();
    const next = (await page.getAttribute('deputy-impersonation-banner', 'token'))!;
    expect(next).not.toBe(token);
    expect(await page.evaluate(() => (window as unknown as { tokenChanges: string[] }).tokenChanges.at(-1))).toBe(next);
    const after = await withToken<SessionView>(page, next, '/api/session');
    expect(after.status).toBe(200);
    expect(after.body.actor.username).toBe('admin@client-sharing');
    expect(after.body.subject).toBeUndefined();
    expect((await withToken(page, token, '/api/session')).status).toBe(401);
    expect(await badgeBecomes('', 2000)).toBeLessThanOrEqual(2000);
    await page.close();
  });
});
