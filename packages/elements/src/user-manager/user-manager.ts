import type { LifecycleAction, UserAction, UserPage, UserStatus, UserView } from '@deputy/client';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { LoadController } from '../controllers/load-controller.js';
import { DeputyImpersonationChangeEvent } from '../events/deputy-impersonation-change-event.js';
import { DeputyUserChangeEvent, type DeputyUserChangeDetail } from '../events/deputy-user-change-event.js';
import { DeputyElement } from '../internal/deputy-element.js';
import { guarded } from '../internal/guarded.js';
import '../role-picker/role-picker.js';
import { strings } from '../strings.js';
import { controls } from '../styles/controls.js';
import { tokens } from '../styles/tokens.js';
import { renderDialog, type DialogState, type UserForm } from './user-dialogs.js';
import { userManagerStyles } from './user-manager.styles.js';
import { rowActions } from './row-actions.js';

const STATUSES: readonly UserStatus[] = ['active', 'invited', 'locked', 'expired', 'blocked', 'disabled'];

/**
 * The virtualizer's layout, imported here rather than left to the virtualizer's own dynamic import:
 * that would be one more request, made only once the list first renders, before any row can show.
 */
const LAYOUT = flow();

/**
 * @summary The operators of a partner, or the members of one client account: search, filter,
 * add or invite, and per row only the actions the viewer may take — the others (and adding, when the
 * viewer may not) disabled with the server's reason on hover and focus. Virtually scrolled, so 10,000 users stay smooth.
 *
 * @slot toolbar - extra controls at the end of the toolbar (an export button, a link)
 *
 * @event deputy-user-change - a user was created, edited, changed in status or deleted; `detail: { change, id, user? }`
 * @event deputy-role-change - a user's roles were saved (from the embedded role picker)
 * @event deputy-impersonation-change - the viewer started acting as a user
 * @event deputy-error - a call failed; `detail: { code, message }`
 *
 * @csspart base - the frame
 * @csspart toolbar - search, filters and the add button
 * @csspart list - the scrolling list
 * @csspart row - one user
 * @csspart status - a user's status badge
 * @csspart action - a row action button
 * @csspart add - the add or invite button
 * @csspart reason - why an action (or adding) is unavailable
 * @csspart dialog - the add, edit, roles and delete dialogs
 * @csspart error - the error message
 *
 * @cssproperty --deputy-user-manager-height - height of the scrolling list (default 28rem)
 * @cssproperty --deputy-user-manager-row-height - minimum height of a row (default 3.25rem)
 */
@customElement('deputy-user-manager')
export class DeputyUserManager extends DeputyElement {
  static override styles = [tokens, controls, userManagerStyles];

  /** `operator` (the partner's staff) or `member` (the users of `account`) */
  @property() kind: 'operator' | 'member' = 'operator';
  /** the client account whose members are listed (for `kind="member"`) */
  @property() account = '';
  /** how many users one request loads (a few screens: the first shows sooner); more load while scrolling */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private q = '';
  @state() private status: UserStatus | '' = '';
  @state() private showDisabled = false;
  @state() private dialog: DialogState | undefined;
  @query('dialog') private dialogEl?: HTMLDialogElement;

  protected readonly reloadOn = ['kind', 'account', 'pageSize', 'q', 'status', 'showDisabled'];
  private readonly users = new LoadController<UserPage>(this, () => this.fetchPage(0, this.pageSize));
  private loadingMore = false;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  protected async load(): Promise<void> {
    await this.users.run();
  }

  private fetchPage(offset: number, limit: number): Promise<UserPage> {
    return this.client.users.list({
      kind: this.kind,
      ...(this.account ? { account: this.account } : {}),
      ...(this.q ? { q: this.q } : {}),
      ...(this.status ? { status: this.status } : {}),
      ...(this.showDisabled ? { showDisabled: true } : {}),
      offset,
      limit,
    });
  }

  private async more(event: RangeChangedEvent): Promise<void> {
    const page = this.users.value;
    if (!page || this.loadingMore || event.last < page.items.length - 10 || page.items.length >= page.total) return;
    this.loadingMore = true;
    const next = await this.attempt(() => this.fetchPage(page.items.length, this.pageSize));
    this.loadingMore = false;
    if (next && this.users.value === page) {
      this.users.value = { ...next, items: [...page.items, ...next.items] };
      this.requestUpdate();
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('dialog') && this.dialog && this.dialogEl && !this.dialogEl.open) this.dialogEl.showModal();
  }

