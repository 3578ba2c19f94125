import { createClient } from '@deputy/client';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { api, clientAs, record, shadow, signIn, tokenFor, unique, until, withLateSession } from '../../test/helpers.js';
import type { DeputyErrorEvent } from '../events/deputy-error-event.js';
import type { DeputyUserChangeEvent } from '../events/deputy-user-change-event.js';
import '../impersonation-banner/impersonation-banner.js';
import './user-manager.js';
import type { DeputyUserManager } from './user-manager.js';

async function manager(partner: string, viewer: string, attrs: { kind?: 'operator' | 'member'; account?: string } = {}): Promise<DeputyUserManager> {
  const el = await fixture<DeputyUserManager>(
    html`<deputy-user-manager api=${await api()} token=${await tokenFor(partner, viewer)} kind=${attrs.kind ?? 'operator'} account=${attrs.account ?? ''}></deputy-user-manager>`,
  );
  await until(() => shadow(el).querySelector('.row') || shadow(el).querySelector('[part="error"]') || shadow(el).querySelector('.empty'), 'the user list');
  return el;
}

const row = (el: DeputyUserManager, user: string) => until(() => shadow(el).querySelector<HTMLElement>(`.row[data-user="${user}"]`), `the row of ${user}`);
const button = async (el: DeputyUserManager, action: string, user: string) =>
  (await row(el, user)).querySelector<HTMLButtonElement>(`#${action}-${user}`) ?? undefined;

async function search(el: DeputyUserManager, text: string): Promise<void> {
  const input = shadow(el).querySelector<HTMLInputElement>('input[type="search"]')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}

