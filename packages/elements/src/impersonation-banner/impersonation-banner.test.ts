import { createClient } from '@deputy/client';
import { expect, fixture, html } from '@open-wc/testing';
import { api, record, shadow, signIn, tokenFor, until } from '../../test/helpers.js';
import type { DeputyImpersonationChangeEvent } from '../events/deputy-impersonation-change-event.js';
import './impersonation-banner.js';
import type { DeputyImpersonationBanner } from './impersonation-banner.js';

/**
 * A banner on a same-site page whose cookie session (a demo user signed in) first starts acting
 * as `target` — embed tokens cannot impersonate.
 */
async function bannerActingAs(partner: string, login: string, target: { user: string } | { account: string; mode: 'view' | 'admin' | 'admin+settings' }) {
  const client = await signIn(partner, login);
  await client.impersonation.start(target);
  const el = await fixture<DeputyImpersonationBanner>(html`<deputy-impersonation-banner api=${await api()}></deputy-impersonation-banner>`);
  await until(() => shadow(el).querySelector('[part="base"]'), 'the banner');
  return { el, client };
}

describe('deputy-impersonation-banner', () => {
  it('is accessible', async () => {
    const { el } = await bannerActingAs('client-sharing', 'admin@client-sharing', { account: 'gamma', mode: 'view' });
    await expect(el).to.be.accessible();
  });

  it('says nothing while the session acts as nobody', async () => {
    const el = await fixture<DeputyImpersonationBanner>(
      html`<deputy-impersonation-banner api=${await api()} token=${await tokenFor('client-sharing', 'u-admin')}></deputy-impersonation-banner>`,
    );
    await until(() => (el as unknown as { session: { status: string } }).session.status === 'complete', 'the session');
    expect(shadow(el).querySelector('[part="base"]')).to.equal(null);
  });

  it('names actor, account and mode, is sticky and announced, and has no way out but signing out (client-sharing)', async () => {
    const { el } = await bannerActingAs('client-sharing', 'admin@client-sharing', { account: 'alpha', mode: 'admin+settings' });
    const base = shadow(el).querySelector('[part="base"]')!;
    expect(base.getAttribute('role')).to.equal('alert');
    expect(base.textContent).to.contain('Admin User is acting as Alpha Client (Admin with settings)');
    expect(base.querySelector('time')).to.not.equal(null);
    expect(getComputedStyle(el).position).to.equal('sticky');
    expect([...shadow(el).querySelectorAll('button')].map((b) => b.textContent?.trim())).to.deep.equal(['Sign out as Alpha Client']);
  });

  it('signs out as the subject on the server (operator-portal, admin as designer)', async () => {
    const { el, client } = await bannerActingAs('operator-portal', 'admin@operator-portal', { user: 'u-designer' });
    expect(shadow(el).querySelector('[part="base"]')?.textContent).to.contain('acting as Designer Operator');
    const changes = record<DeputyImpersonationChangeEvent>(el, 'deputy-impersonation-change');
    shadow(el).querySelector<HTMLButtonElement>('[part="sign-out"]')!.click();
    await until(() => changes.length > 0, 'deputy-impersonation-change');
    expect((await client.session()).subject).to.equal(undefined);
    await until(() => !shadow(el).querySelector('[part="base"]'), 'the banner to go');
  });

  it('signs out as on an embed-token page, handing the host the replacement token (integrator-portal, portal admin)', async () => {
    const acting = await createClient({ api: await api(), token: await tokenFor('integrator-portal', 'u-portalAdmin') }).impersonation.start({ account: 'beta', mode: 'admin' });
    const el = await fixture<DeputyImpersonationBanner>(html`<deputy-impersonation-banner api=${await api()} token=${acting.token!}></deputy-impersonation-banner>`);
    const base = await until(() => shadow(el).querySelector('[part="base"]'), 'the banner');
    expect(base.textContent).to.contain('PortalAdmin User is acting as Beta Merchant (Admin)');
    const changes = record<DeputyImpersonationChangeEvent>(el, 'deputy-impersonation-change');
    shadow(el).querySelector<HTMLButtonElement>('[part="sign-out"]')!.click();
    await until(() => changes.length > 0, 'deputy-impersonation-change');
    const own = await createClient({ api: await api(), token: changes[0]!.detail.token! }).session();
    expect(own.subject).to.equal(undefined);
    expect(own.actor.id).to.equal('u-portalAdmin');
    await until(() => !shadow(el).querySelector('[part="base"]'), 'the banner to go');
  });
});