  private onSearch(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.q = value.trim()), 200);
  }

  private changed(detail: DeputyUserChangeDetail): void {
    this.dispatchEvent(new DeputyUserChangeEvent(detail));
    void this.users.run();
  }

  private act(user: UserView, action: UserAction): void {
    if (action === 'edit' || action === 'assignRole' || action === 'delete') {
      this.dialog = { kind: action, user };
      return;
    }
    if (action === 'impersonate') {
      void this.attempt(() => this.client.impersonation.start({ user: user.id })).then((done) => {
        if (done !== undefined) this.dispatchEvent(new DeputyImpersonationChangeEvent(this.withToken({ target: { user: user.id } })));
      });
      return;
    }
    void this.lifecycle(user, action);
  }

  private async lifecycle(user: UserView, action: LifecycleAction): Promise<void> {
    const ok = await this.attempt(async () => (await this.client.users.lifecycle(user.id, action), true));
    if (ok) this.changed({ change: action, id: user.id });
  }

  /** Runs a dialog's server call; closes the dialog when it succeeded. */
  private async submit(form: UserForm): Promise<void> {
    const d = this.dialog;
    if (!d) return;
    if (d.kind === 'add') {
      const user = await this.attempt(() =>
        this.client.users.create({ kind: this.kind, ...(this.account ? { account: this.account } : {}), ...form.fields, ...(form.roles.length ? { roles: form.roles } : {}) }),
      );
      if (user) this.finish({ change: 'created', id: user.id, user });
    } else if (d.kind === 'edit') {
      const { firstName, lastName, email } = form.fields;
      const user = await this.attempt(() => this.client.users.update(d.user.id, { firstName, lastName, email }));
      if (user) this.finish({ change: 'edited', id: d.user.id, user });
    } else if (d.kind === 'delete') {
      const ok = await this.attempt(async () => (await this.client.users.remove(d.user.id), true));
      if (ok) this.finish({ change: 'deleted', id: d.user.id });
    }
  }

  private finish(detail: DeputyUserChangeDetail): void {
    this.closeDialog();
    this.changed(detail);
  }

  private closeDialog(): void {
    this.dialogEl?.close();
    this.dialog = undefined;
  }

  override render(): TemplateResult {
    // rows name roles by the policy's labels: none before the session brings them
    const page = this.session.value ? this.users.value : undefined;
    return html`<div part="base">
      ${this.renderFailure(this.users.error ?? this.session.error, () => void this.refresh())}
      ${this.dialog ? nothing : this.renderFailure(this.failure)}
      <div class="toolbar" part="toolbar" role="search">
        <label class="grow">${strings.search}
          <input type="search" placeholder=${strings.searchPlaceholder} @input=${(e: Event) => this.onSearch((e.target as HTMLInputElement).value)} />
        </label>
        <label>${strings.statusFilter}
          <select @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as UserStatus | '')}>
            <option value="">${strings.anyStatus}</option>
            ${STATUSES.map((s) => html`<option value=${s}>${strings.status[s]}</option>`)}
          </select>
        </label>
        <label class="inline"><input type="checkbox" @change=${(e: Event) => (this.showDisabled = (e.target as HTMLInputElement).checked)} />${strings.showDisabled}</label>
        ${page ? guarded({ id: 'add', label: strings.add, part: 'add', className: 'primary', decision: page.create, onClick: () => (this.dialog = { kind: 'add' }) }) : nothing}
        <slot name="toolbar"></slot>
      </div>
      <div class="hint" role="status" aria-live="polite">${page ? strings.usersCount(page.total) : strings.loading}</div>
      ${page && page.items.length === 0 ? html`<div class="empty">${strings.noUsers}</div>` : nothing}
      <div class="list" part="list" role="list" aria-label=${this.kind === 'member' ? strings.members : strings.operators}
        @rangeChanged=${(e: RangeChangedEvent) => void this.more(e)}>
        ${virtualize({ layout: LAYOUT, items: page?.items ?? [], keyFunction: (u: UserView) => u.id, renderItem: (u: UserView, i: number) => this.renderRow(u, i, page?.total ?? 0), scroller: true })}
      </div>
      ${this.dialog
        ? renderDialog(this.dialog, { host: this, submit: (f) => void this.submit(f), close: () => this.closeDialog(), failure: this.renderFailure(this.failure), roleSaved: (id) => this.changed({ change: 'edited', id }) })
        : nothing}
    </div>`;
  }

  private renderRow(u: UserView, index: number, total: number): TemplateResult {
    const name = `${u.firstName} ${u.lastName}`;
    return html`<div class="row" part="row" role="listitem" aria-posinset=${index + 1} aria-setsize=${total} data-user=${u.id}>
      <div class="who"><span class="name">${name}</span><span class="hint">${u.username} · ${u.email}</span></div>
      <div class="roles">${u.roles.map((r) => this.roleLabel(r)).join(', ')}</div>
      <span class="badge ${u.status}" part="status">${strings.status[u.status]}</span>
      <div class="actions" role="group" aria-label=${strings.userActions(name)}>
        ${rowActions(u).map((action) =>
          guarded({
            id: `${action}-${u.id}`,
            label: strings.action[action],
            ariaLabel: `${strings.action[action]} ${name}`,
            decision: u.actions[action],
            className: action === 'delete' ? 'danger' : undefined,
            onClick: () => this.act(u, action),
          }),
        )}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'deputy-user-manager': DeputyUserManager;
  }
}
