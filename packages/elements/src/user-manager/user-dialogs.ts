import type { UserView } from '@deputy/client';
import { html, nothing, type TemplateResult } from 'lit';
import type { DeputyRolePicker } from '../role-picker/role-picker.js';
import { strings } from '../strings.js';

/** Which dialog the user manager shows. */
export type DialogState = { kind: 'add' } | { kind: 'edit' | 'assignRole' | 'delete'; user: UserView };

/** What the add and edit forms collect. */
export interface UserForm {
  fields: { firstName: string; lastName: string; email: string; username?: string };
  roles: string[];
}

interface DialogContext {
  host: { api: string; token: string; kind: 'operator' | 'member'; account: string; theme?: 'light' | 'dark' };
  submit(form: UserForm): void;
  close(): void;
  roleSaved(user: string): void;
  failure: TemplateResult | typeof nothing;
}

function readForm(event: SubmitEvent): UserForm {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const picker = form.querySelector('deputy-role-picker') as DeputyRolePicker | null;
  const username = text('username');
  return {
    fields: { firstName: text('firstName'), lastName: text('lastName'), email: text('email'), ...(username ? { username } : {}) },
    roles: picker?.value ?? [],
  };
}

function field(name: string, label: string, value = '', type = 'text', required = true, hint?: string): TemplateResult {
  return html`<label>${label}
    <input name=${name} type=${type} .value=${value} ?required=${required} autocomplete="off" aria-describedby=${hint ? `${name}-hint` : nothing} />
    ${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : nothing}
  </label>`;
}

const buttons = (ctx: DialogContext, submit: string, danger = false) =>
  html`<div class="dialog-actions">
    <button type="button" @click=${ctx.close}>${strings.cancel}</button>
    <button type="submit" class=${danger ? 'danger' : 'primary'}>${submit}</button>
  </div>`;

/** The add, edit, roles and delete dialogs of the user manager. */
export function renderDialog(d: DialogState, ctx: DialogContext): TemplateResult {
  const h = ctx.host;
  const name = d.kind === 'add' ? '' : `${d.user.firstName} ${d.user.lastName}`;
  const title = d.kind === 'add' ? strings.addTitle : d.kind === 'edit' ? strings.editTitle(name) : d.kind === 'assignRole' ? strings.rolesTitle(name) : strings.deleteTitle;
  let body: TemplateResult;
  if (d.kind === 'add') {
    body = html`<form @submit=${(e: SubmitEvent) => ctx.submit(readForm(e))}>
      ${field('firstName', strings.firstName)} ${field('lastName', strings.lastName)}
      ${field('username', strings.username, '', 'text', false, strings.usernameHint)} ${field('email', strings.email, '', 'email')}
      <deputy-role-picker api=${h.api} token=${h.token} kind=${h.kind} account=${h.account} theme=${h.theme ?? nothing}></deputy-role-picker>
      ${buttons(ctx, strings.create)}
    </form>`;
  } else if (d.kind === 'edit') {
    body = html`<form @submit=${(e: SubmitEvent) => ctx.submit(readForm(e))}>
      ${field('firstName', strings.firstName, d.user.firstName)} ${field('lastName', strings.lastName, d.user.lastName)}
      ${field('email', strings.email, d.user.email, 'email')} ${buttons(ctx, strings.save)}
    </form>`;
  } else if (d.kind === 'assignRole') {
    body = html`<deputy-role-picker api=${h.api} token=${h.token} user=${d.user.id} theme=${h.theme ?? nothing}
        @deputy-role-change=${() => ctx.roleSaved(d.user.id)}></deputy-role-picker>
      <div class="dialog-actions"><button type="button" @click=${ctx.close}>${strings.close}</button></div>`;
  } else {
    body = html`<form @submit=${(e: SubmitEvent) => (e.preventDefault(), ctx.submit({ fields: { firstName: '', lastName: '', email: '' }, roles: [] }))}>
      <p>${strings.deleteConfirm(name)}</p>
      ${buttons(ctx, strings.deleteButton(name), true)}
    </form>`;
  }
  return html`<dialog part="dialog" aria-labelledby="dialog-title" @close=${ctx.close} @cancel=${ctx.close}>
    <h2 id="dialog-title">${title}</h2>
    ${ctx.failure} ${body}
  </dialog>`;
}
