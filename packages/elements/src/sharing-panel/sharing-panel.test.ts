import { createClient } from '@deputy/client';
import { expect, fixture, html } from '@open-wc/testing';
import { api, clientAs, record, shadow, signIn, tokenFor, until } from '../../test/helpers.js';
import type { DeputyErrorEvent } from '../events/deputy-error-event.js';
import type { DeputyImpersonationChangeEvent } from '../events/deputy-impersonation-change-event.js';
import type { DeputyShareChangeEvent } from '../events/deputy-share-change-event.js';
import './sharing-panel.js';
import type { DeputySharingPanel } from './sharing-panel.js';

async function panel(partner: string, viewer: string, account: string, token?: string): Promise<DeputySharingPanel> {
  const el = await fixture<DeputySharingPanel>(
    html`<deputy-sharing-panel api=${await api()} token=${token ?? (await tokenFor(partner, viewer))} account=${account}></deputy-sharing-panel>`,
  );
  await until(() => shadow(el).querySelector('section') || shadow(el).querySelector('[part="error"]'), 'the sharing panel');
  return el;
}

const q = <E extends Element = HTMLElement>(el: DeputySharingPanel, selector: string) => shadow(el).querySelector<E>(selector);

describe('deputy-sharing-panel', () => {
  it('is accessible', async () => {
    const el = await panel('client-sharing', 'u-admin', 'alpha');
    await expect(el).to.be.accessible();
  });

  it('shows the shares and each user’s right capped by their role (K4: view-only in an admin+settings group)', async () => {
    const el = await panel('client-sharing', 'u-admin', 'alpha');
    expect(q(el, 'tr[data-group="team"] th')?.textContent).to.equal('Client Team');
    expect(q<HTMLSelectElement>(el, 'tr[data-group="team"] select')?.value).to.equal('admin+settings');
    const viewOnly = q(el, '[part="users"] tr[data-user="u-viewOnly"]')!;
    expect(viewOnly.querySelector('.right')?.textContent).to.equal('View-only');
    expect(viewOnly.textContent).to.contain('capped by the role at view-only');
    expect(q(el, '[part="users"] tr[data-user="u-editor"] .right')?.textContent).to.equal('Admin with settings');
  });

  it('disables sharing for an editor, who holds no sharing permission, with the reason', async () => {
    const el = await panel('client-sharing', 'u-editor', 'alpha');
    const add = q(el, '#share-gate')!;
    expect(add.getAttribute('aria-disabled')).to.equal('true');
    expect(add.title).to.not.equal('');
    expect(q<HTMLSelectElement>(el, 'tr[data-group="team"] select')?.disabled).to.equal(true);
    expect(q(el, '#unshare-team')?.getAttribute('aria-disabled')).to.equal('true');
  });

  it('adds, changes and removes a share on the server (client-sharing, admin)', async () => {
    const admin = await clientAs('client-sharing', 'u-admin');
    const el = await panel('client-sharing', 'u-admin', 'beta');
    const changes = record<DeputyShareChangeEvent>(el, 'deputy-share-change');
    const form = q(el, 'form')!;
    const [group, right] = [...form.querySelectorAll('select')];
    group!.value = 'viewers';
    group!.dispatchEvent(new Event('change'));
    right!.value = 'admin';
    right!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => q(el, 'tr[data-group="viewers"]'), 'the new share');
    expect(changes[0]?.detail).to.deep.equal({ account: 'beta', group: 'viewers', right: 'admin' });
    expect((await admin.accounts.shares('beta')).shares.find((s) => s.group.id === 'viewers')?.right).to.equal('admin');

    const select = q<HTMLSelectElement>(el, 'tr[data-group="viewers"] select')!;
    select.value = 'view';
    select.dispatchEvent(new Event('change'));
    await until(() => changes.length === 2, 'the changed share');
    expect((await admin.accounts.shares('beta')).shares.find((s) => s.group.id === 'viewers')?.right).to.equal('view');

    q(el, '#unshare-viewers')!.click();
    await until(() => !q(el, 'tr[data-group="viewers"]'), 'the share to go');
    expect((await admin.accounts.shares('beta')).shares.map((s) => s.group.id)).to.deep.equal(['team']);
  });

  it('offers sign in as only at the modes the viewer’s own right allows (view-only user on alpha)', async () => {
    const el = await panel('client-sharing', 'u-viewOnly', 'alpha');
    expect(q(el, '#sign-in-view')?.getAttribute('aria-disabled')).to.equal('false');
    const admin = q(el, '#sign-in-admin')!;
    expect(admin.getAttribute('aria-disabled')).to.equal('true');
    expect(shadow(el).getElementById('sign-in-admin-why')?.textContent).to.contain('view-only');
  });

  it('signs in to the account on a same-site page (cookie session, editor)', async () => {
    const client = await signIn('client-sharing', 'editor@client-sharing');
    const el = await fixture<DeputySharingPanel>(html`<deputy-sharing-panel api=${await api()} account="alpha"></deputy-sharing-panel>`);
    const button = await until(() => q<HTMLButtonElement>(el, '#sign-in-admin'), 'the sign-in buttons');
    const started = record<DeputyImpersonationChangeEvent>(el, 'deputy-impersonation-change');
    button.click();
    await until(() => started.length > 0, 'deputy-impersonation-change');
    const session = await client.session();
    expect(session.subject).to.deep.include({ account: { id: 'alpha', name: 'Alpha Client', secure: false, setupCompleted: false, template: false } });
    expect(session.mode).to.equal('admin');
    await client.impersonation.stop();
  });

  it('signs in through an embed token, which the server replaces, and the page’s elements follow (editor)', async () => {
    const token = await tokenFor('client-sharing', 'u-editor');
    const el = await panel('client-sharing', 'u-editor', 'alpha', token);
    const started = record<DeputyImpersonationChangeEvent>(el, 'deputy-impersonation-change');
    q(el, '#sign-in-view')!.click();
    await until(() => started.length > 0, 'deputy-impersonation-change');
    const next = started[0]!.detail.token!;
    expect(next).to.be.a('string').and.not.equal(token);
    const session = await createClient({ api: await api(), token: next }).session();
    expect(session.mode).to.equal('view');
    const old = await createClient({ api: await api(), token }).session().catch((e: unknown) => e);
    expect(old).to.have.property('code', 'unauthenticated');
    // the panel goes on with the new token
    await el.refresh();
    expect(q(el, '[part="error"]')).to.equal(null);
    expect(q(el, '[part="users"]')).to.not.equal(null);
    await createClient({ api: await api(), token: next }).impersonation.stop();
  });

  it('shows a policy without sharing only its sign-in modes, refused for Sales once setup is completed (operator-portal O5)', async () => {
    const done = await panel('operator-portal', 'u-sales', 'done');
    expect(q(done, '[part="shares"]')).to.equal(null);
    expect(q(done, '#share-gate')).to.equal(null);
    const view = q(done, '#sign-in-view')!;
    expect(view.getAttribute('aria-disabled')).to.equal('true');
    expect(view.title).to.contain('not marked setup completed');
    const acme = await panel('operator-portal', 'u-sales', 'acme');
    expect(q(acme, '#sign-in-view')?.getAttribute('aria-disabled')).to.equal('false');
  });

  it('shows the server’s answer for an unknown account', async () => {
    const errors: DeputyErrorEvent[] = [];
    document.addEventListener('deputy-error', (e) => errors.push(e as DeputyErrorEvent), { once: true });
    const el = await panel('client-sharing', 'u-admin', 'no-such-account');
    expect(q(el, '[part="error"]')?.getAttribute('role')).to.equal('alert');
    expect(errors[0]?.detail.code).to.equal('not_found');
  });
});
