import { describe, expect, it } from 'vitest';
import { chooseAccount, freshPage, optionValues, pageToken, screenshot, signIn, userRow } from '../harness/host-page.ts';
import { guardedState, reasonTexts, roleOption } from './ui.ts';
import type { World } from './world.ts';

const P = 'operator-portal';

/** Seed 000: operators with a second factor, System Managers below Admins, impersonation, Secure roles. */
export function operatorPortalJourneys(w: World): void {
  describe('operator-portal', () => {
    it('an Admin signs in with the second factor, adds an operator and makes them System Manager', async () => {
      const page = await freshPage(w.stack);
      const { secondFactor } = await signIn(page, P, `admin@${P}`);
      expect(secondFactor?.prompt).toContain('sent by email');
      expect(secondFactor?.code).toMatch(/^\d{6}$/);

      const manager = 'deputy-user-manager';
      await page.click(`${manager} [part=add]`);
      await page.fill(`${manager} dialog input[name=firstName]`, 'Nora');
      await page.fill(`${manager} dialog input[name=lastName]`, 'Newhire');
      await page.fill(`${manager} dialog input[name=email]`, 'nora.newhire@example.com');
      await roleOption(page, `${manager} dialog deputy-role-picker`, 'Support').check();
      await page.click(`${manager} dialog button[type=submit]`);
      const row = page.locator(`${manager} [data-user]`, { hasText: 'Nora Newhire' });
      await row.waitFor();
      const id = (await row.getAttribute('data-user'))!;

      await page.click(`${manager} #assignRole-${id}`);
      await roleOption(page, `${manager} dialog deputy-role-picker`, 'System Manager').check();
      await page.locator(`${manager} dialog deputy-role-picker [part=preview]`).waitFor();
      await page.click(`${manager} dialog deputy-role-picker [part=save]`);
      await page.locator(`${manager} dialog deputy-role-picker [role=status]`, { hasText: 'Saved.' }).waitFor();
      await page.click(`${manager} dialog .dialog-actions button`);
      await expect.poll(() => row.locator('.roles').textContent()).toBe('System Manager');

      const admin = await w.deputy.as(P, 'u-admin');
      const held = await admin.user(id);
      expect(held).toMatchObject({ firstName: 'Nora', roles: ['systemManager'], status: 'invited' });
      await screenshot(page, 'operator-portal-1-admin-adds-system-manager');
      await page.close();
    });

    it("a System Manager sees the Admin rows' edit actions disabled with the reason, and the API refuses them", async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `systemManager@${P}`);
      const sm = await w.deputy.as(P, 'u-systemManager');
      const expected = (await sm.get('/api/users?kind=operator&limit=100')).body.items as Array<{ id: string; actions: Record<string, { allowed: boolean; reasons: Array<{ text: string }> }> }>;
      for (const adminId of ['u-admin', 'u-admin-secure']) {
        await userRow(page, adminId).waitFor();
        for (const action of ['edit', 'assignRole', 'block']) {
          const state = await guardedState(page.locator(`deputy-user-manager #${action}-${adminId}`));
          const decision = expected.find((u) => u.id === adminId)!.actions[action]!;
          expect(decision.allowed).toBe(false);
          expect(state).toEqual({ enabled: false, reason: reasonTexts(decision) });
          expect(state.reason).not.toBe('');
        }
      }
      expect((await guardedState(page.locator('deputy-user-manager #edit-u-support'))).enabled).toBe(true);

      const refused = await sm.send('PATCH', '/api/users/u-admin', { firstName: 'Mallory' });
      expect(refused.status).toBe(403);
      const roles = await sm.send('PUT', '/api/users/u-admin/roles', { roles: ['sales'] });
      expect(roles.status).toBe(403);
      expect(await sm.user('u-admin')).toMatchObject({ firstName: 'Admin', roles: ['admin'] });
      await screenshot(page, 'operator-portal-2-system-manager-admin-rows');
      await page.close();
    });

    it('a Support operator signs in to a client account: the banner and the extension show it, sign out as ends it', async () => {
      const page = await freshPage(w.stack);
      const { secondFactor } = await signIn(page, P, `support@${P}`);
      expect(secondFactor?.prompt).toContain('sent by SMS');
      await chooseAccount(page, 'acme');
      const signInAs = page.locator('deputy-sharing-panel #sign-in-admin');
      await expect.poll(() => signInAs.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');
      await signInAs.click();
      const banner = page.locator('deputy-impersonation-banner [part=base]');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Acme Dental');
      expect(await banner.textContent()).toContain('Support Operator');

      const token = await pageToken(page);
      const session = (await w.deputy.call(token, 'GET', '/api/session')).body;
      expect(session.subject.account.id).toBe('acme');
      expect(session.actor.id).toBe('u-support');

      await connectExtension(w);
      const tab = await tabIdOf(w, page.url());
      const popup = await w.stack.context.newPage();
      await popup.goto(`chrome-extension://${w.stack.extensionId}/popup.html?tab=${tab}`);
      await popup.waitForSelector('body[data-state]');
      expect(await popup.textContent('#actor')).toBe('Support Operator (support@operator-portal)');
      expect(await popup.textContent('#subject')).toBe('Acme Dental (client account)');
      expect(await popup.textContent('#mode')).toBe('admin');
      await screenshot(popup, 'operator-portal-3-extension-popup');
      await popup.close();

      await page.click('deputy-impersonation-banner [part=sign-out]');
      await banner.waitFor({ state: 'detached' });
      const after = (await w.deputy.call(await pageToken(page), 'GET', '/api/session')).body;
      expect(after.actor.id).toBe('u-support');
      expect(after.subject).toBeUndefined();
      expect((await w.deputy.call(token, 'GET', '/api/session')).status).toBe(401);
      await screenshot(page, 'operator-portal-3-support-signed-out-as');
      await page.close();
    });

    it('a Sales operator can no longer sign in to an account once it is setup-completed', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `sales@${P}`);
      await chooseAccount(page, 'starter');
      const signInAs = page.locator('deputy-sharing-panel #sign-in-admin');
      await expect.poll(() => signInAs.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');

      const admin = await w.deputy.as(P, 'u-admin');
      expect((await admin.send('PATCH', '/api/accounts/starter', { setupCompleted: true })).status).toBe(200);
      await page.reload();
      await page.waitForSelector('#portal:not([hidden])');
      await chooseAccount(page, 'starter');
      await expect.poll(() => signInAs.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('true');
      const sales = await w.deputy.as(P, 'u-sales');
      const decision = (await sales.send('POST', '/api/check', { action: 'account.impersonate', target: { account: 'starter' } })).body;
      expect(decision.allowed).toBe(false);
      expect((await guardedState(signInAs)).reason).toContain(decision.reasons[0].text);
      expect((await sales.send('POST', '/api/impersonation', { account: 'starter', mode: 'admin' })).status).toBe(403);
      expect((await sales.get('/api/session')).body.subject).toBeUndefined();
      await screenshot(page, 'operator-portal-4-sales-setup-completed');
      await page.close();
    });

    it('only Secure roles reach a secure account', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `support@${P}`);
      expect(await optionValues(page, '#account')).not.toContain('health');
      const support = await w.deputy.as(P, 'u-support');
      expect((await support.send('POST', '/api/impersonation', { account: 'health', mode: 'view' })).status).toBeGreaterThanOrEqual(403);
      expect((await support.get('/api/accounts/health/shares')).status).toBeGreaterThanOrEqual(403);
      await page.close();

      const secure = await freshPage(w.stack);
      await signIn(secure, P, `support-secure@${P}`);
      expect(await optionValues(secure, '#account')).toContain('health');
      await chooseAccount(secure, 'health');
      const signInAs = secure.locator('deputy-sharing-panel #sign-in-view');
      await expect.poll(() => signInAs.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');
      await signInAs.click();
      await secure.locator('deputy-impersonation-banner [part=base]', { hasText: 'Harbor Health' }).waitFor();
      const session = (await w.deputy.call(await pageToken(secure), 'GET', '/api/session')).body;
      expect(session).toMatchObject({ actor: { id: 'u-support-secure' }, subject: { account: { id: 'health', secure: true } }, mode: 'view' });
      await screenshot(secure, 'operator-portal-5-secure-support-in-secure-account');
      await secure.click('deputy-impersonation-banner [part=sign-out]');
      await secure.locator('deputy-impersonation-banner [part=base]').waitFor({ state: 'detached' });
      await secure.close();
    });
  });
}

/** Adds the Deputy server and the host page in the extension's options, as its README tells a user to. */
async function connectExtension(w: World): Promise<void> {
  const options = await w.stack.context.newPage();
  await options.goto(`chrome-extension://${w.stack.extensionId}/options.html`);
  for (const [form, url] of [
    ['#add-server', w.stack.api],
    ['#add-page', w.stack.host],
  ] as const) {
    await options.fill(`${form} input[name=url]`, url);
    await options.click(`${form} button[type=submit]`);
    await options.waitForFunction((text) => document.querySelector('#status')?.textContent === text, `Added ${url}.`);
  }
  await options.close();
}

/** The browser tab id of the page at `url`, asked of the extension's service worker. */
async function tabIdOf(w: World, url: string): Promise<number> {
  const id = await w.stack.worker.evaluate(async (u) => {
    const tabs = await (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } } }).chrome.tabs.query({});
    return tabs.find((t) => t.url === u)?.id;
  }, url);
  if (id === undefined) throw new Error(`no tab for ${url}`);
  return id;
}
