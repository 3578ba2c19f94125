import { describe, expect, it } from 'vitest';
import { chooseAccount, freshPage, screenshot, signIn, userRow } from '../harness/host-page.ts';
import { guardedState, reasonTexts, roleOption } from './ui.ts';
import type { World } from './world.ts';

const P = 'member-portal';
const manager = 'deputy-user-manager';

/** The areas the host page offers the signed-in member (from Deputy's rights). */
const areas = (page: import('playwright-core').Page) => page.$$eval('#areas li[data-area]', (lis) => lis.map((li) => li.getAttribute('data-area')));

/** Seed 001: members at one of three levels; the first member is Admin; nobody sets their own level. */
export function memberPortalJourneys(w: World): void {
  describe('member-portal', () => {
    it("the first member of an account becomes Admin", async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `operator@${P}`);
      await chooseAccount(page, 'initech');
      await page.selectOption('#people', 'member');
      await page.locator(`${manager} [role=status]`, { hasText: '0 users' }).waitFor();
      await page.click(`${manager} [part=add]`);
      await page.fill(`${manager} dialog input[name=firstName]`, 'Iris');
      await page.fill(`${manager} dialog input[name=lastName]`, 'First');
      await page.fill(`${manager} dialog input[name=email]`, 'iris.first@initech.example');
      await page.click(`${manager} dialog button[type=submit]`);
      const row = page.locator(`${manager} [data-user]`, { hasText: 'Iris First' });
      await row.waitFor();
      await expect.poll(() => row.locator('.roles').textContent()).toBe('Admin');

      const operator = await w.deputy.as(P, 'u-operator');
      const held = await operator.user((await row.getAttribute('data-user'))!, 'kind=member&account=initech');
      expect(held).toMatchObject({ firstName: 'Iris', roles: ['admin'] });
      await screenshot(page, 'member-portal-1-first-member-is-admin');
      await page.close();
    });

    it('an Admin member invites a Mid and a Basic member', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `acme-admin@${P}`);
      for (const [first, level] of [['Milo', 'Mid'], ['Bruno', 'Basic']] as const) {
        await page.click(`${manager} [part=add]`);
        await page.fill(`${manager} dialog input[name=firstName]`, first);
        await page.fill(`${manager} dialog input[name=lastName]`, 'Invitee');
        await page.fill(`${manager} dialog input[name=email]`, `${first.toLowerCase()}@acme.example`);
        await roleOption(page, `${manager} dialog deputy-role-picker`, level).check();
        await page.click(`${manager} dialog button[type=submit]`);
        await expect.poll(() => page.locator(`${manager} [data-user]`, { hasText: `${first} Invitee` }).locator('.roles').textContent()).toBe(level);
      }
      const alice = await w.deputy.as(P, 'u-acme-admin');
      const { body } = await alice.get('/api/users?kind=member&account=acme&limit=100');
      const invited = (body.items as Array<{ firstName: string; roles: string[]; status: string; account: string }>).filter((u) => u.firstName === 'Milo' || u.firstName === 'Bruno');
      expect(invited.map((u) => [u.firstName, u.roles, u.status, u.account]).sort()).toEqual([
        ['Bruno', ['basic'], 'invited', 'acme'],
        ['Milo', ['mid'], 'invited', 'acme'],
      ]);
      await screenshot(page, 'member-portal-2-admin-invites-mid-and-basic');
      await page.close();
    });

    it('a Mid member does not see My Account; a Basic member sees neither it nor Manage Users', async () => {
      const mid = await freshPage(w.stack);
      await signIn(mid, P, `acme-mid@${P}`);
      await expect.poll(() => areas(mid)).toEqual(['portal', 'manageUsers']);
      await userRow(mid, 'u-acme-basic').waitFor();
      const midApi = await w.deputy.as(P, 'u-acme-mid');
      expect((await midApi.send('POST', '/api/check', { action: 'myAccount.invoices', target: { account: 'acme' } })).body.allowed).toBe(false);
      expect((await midApi.get('/api/users?kind=member&account=acme')).status).toBe(200);
      await screenshot(mid, 'member-portal-3-mid');
      await mid.close();

      const basic = await freshPage(w.stack);
      await signIn(basic, P, `acme-basic@${P}`);
      await expect.poll(() => areas(basic)).toEqual(['portal']);
      expect(await basic.textContent('#areas-closed')).toBe('Not available to you: My Account, Manage Users');
      // The user manager shows her own row only, with every action unavailable; inviting is refused.
      const own = userRow(basic, 'u-acme-basic');
      await own.waitFor();
      expect(await basic.locator(`${manager} [data-user]`).count()).toBe(1);
      expect(await own.locator('button[aria-disabled=false]').count()).toBe(0);
      const basicApi = await w.deputy.as(P, 'u-acme-basic');
      expect((await basicApi.get('/api/users?kind=member&account=acme')).body.items.map((u: { id: string }) => u.id)).toEqual(['u-acme-basic']);
      for (const action of ['members.view', 'member.invite', 'myAccount.invoices']) {
        expect((await basicApi.send('POST', '/api/check', { action, target: { account: 'acme' } })).body.allowed).toBe(false);
      }
      const invite = await basicApi.send('POST', '/api/users', { kind: 'member', account: 'acme', firstName: 'Sneaky', lastName: 'Invite', email: 'sneaky@acme.example', roles: ['basic'] });
      expect(invite.status).toBe(403);
      await screenshot(basic, 'member-portal-3-basic');
      await basic.close();
    });

    it('nobody changes their own level', async () => {
      const page = await freshPage(w.stack);
      await signIn(page, P, `acme-admin@${P}`);
      await userRow(page, 'u-acme-admin').waitFor();
      const alice = await w.deputy.as(P, 'u-acme-admin');
      const own = (await alice.get('/api/users?kind=member&account=acme&limit=100')).body.items.find((u: { id: string }) => u.id === 'u-acme-admin');
      expect(own.actions.assignRole.allowed).toBe(false);
      expect(await guardedState(page.locator(`${manager} #assignRole-u-acme-admin`))).toEqual({ enabled: false, reason: reasonTexts(own.actions.assignRole) });

      expect((await alice.send('PUT', '/api/users/u-acme-admin/roles', { roles: ['mid'] })).status).toBe(403);
      const mike = await w.deputy.as(P, 'u-acme-mid');
      expect((await mike.send('PUT', '/api/users/u-acme-mid/roles', { roles: ['admin'] })).status).toBe(403);
      expect(await alice.user('u-acme-admin', 'kind=member&account=acme')).toMatchObject({ roles: ['admin'] });
      expect(await alice.user('u-acme-mid', 'kind=member&account=acme')).toMatchObject({ roles: ['mid'] });
      await screenshot(page, 'member-portal-4-own-level-refused');
      await page.close();
    });
  });
}