describe('deputy-user-manager', () => {
  it('is accessible', async () => {
    const el = await manager('client-sharing', 'u-viewOnly');
    await expect(el).to.be.accessible();
  });

  it('is accessible with the add dialog open', async () => {
    const el = await manager('integrator-portal', 'u-portalAdmin');
    shadow(el).querySelector<HTMLButtonElement>('[part="add"]')!.click();
    const dialog = await until(() => shadow(el).querySelector('dialog[open]'), 'the add dialog');
    await until(() => shadow(dialog.querySelector('deputy-role-picker')!).querySelector('.option'), 'the role options');
    await expect(el).to.be.accessible();
  });

  it('names roles by their labels, never their ids, however late the session answers', async () => {
    const el = await withLateSession(400, () => manager('client-sharing', 'u-admin'));
    expect((await row(el, 'u-editor')).querySelector('.roles')?.textContent).to.equal('Editor');
  });

  it('lists the partner’s operators with status badges and role labels (client-sharing, admin)', async () => {
    const el = await manager('client-sharing', 'u-admin');
    const editor = await row(el, 'u-editor');
    expect(editor.querySelector('[part="status"]')?.textContent).to.equal('Active');
    expect(editor.querySelector('.roles')?.textContent).to.equal('Editor');
    expect((await button(el, 'delete', 'u-editor'))?.getAttribute('aria-disabled')).to.equal('false');
  });

  it('disables what a support operator may not do, with the reason on focus (operator-portal, support)', async () => {
    const el = await manager('operator-portal', 'u-support');
    const edit = (await button(el, 'edit', 'u-designer'))!;
    expect(edit.getAttribute('aria-disabled')).to.equal('true');
    const why = shadow(el).getElementById(edit.getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.contain('No role of the user grants Edit operator');
    expect(getComputedStyle(why).display).to.equal('none');
    edit.focus();
    expect(getComputedStyle(why).display).to.equal('block');
    edit.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')).to.equal(null);
  });

  it('lets a system manager edit operators but not the admin they do not outrank (operator-portal)', async () => {
    const el = await manager('operator-portal', 'u-systemManager');
    expect((await button(el, 'edit', 'u-designer'))?.getAttribute('aria-disabled')).to.equal('false');
    const admin = (await button(el, 'edit', 'u-admin'))!;
    expect(admin.getAttribute('aria-disabled')).to.equal('true');
    expect(admin.title).to.contain('which the user does not outrank');
  });

  it('is operable from the keyboard: Enter opens the edit dialog, Escape closes it (operator-portal, system manager)', async () => {
    const el = await manager('operator-portal', 'u-systemManager');
    (await button(el, 'edit', 'u-designer'))!.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await until(() => shadow(el).querySelector('dialog[open]'), 'the edit dialog');
    expect(dialog.querySelector<HTMLInputElement>('input[name="firstName"]')?.value).to.equal('Designer');
    await sendKeys({ press: 'Escape' });
    await until(() => !shadow(el).querySelector('dialog'), 'the dialog to close');
  });

  it('blocks an operator on the server (operator-portal O3, admin)', async () => {
    const admin = await clientAs('operator-portal', 'u-admin');
    const id = unique();
    const user = await admin.users.create({ kind: 'operator', firstName: 'Bo', lastName: `Block${id}`, email: `bo-${id}@example.com`, roles: ['sales'] });
    const el = await manager('operator-portal', 'u-admin');
    await search(el, `Block${id}`);
    (await button(el, 'block', user.id))!.click();
    await until(() => shadow(el).querySelector(`.row[data-user="${user.id}"] [part="status"]`)?.textContent === 'Blocked', 'the blocked badge');
    expect((await admin.users.get(user.id)).status).to.equal('blocked');
    expect(await button(el, 'block', user.id)).to.equal(undefined);
    expect((await button(el, 'enable', user.id))?.getAttribute('aria-disabled')).to.equal('false');
  });

  it('follows the theme attribute', async () => {
    const el = await manager('client-sharing', 'u-admin');
    el.theme = 'dark';
    await el.updateComplete;
    const dark = getComputedStyle(shadow(el).querySelector('[part="base"]')!).backgroundColor;
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(shadow(el).querySelector('[part="base"]')!).backgroundColor).to.not.equal(dark);
    expect(getComputedStyle(el).colorScheme).to.equal('light');
  });

  it('searches on the server', async () => {
    const el = await manager('operator-portal', 'u-admin');
    await search(el, 'Designer');
    await until(() => shadow(el).querySelectorAll('.row').length === 1, 'one search result');
    expect(shadow(el).querySelector('.row')?.getAttribute('data-user')).to.equal('u-designer');
  });

  it('adds a user through the form, and the server has them (integrator-portal, portal admin)', async () => {
    const el = await manager('integrator-portal', 'u-portalAdmin');
    const changes = record<DeputyUserChangeEvent>(el, 'deputy-user-change');
    shadow(el).querySelector<HTMLButtonElement>('[part="add"]')!.click();
    const dialog = await until(() => shadow(el).querySelector('dialog[open]'), 'the add dialog');
    const id = unique();
    const fill = (name: string, value: string) => (dialog.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.value = value);
    fill('firstName', 'Nia');
    fill('lastName', `New${id}`);
    fill('email', `nia-${id}@example.com`);
    const picker = dialog.querySelector('deputy-role-picker')!;
    const view = await until(() => shadow(picker).querySelector<HTMLInputElement>('input[value="onboardingView"]'), 'the role options');
    view.click();
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => changes.length > 0, 'deputy-user-change');
    expect(changes[0]!.detail.change).to.equal('created');
    const admin = await clientAs('integrator-portal', 'u-portalAdmin');
    const found = (await admin.users.list({ kind: 'operator', q: `New${id}` })).items;
    expect(found.map((u) => [u.firstName, u.roles])).to.deep.equal([['Nia', ['onboardingView']]]);
    await row(el, changes[0]!.detail.id);
  });

  it('disables a user, who then shows only with "show disabled" (integrator-portal S8)', async () => {
    const admin = await clientAs('integrator-portal', 'u-portalAdmin');
    const id = unique();
    const user = await admin.users.create({ kind: 'operator', firstName: 'Dee', lastName: `Able${id}`, email: `dee-${id}@example.com`, roles: ['onboardingView'] });
    const el = await manager('integrator-portal', 'u-portalAdmin');
    await search(el, `Able${id}`);
    (await button(el, 'disable', user.id))!.click();
    await until(() => !shadow(el).querySelector(`.row[data-user="${user.id}"]`), 'the disabled user to leave the list');
    const listed = await admin.users.list({ kind: 'operator', q: `Able${id}`, showDisabled: true });
    expect(listed.items[0]?.status).to.equal('disabled');
    shadow(el).querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!.click();
    const back = await row(el, user.id);
    expect(back.querySelector('[part="status"]')?.textContent).to.equal('Disabled');
    expect((await button(el, 'enable', user.id))?.getAttribute('aria-disabled')).to.equal('false');
  });

  it('unlocks a user locked by three failed sign-ins (integrator-portal S7)', async () => {
    const anonymous = createClient({ api: await api() });
    for (let i = 0; i < 3; i++) {
      await anonymous.auth.signIn({ partner: 'integrator-portal', login: 'projectManagement@integrator-portal', password: 'wrong' }).catch(() => undefined);
    }
    const el = await manager('integrator-portal', 'u-portalAdmin');
    await search(el, 'projectManagement');
    const badge = (await row(el, 'u-projectManagement')).querySelector('[part="status"]')!;
    expect(badge.textContent).to.equal('Locked');
    (await button(el, 'unlock', 'u-projectManagement'))!.click();
    await until(() => shadow(el).querySelector('.row[data-user="u-projectManagement"] [part="status"]')?.textContent === 'Active', 'the active badge');
    const admin = await clientAs('integrator-portal', 'u-portalAdmin');
    expect((await admin.users.get('u-projectManagement')).status).to.equal('active');
  });

  it('deletes a user after a confirmation that names them (integrator-portal S9)', async () => {
    const admin = await clientAs('integrator-portal', 'u-portalAdmin');
    const id = unique();
    const user = await admin.users.create({ kind: 'operator', firstName: 'Del', lastName: `Ete${id}`, email: `del-${id}@example.com`, roles: ['onboardingView'] });
    const el = await manager('integrator-portal', 'u-portalAdmin');
    await search(el, `Ete${id}`);
    (await button(el, 'delete', user.id))!.click();
    const dialog = await until(() => shadow(el).querySelector('dialog[open]'), 'the confirmation');
    expect(dialog.textContent).to.contain(`Delete Del Ete${id} completely?`);
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => !shadow(el).querySelector(`.row[data-user="${user.id}"]`), 'the row to go');
    expect((await admin.users.list({ kind: 'operator', q: `Ete${id}`, showDisabled: true })).total).to.equal(0);
  });

  it('lists a client account’s members with per-row levels decided by the core (member-portal, Alice)', async () => {
    const el = await manager('member-portal', 'u-acme-admin', { kind: 'member', account: 'acme' });
    expect((await button(el, 'assignRole', 'u-acme-basic'))?.getAttribute('aria-disabled')).to.equal('false');
    const mike = (await button(el, 'assignRole', 'u-acme-mid'))!;
    expect(mike.getAttribute('aria-disabled')).to.equal('true');
    expect(mike.title).to.contain("shares the user's email");
  });

  it('disables inviting for a Basic member, with the server’s reason on hover and focus (member-portal)', async () => {
    const el = await manager('member-portal', 'u-acme-basic', { kind: 'member', account: 'acme' });
    const add = await until(() => shadow(el).querySelector<HTMLButtonElement>('[part="add"]'), 'the add button');
    expect(add.getAttribute('aria-disabled')).to.equal('true');
    expect(add.disabled).to.equal(false);
    const why = shadow(el).getElementById(add.getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.equal('No role of the user grants Invite users.');
    expect(add.title).to.equal('No role of the user grants Invite users.');
    expect(getComputedStyle(why).display).to.equal('none');
    add.focus();
    expect(shadow(el).activeElement).to.equal(add);
    expect(getComputedStyle(why).display).to.equal('block');
    add.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')).to.equal(null);
  });

  it('lets an Admin member invite (member-portal)', async () => {
    const el = await manager('member-portal', 'u-acme-admin', { kind: 'member', account: 'acme' });
    const add = await until(() => shadow(el).querySelector<HTMLButtonElement>('[part="add"]'), 'the add button');
    expect(add.getAttribute('aria-disabled')).to.equal('false');
    expect(add.hasAttribute('aria-describedby')).to.equal(false);
    add.click();
    await until(() => shadow(el).querySelector('dialog[open]'), 'the add dialog');
  });

  it('shows the server’s answer to an expired or wrong embed token', async () => {
    const errors: DeputyErrorEvent[] = [];
    const el = document.createElement('deputy-user-manager');
    el.addEventListener('deputy-error', (e) => errors.push(e));
    el.api = await api();
    el.token = 'expired-token';
    document.body.append(el);
    const box = await until(() => shadow(el).querySelector('[part="error"]'), 'the error message');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(errors[0]?.detail.code).to.equal('unauthenticated');
    el.remove();
  });

  it('logs in as another operator, and the banner on the page says so (operator-portal, admin, cookie session)', async () => {
    const client = await signIn('operator-portal', 'admin@operator-portal');
    const page = await fixture<HTMLElement>(
      html`<div><deputy-impersonation-banner api=${await api()}></deputy-impersonation-banner><deputy-user-manager api=${await api()}></deputy-user-manager></div>`,
    );
    const el = page.querySelector('deputy-user-manager')!;
    const banner = page.querySelector('deputy-impersonation-banner')!;
    (await button(el, 'impersonate', 'u-designer'))!.click();
    const base = await until(() => shadow(banner).querySelector('[part="base"]'), 'the banner');
    expect(base.textContent).to.contain('Admin Operator is acting as Designer Operator');
    const subject = (await client.session()).subject;
    expect(subject && 'user' in subject ? subject.user.id : undefined).to.equal('u-designer');
    await client.impersonation.stop();
  });

  it('shows a conflict from the server in the add dialog (duplicate username)', async () => {
    const el = await manager('integrator-portal', 'u-portalAdmin');
    shadow(el).querySelector<HTMLButtonElement>('[part="add"]')!.click();
    const dialog = await until(() => shadow(el).querySelector('dialog[open]'), 'the add dialog');
    const fill = (name: string, value: string) => (dialog.querySelector<HTMLInputElement>(`input[name="${name}"]`)!.value = value);
    fill('firstName', 'Twin');
    fill('lastName', 'Admin');
    fill('username', 'portalAdmin@integrator-portal');
    fill('email', `twin-${unique()}@example.com`);
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const box = await until(() => shadow(el).querySelector('dialog [part="error"]'), 'the error in the dialog');
    expect(box.textContent).to.not.equal('');
  });
});
