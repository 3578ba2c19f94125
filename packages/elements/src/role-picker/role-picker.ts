import type { HeldRight, RoleOption } from '@deputy/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LoadController } from '../controllers/load-controller.js';
import { DeputyRoleChangeEvent } from '../events/deputy-role-change-event.js';
import { DeputyElement } from '../internal/deputy-element.js';
import { reasonText } from '../internal/guarded.js';
import { strings } from '../strings.js';
import { controls } from '../styles/controls.js';
import { tokens } from '../styles/tokens.js';
import { rolePickerStyles } from './role-picker.styles.js';

type Diff = { gained: HeldRight[]; lost: HeldRight[] };

/**
 * @summary Chooses a user's role, roles or level — as the partner's policy combines them — among
 * the roles the viewer may assign; the others are shown disabled with the server's reason. For an
 * existing user it previews the rights gained and lost, then saves.
 *
 * @slot help - text under the roles (e.g. a link to the permission table)
 *
 * @event change - the selection changed (read `value`)
 * @event deputy-role-change - the roles were saved on the server; `detail: { user, roles }`
 * @event deputy-error - a call failed; `detail: { code, message }`
 *
 * @csspart base - the fieldset
 * @csspart option - one role
 * @csspart reason - why a role cannot be given
 * @csspart preview - the gained and lost rights
 * @csspart save - the save button
 * @csspart error - the error message
 *
 * @cssproperty --deputy-role-picker-reason-color - colour of the reasons (default: the danger colour)
 */
@customElement('deputy-role-picker')
export class DeputyRolePicker extends DeputyElement {
  static override styles = [tokens, controls, rolePickerStyles];

  /** the user whose roles are edited; absent: choose roles for a new user of `kind` (and `account`) */
  @property() user = '';
  /** for a new user: `operator` or `member` */
  @property() kind: 'operator' | 'member' = 'operator';
  /** for a new member: their client account */
  @property() account = '';
  /** the selected role ids */
  @property({ attribute: false }) value: string[] = [];

  @state() private saved: string[] = [];
  @state() private diff: Diff | undefined;
  @state() private notice = '';

  protected readonly reloadOn = ['user', 'kind', 'account'];
  private readonly options = new LoadController<RoleOption[]>(this, () => this.loadOptions());
  private diffGeneration = 0;

  protected async load(): Promise<void> {
    await this.options.run();
  }

  private async loadOptions(): Promise<RoleOption[]> {
    if (!this.user) return this.client.assignableRoles(this.account ? { kind: this.kind, account: this.account } : { kind: this.kind });
    const [options, user] = await Promise.all([this.client.users.assignableRoles(this.user), this.client.users.get(this.user)]);
    this.value = [...user.roles];
    this.saved = [...user.roles];
    this.diff = undefined;
    return options;
  }

  private get single(): boolean {
    return this.session.value?.policy.combine === 'single';
  }

  private get dirty(): boolean {
    return this.value.length !== this.saved.length || this.value.some((r) => !this.saved.includes(r));
  }

  private toggle(option: RoleOption, checked: boolean): void {
    if (!option.allowed) {
      this.requestUpdate();
      return;
    }
    this.value = this.single ? [option.role] : checked ? [...this.value, option.role] : this.value.filter((r) => r !== option.role);
    this.notice = '';
    this.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    if (this.user) void this.preview();
  }

  private async preview(): Promise<void> {
    const generation = ++this.diffGeneration;
    if (!this.dirty) {
      this.diff = undefined;
      return;
    }
    const diff = await this.attempt(() => this.client.users.roleDiff(this.user, this.value));
    if (generation === this.diffGeneration) this.diff = diff;
  }

  /** Saves the selected roles of `user` on the server. */
  async save(): Promise<void> {
    const roles = [...this.value];
    const done = await this.attempt(() => this.client.users.setRoles(this.user, roles));
    if (!done) return;
    this.saved = roles;
    this.diff = undefined;
    this.notice = strings.saved;
    this.dispatchEvent(new DeputyRoleChangeEvent({ user: this.user, roles }));
  }

  override render(): TemplateResult {
    // the policy says whether roles combine (checkboxes) or one applies (radios): no option before it is known
    const options = this.session.value ? (this.options.value ?? []) : [];
    const pending = this.options.status === 'pending' || this.session.status === 'pending';
    const legend = this.single ? (this.isMemberTarget(options) ? strings.level : strings.role) : strings.roles;
    return html`
      ${this.renderFailure(this.options.error ?? this.session.error, () => void this.refresh())}
      ${this.renderFailure(this.failure)}
      <fieldset part="base" aria-busy=${pending ? 'true' : 'false'}>
        <legend>${legend}</legend>
        ${pending && options.length === 0 ? html`<span class="hint">${strings.loading}</span>` : nothing}
        ${options.map((o) => this.renderOption(o))}
        <slot name="help"></slot>
      </fieldset>
      ${this.user ? this.renderPreview() : nothing}
      ${this.user
        ? html`<div class="footer">
            <button type="button" class="primary" part="save" ?disabled=${!this.dirty} @click=${() => void this.save()}>
              ${strings.save}
            </button>
            <span role="status" class="hint">${this.notice}</span>
          </div>`
        : nothing}
    `;
  }

  private isMemberTarget(options: RoleOption[]): boolean {
    const roles = this.session.value?.policy.roles ?? [];
    return options.some((o) => roles.find((r) => r.id === o.role)?.holder === 'member');
  }

  private renderOption(o: RoleOption): TemplateResult {
    const id = `role-${o.role}`;
    const checked = this.value.includes(o.role);
    return html`<label class="option" part="option" aria-disabled=${o.allowed ? 'false' : 'true'}>
      <input
        type=${this.single ? 'radio' : 'checkbox'}
        name="roles"
        .value=${o.role}
        .checked=${live(checked)}
        aria-disabled=${o.allowed ? 'false' : 'true'}
        aria-describedby="${id}-description${o.allowed ? '' : ` ${id}-why`}"
        @change=${(e: Event) => this.toggle(o, (e.target as HTMLInputElement).checked)}
      />
      <span class="label">${o.label}</span>
      <span class="description" id="${id}-description">${o.description}</span>
      ${o.allowed ? nothing : html`<span class="why" part="reason" id="${id}-why">${reasonText(o)}</span>`}
    </label>`;
  }

  private renderPreview(): TemplateResult | typeof nothing {
    if (!this.diff) return nothing;
    const { gained, lost } = this.diff;
    const item = (r: HeldRight) =>
      html`<li>${this.actionLabel(r.action)} <span class="hint">${strings.scope(r.scope)}${r.cap === 'admin+settings' ? '' : `, ${strings.rights[r.cap]}`}</span></li>`;
    return html`<section class="preview" part="preview" aria-live="polite">
      <h3>${strings.previewTitle}</h3>
      ${gained.length === 0 && lost.length === 0 ? html`<p>${strings.previewNothing}</p>` : nothing}
      ${gained.length ? html`<div class="gained">${strings.gains}</div><ul>${gained.map(item)}</ul>` : nothing}
      ${lost.length ? html`<div class="lost">${strings.loses}</div><ul>${lost.map(item)}</ul>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'deputy-role-picker': DeputyRolePicker;
  }
}
