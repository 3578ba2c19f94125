import { describe, expect, it } from 'vitest';
import { freshPage, optionValues, screenshot, signIn, submitSignIn, userRow } from '../harness/host-page.ts';
import type { World } from './world.ts';

const P = 'integrator-portal';
const DAY = 24 * 60 * 60 * 1000;
const manager = 'deputy-user-manager';

/** Seed 003: lock-out, expiry, disable with *show disabled*, and consultants on assigned merchants. */
export function integratorPortalJourneys(w: World): void {
  describe('integrator-portal', () => {
    it('three wrong passwords lock a user; a Portal Admin unlocks them', async () => {
      const page = await freshPage(w.stack);
      for (let i = 0; i < 3; i++) {
        expect(await submitSignIn(page, P, `onboardingEdit@${P}`, 'not-the-password')).toBe('error');
        expect(await page.textContent('#sign-in-error')).toBe('Wrong login or password.');
      }
      expect(await submitSignIn(page, P, `onboardingEdit@${P}`, 'deputy-demo-pass')).toBe('error');
      const admin = await w.deputy.as(P, 'u-portalAdmin');
      expect((await admin.user('u-onboardingEdit'))?.status).toBe('locked');
      await page.close();

      const adminPage = await freshPage(w.stack);
      await signIn(adminPage, P, `portalAdmin@${P}`);
      const row = userRow(adminPage, 'u-onboardingEdit');
      await expect.poll(() => row.locator('[part=status]').textContent()).toBe('Locked');
      await adminPage.click(`${manager} #unlock-u-onboardingEdit`);
      await expect.poll(() => row.locator('[part=status]').textContent()).toBe('Active');
      expect((await admin.user('u-onboardingEdit'))?.status).toBe('active');
      await screenshot(adminPage, 'integrator-portal-1-admin-unlocked');
      await adminPage.close();

      const again = await freshPage(w.stack);
      await signIn(again, P, `onboardingEdit@${P}`);
      await again.close();
    });

    it('disabled users leave the list unless *show disabled* is on', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `portalAdmin@${P}`);
      const row = userRow(page, 'u-projectManagement');
      await row.waitFor();
      await page.click(`${manager} #disable-u-projectManagement`);
      await row.waitFor({ state: 'detached' });
      await page.locator(`${manager} label.inline input[type=checkbox]`).check();
      await expect.poll(() => row.locator('[part=status]').textContent()).toBe('Disabled');
      const admin = await w.deputy.as(P, 'u-portalAdmin');
      expect((await admin.user('u-projectManagement'))?.status).toBe('disabled');
      expect((await admin.get('/api/users?kind=operator&limit=100')).body.items.map((u: { id: string }) => u.id)).not.toContain('u-projectManagement');
      await screenshot(page, 'integrator-portal-2-show-disabled');
      await page.close();
    });

    it('an Onboarding View consultant sees only the assigned merchant, read-only', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `onboardingView@${P}`);
      expect(await optionValues(page, '#account')).toEqual(['alpha']);
      const consultant = await w.deputy.as(P, 'u-onboardingView');
      const rights = (await consultant.get('/api/rights?account=alpha')).body as Array<{ action: string; allowed: boolean; right?: string }>;
      expect(rights.some((r) => r.allowed)).toBe(true);
      const session = (await consultant.get('/api/session')).body;
      const rightOf = new Map<string, string>(session.policy.actions.map((a: { id: string; right: string }) => [a.id, a.right]));
      expect(rights.filter((r) => r.allowed && rightOf.get(r.action) !== 'view')).toEqual([]);
      expect((await consultant.send('PATCH', '/api/accounts/alpha', { name: 'Renamed' })).status).toBe(403);
      expect((await consultant.get('/api/rights?account=beta')).status).toBeGreaterThanOrEqual(403);
      expect((await consultant.get('/api/accounts?limit=50')).body.items.map((a: { id: string }) => a.id)).toEqual(['alpha']);
      await screenshot(page, 'integrator-portal-3-onboarding-view');
      await page.close();
    });

    // Moves the server clock: runs last.
    it('a user idle for 80 days expires and a Portal Admin re-activates them', async () => {
      await w.deputy.advanceClock(79 * DAY);
      const adminPage = await freshPage(w.stack);
      await signIn(adminPage, P, `portalAdmin@${P}`);
      await adminPage.close();
      await w.deputy.advanceClock(2 * DAY);

      const page = await freshPage(w.stack);
      expect(await submitSignIn(page, P, `onboardingView@${P}`)).toBe('error');
      const admin = await w.deputy.as(P, 'u-portalAdmin');
      expect((await admin.user('u-onboardingView'))?.status).toBe('expired');
      await page.close();

      const again = await freshPage(w.stack);
      await signIn(again, P, `portalAdmin@${P}`);
      const row = userRow(again, 'u-onboardingView');
      await expect.poll(() => row.locator('[part=status]').textContent()).toBe('Expired');
      await again.click(`${manager} #activate-u-onboardingView`);
      await expect.poll(() => row.locator('[part=status]').textContent()).toBe('Active');
      expect((await admin.user('u-onboardingView'))?.status).toBe('active');
      await screenshot(again, 'integrator-portal-4-expired-reactivated');
      await again.close();

      const back = await freshPage(w.stack);
      await signIn(back, P, `onboardingView@${P}`);
      await back.close();
    });
  });
}
