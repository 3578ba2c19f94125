import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { freshPage, screenshot, signIn, submitSignIn } from '../harness/host-page.ts';
import { roleOption } from './ui.ts';
import type { World } from './world.ts';

const P = 'partner-portal';
const ALL_LEADS = ['lead-marketing', 'lead-registered', 'lead-distributed'];

/** The leads the host page lists for the signed-in user (those Deputy lets them see). */
const leads = (page: Page) => page.$$eval('#records li[data-deputy-lead]', (lis) => lis.map((li) => li.getAttribute('data-deputy-lead')));

/** Signs the Administrator in and sets the Sales user's roles through the role picker. */
async function setSalesRoles(w: World, roles: { marketing: boolean }): Promise<void> {
  const page = await freshPage(w.stack);
  await signIn(page, P, `administrator@${P}`);
  await page.selectOption('#role-user', 'u-sales');
  const picker = '#role-picker';
  const marketing = roleOption(page, picker, 'Marketing');
  await expect.poll(() => page.locator(picker).getAttribute('user')).toBe('u-sales');
  // The picker has loaded the Sales user's roles (not the previously selected user's) and is idle.
  await expect.poll(() => roleOption(page, picker, 'Sales').isChecked()).toBe(true);
  await page.locator(`${picker} [part=base][aria-busy=false]`).waitFor();
  await marketing.setChecked(roles.marketing);
  await page.click(`${picker} [part=save]`);
  await page.locator(`${picker} [role=status]`, { hasText: 'Saved.' }).waitFor();
  await screenshot(page, `partner-portal-administrator-sets-sales-${roles.marketing ? 'and-marketing' : 'alone'}`);
  await page.close();
}

/** Seed 002: several roles, the most permissive wins; Sales sees only its leads unless a setting says otherwise. */
export function partnerPortalJourneys(w: World): void {
  describe('partner-portal', () => {
    it('a user with Sales and Marketing sees every lead', async () => {
      await setSalesRoles(w, { marketing: true });
      const admin = await w.deputy.as(P, 'u-administrator');
      expect((await admin.user('u-sales'))?.roles.sort()).toEqual(['marketing', 'sales']);
      const page = await freshPage(w.stack);
      await signIn(page, P, `sales@${P}`);
      await expect.poll(() => leads(page)).toEqual(ALL_LEADS);
      await screenshot(page, 'partner-portal-1-sales-and-marketing-leads');
      await page.close();
    });

    it('with Sales alone, only the marketing lead and the one distributed to them', async () => {
      await setSalesRoles(w, { marketing: false });
      const sales = await w.deputy.as(P, 'u-sales');
      expect((await (await w.deputy.as(P, 'u-administrator')).user('u-sales'))?.roles).toEqual(['sales']);
      const page = await freshPage(w.stack);
      await signIn(page, P, `sales@${P}`);
      await expect.poll(() => leads(page)).toEqual(['lead-marketing', 'lead-distributed']);
      const registered = (await sales.send('POST', '/api/check', { action: 'leads.view', target: { lead: 'lead-registered' } })).body;
      expect(registered.allowed).toBe(false);
      await screenshot(page, 'partner-portal-2-sales-alone-leads');
      await page.close();
    });

    it('turning on lead visibility by role for Sales shows them the registered leads', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `administrator@${P}`);
      const sales = page.locator('#settings fieldset label', { hasText: /^Sales$/ }).locator('input');
      await sales.check();
      await page.click('#settings button[type=submit]');
      await page.locator('#settings-status', { hasText: 'Saved.' }).waitFor();
      const admin = await w.deputy.as(P, 'u-administrator');
      const setting = (await admin.get('/api/settings')).body.settings.find((s: { key: string }) => s.key === 'leadVisibilityByRole');
      expect(setting.value).toEqual(['sales']);
      await page.close();

      const salesPage = await freshPage(w.stack);
      await signIn(salesPage, P, `sales@${P}`);
      await expect.poll(() => leads(salesPage)).toEqual(ALL_LEADS);
      await screenshot(salesPage, 'partner-portal-3-lead-visibility-by-role');
      await salesPage.close();
    });

    it('a Sales Rep cannot sign in', async () => {
      const page = await freshPage(w.stack);
      expect(await submitSignIn(page, P, `salesRep@${P}`)).toBe('error');
      expect(await page.textContent('#sign-in-error')).toBe('Wrong login or password.');
      expect(await page.isHidden('#portal')).toBe(true);
      const direct = await w.deputy.call(undefined, 'POST', '/api/auth/sign-in', { partner: P, login: `salesRep@${P}`, password: 'deputy-demo-pass' });
      expect(direct.status).toBe(401);
      const listed = await (await w.deputy.as(P, 'u-administrator')).user('u-salesRep');
      expect(listed).toMatchObject({ roles: ['salesRep'] });
      await screenshot(page, 'partner-portal-4-sales-rep-refused');
      await page.close();
    });
  });
}
