import { describe, expect, it } from 'vitest';
import { chooseAccount, freshPage, pageToken, screenshot, signIn } from '../harness/host-page.ts';
import { guardedState } from './ui.ts';
import type { World } from './world.ts';

const P = 'client-sharing';
const panel = 'deputy-sharing-panel';

/** Seed 004: clients shared with groups at a right; the individual's role caps the group's right. */
export function clientSharingJourneys(w: World): void {
  describe('client-sharing', () => {
    it('an Admin shares a client with a group at view-only', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `admin@${P}`);
      await chooseAccount(page, 'gamma');
      const form = `${panel} form.field-row`;
      await page.locator(`${form} select`).first().selectOption('team');
      await page.locator(`${form} select`).nth(1).selectOption('view');
      await page.click(`${form} button[type=submit]`);
      await page.locator(`${panel} tr[data-group=team]`).waitFor();
      expect(await page.locator(`${panel} tr[data-group=team] select`).inputValue()).toBe('view');

      const admin = await w.deputy.as(P, 'u-admin');
      const { shares } = (await admin.get('/api/accounts/gamma/shares')).body;
      expect(shares.map((s: { group: { id: string }; right: string }) => [s.group.id, s.right]).sort()).toEqual([
        ['team', 'view'],
        ['viewers', 'admin'],
      ]);
      await screenshot(page, 'client-sharing-1-admin-shares-view-only');
      await page.close();
    });

    it('an Editor in that group signs in as view-only and every write is refused', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `editor@${P}`);
      await chooseAccount(page, 'gamma');
      const asView = page.locator(`${panel} #sign-in-view`);
      await expect.poll(() => asView.getAttribute('aria-disabled')).toBe('false');
      const asAdmin = await guardedState(page.locator(`${panel} #sign-in-admin`));
      expect(asAdmin.enabled).toBe(false);
      expect(asAdmin.reason).not.toBe('');
      await asView.click();
      const banner = page.locator('deputy-impersonation-banner [part=base]');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Gamma Client');
      expect(await banner.textContent()).toContain('View-only');

      const token = await pageToken(page);
      const call = (method: string, path: string, body?: unknown) => w.deputy.call(token, method, path, body);
      expect((await call('GET', '/api/session')).body).toMatchObject({ actor: { id: 'u-editor' }, subject: { account: { id: 'gamma' } }, mode: 'view' });
      const rights = (await call('GET', '/api/rights?account=gamma')).body as Array<{ action: string; allowed: boolean }>;
      expect(rights.find((r) => r.action === 'client.access')?.allowed).toBe(true);
      for (const write of ['client.edit', 'client.settings']) expect(rights.find((r) => r.action === write)?.allowed).toBe(false);
      expect((await call('PATCH', '/api/accounts/gamma', { name: 'Renamed' })).status).toBe(403);
      expect((await call('PUT', '/api/accounts/gamma/shares/viewers', { right: 'view' })).status).toBe(403);
      expect((await call('DELETE', '/api/accounts/gamma/shares/team')).status).toBe(403);
      expect((await call('PUT', '/api/accounts/gamma/assignments/u-viewOnly')).status).toBe(403);
      const held = (await (await w.deputy.as(P, 'u-admin')).get('/api/accounts?limit=50')).body.items.find((a: { id: string }) => a.id === 'gamma');
      expect(held.name).toBe('Gamma Client');
      await screenshot(page, 'client-sharing-2-editor-view-only');
      await page.click('deputy-impersonation-banner [part=sign-out]');
      await banner.waitFor({ state: 'detached' });
      await page.close();
    });

    it('a view-only role in a group with admin right still gets view-only', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `viewOnly@${P}`);
      await chooseAccount(page, 'gamma');
      const row = page.locator(`${panel} tr[data-user=u-viewOnly]`);
      await row.waitFor();
      expect(await row.locator('.right').textContent()).toBe('View-only');
      await expect.poll(() => page.locator(`${panel} #sign-in-view`).getAttribute('aria-disabled')).toBe('false');
      const asAdmin = await guardedState(page.locator(`${panel} #sign-in-admin`));
      expect(asAdmin.enabled).toBe(false);

      const viewOnly = await w.deputy.as(P, 'u-viewOnly');
      const shares = (await viewOnly.get('/api/accounts/gamma/shares')).body;
      const me = shares.users.find((u: { user: { id: string } }) => u.user.id === 'u-viewOnly');
      expect(me.right).toBe('view');
      expect(await row.locator('td.hint').textContent()).toBe(me.reasons.map((r: { text: string }) => r.text).join(' '));
      expect(shares.signIn.find((s: { mode: string }) => s.mode === 'admin').allowed).toBe(false);
      expect((await viewOnly.send('POST', '/api/check', { action: 'client.edit', target: { account: 'gamma' } })).body.allowed).toBe(false);
      expect((await viewOnly.send('POST', '/api/impersonation', { account: 'gamma', mode: 'admin' })).status).toBe(403);
      await screenshot(page, 'client-sharing-3-view-only-role-caps-admin-group');
      await page.close();
    });
  });
}
