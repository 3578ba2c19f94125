import { expect, fixture, html } from '@open-wc/testing';
import { api, clientAs, record, shadow, tokenFor, unique, until, withLateSession } from '../../test/helpers.js';
import type { DeputyErrorEvent } from '../events/deputy-error-event.js';
import type { DeputyRoleChangeEvent } from '../events/deputy-role-change-event.js';
import './role-picker.js';
import type { DeputyRolePicker } from './role-picker.js';

async function picker(partner: string, viewer: string, user: string): Promise<DeputyRolePicker> {
  const el = await fixture<DeputyRolePicker>(html`<deputy-role-picker api=${await api()} token=${await tokenFor(partner, viewer)} user=${user}></deputy-role-picker>`);
  await until(() => shadow(el).querySelectorAll('.option').length > 0 || shadow(el).querySelector('.error'), 'the role picker to load');
  return el;
}

function option(el: DeputyRolePicker, role: string): { input: HTMLInputElement; why: string } {
  const input = shadow(el).querySelector<HTMLInputElement>(`input[value="${role}"]`);
  if (!input) throw new Error(`no option ${role}`);
  const why = shadow(el).getElementById(`role-${role}-why`)?.textContent ?? '';
  return { input, why };
}

describe('deputy-role-picker', () => {
  it('is accessible', async () => {
    const el = await picker('client-sharing', 'u-admin', 'u-viewOnly');
    await expect(el).to.be.accessible();
  });

  it('offers several roles as checkboxes where the policy combines them (client-sharing, admin)', async () => {
    const el = await picker('client-sharing', 'u-admin', 'u-viewOnly');
    expect(shadow(el).querySelector('legend')?.textContent).to.equal('Roles');
    for (const role of ['admin', 'editor', 'viewOnly']) {
      expect(option(el, role).input.type).to.equal('checkbox');
      expect(option(el, role).input.getAttribute('aria-disabled')).to.equal('false');
    }
    expect(option(el, 'viewOnly').input.checked).to.equal(true);
    expect(el.value).to.deep.equal(['viewOnly']);
  });

  it('offers one level as radios and names the reason a level cannot be set (member-portal, same email M7)', async () => {
    const el = await picker('member-portal', 'u-acme-admin', 'u-acme-mid');
    expect(shadow(el).querySelector('legend')?.textContent).to.equal('Level');
    const basic = option(el, 'basic');
    expect(basic.input.type).to.equal('radio');
    expect(basic.input.getAttribute('aria-disabled')).to.equal('true');
    expect(basic.why).to.contain("shares the user's email");
    expect(basic.input.getAttribute('aria-describedby')).to.contain('role-basic-why');
    basic.input.click();
    await el.updateComplete;
    expect(el.value).to.deep.equal(['mid']);
  });

  it('disables every role for a target the viewer does not outrank (operator-portal, system manager → admin)', async () => {
    const el = await picker('operator-portal', 'u-systemManager', 'u-admin');
    expect(shadow(el).querySelector('legend')?.textContent).to.equal('Role');
    const admin = option(el, 'admin');
    expect(admin.input.getAttribute('aria-disabled')).to.equal('true');
    expect(admin.why).to.not.equal('');
  });

  it('shows no option before the policy says whether roles combine, however late the session answers', async () => {
    const el = await withLateSession(400, () => picker('operator-portal', 'u-systemManager', 'u-admin'));
    expect(shadow(el).querySelector('legend')?.textContent).to.equal('Role');
    expect(option(el, 'admin').input.type).to.equal('radio');
  });

  it('refuses the viewer’s own roles with the core’s reason', async () => {
    const el = await picker('client-sharing', 'u-admin', 'u-admin');
    expect(option(el, 'editor').why).to.contain('Nobody can do this to themselves.');
  });

  it('previews what a change gains and saves it on the server', async () => {
    const admin = await clientAs('client-sharing', 'u-admin');
    const id = unique();
    const user = await admin.users.create({ kind: 'operator', firstName: 'Pick', lastName: id, email: `pick-${id}@example.com`, roles: ['viewOnly'] });
    const el = await picker('client-sharing', 'u-admin', user.id);
    const changes = record<Event>(el, 'change');
    const saved = record<DeputyRoleChangeEvent>(el, 'deputy-role-change');
    option(el, 'editor').input.click();
    expect(changes.length).to.equal(1);
    const preview = await until(() => shadow(el).querySelector('[part="preview"]'), 'the role-change preview');
    expect(preview.textContent).to.contain('Gains');
    expect(preview.textContent).to.contain("Work with the client's data");
    shadow(el).querySelector<HTMLButtonElement>('[part="save"]')!.click();
    await until(() => saved.length > 0, 'deputy-role-change');
    expect(saved[0]!.detail).to.deep.equal({ user: user.id, roles: ['viewOnly', 'editor'] });
    expect((await admin.users.get(user.id)).roles.sort()).to.deep.equal(['editor', 'viewOnly']);
  });

  it('shows a server error and dispatches deputy-error', async () => {
    const el = document.createElement('deputy-role-picker');
    const errors = record<DeputyErrorEvent>(el, 'deputy-error');
    el.api = await api();
    el.token = await tokenFor('client-sharing', 'u-admin');
    el.user = 'u-nobody';
    document.body.append(el);
    const box = await until(() => shadow(el).querySelector('[part="error"]'), 'the error message');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(errors[0]?.detail.code).to.equal('not_found');
    el.remove();
  });
});
