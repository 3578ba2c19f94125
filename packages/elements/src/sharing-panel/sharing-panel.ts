import type { GroupView, Right, SharesView, WireDecision } from '@deputy/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LoadController } from '../controllers/load-controller.js';
import { DeputyImpersonationChangeEvent } from '../events/deputy-impersonation-change-event.js';
import { DeputyShareChangeEvent } from '../events/deputy-share-change-event.js';
import { DeputyElement } from '../internal/deputy-element.js';
import { guarded, reasonText } from '../internal/guarded.js';
import { strings } from '../strings.js';
import { controls } from '../styles/controls.js';
import { tokens } from '../styles/tokens.js';
import { sharingPanelStyles } from './sharing-panel.styles.js';

interface SharingData {
  view: SharesView;
  groups: GroupView[];
}

/**
 * @summary One client account's sharing: the groups it is shared with at which right, adding,
 * changing and removing shares at the rights the viewer may give, each user's effective right with
 * the cap that produced it, and *sign in as* at the modes the viewer's own right allows.
 *
 * @slot - content above the panel's sections (e.g. the account's name as a heading)
 *
 * @event deputy-share-change - a share was added, changed or removed; `detail: { account, group, right? }`
 * @event deputy-impersonation-change - the viewer signed in to the account
 * @event deputy-error - a call failed; `detail: { code, message }`
 *
 * @csspart base - the frame
 * @csspart shares - the table of shares
 * @csspart right-select - the right of one share, or of a new one
 * @csspart action - a button guarded by the server's decision
 * @csspart reason - why an action is unavailable
 * @csspart users - the effective rights of the users
 * @csspart sign-in - the sign-in-as buttons
 * @csspart error - the error message
 *
 * @cssproperty --deputy-sharing-panel-right-color - colour of an effective right (default: the accent)
 */
@customElement('deputy-sharing-panel')
export class DeputySharingPanel extends DeputyElement {
  static override styles = [tokens, controls, sharingPanelStyles];

  /** the client account's id */
  @property() account = '';

  @state() private newGroup = '';
  @state() private newRight: Right | '' = '';

  protected readonly reloadOn = ['account'];
  private readonly data = new LoadController<SharingData>(this, async () => {
    const [view, groups] = await Promise.all([
      this.client.accounts.shares(this.account),
      this.client.groups.list().catch(() => [] as GroupView[]),
    ]);
    return { view, groups };
  });

  protected async load(): Promise<void> {
    if (this.account) await this.data.run();
  }

  /** False when the partner's policy has no sharing at all (the core names no sharing action). */
  private hasSharing(view: SharesView): boolean {
    return view.shares.length > 0 || !view.shareable.every((s) => s.reasons.length > 0 && s.reasons.every((r) => r.code === 'unknown-action'));
  }

  /** The core's decision on sharing this account at all: the gate of every share change. */
  private get gate(): WireDecision | undefined {
    const shareable = this.data.value?.view.shareable ?? [];
    return shareable.find((s) => s.allowed) ?? shareable[0];
  }

  private async share(group: string, right: Right | undefined): Promise<void> {
    const ok = await this.attempt(async () => {
      if (right) await this.client.accounts.share(this.account, group, right);
      else await this.client.accounts.unshare(this.account, group);
      return true;
    });
    if (!ok) return;
    this.newGroup = '';
    this.newRight = '';
    this.dispatchEvent(new DeputyShareChangeEvent(right ? { account: this.account, group, right } : { account: this.account, group }));
    await this.data.run();
  }

  private async signIn(mode: Right): Promise<void> {
    const target = { account: this.account, mode };
    const done = await this.attempt(async () => (await this.client.impersonation.start(target), true));
    if (done) this.dispatchEvent(new DeputyImpersonationChangeEvent(this.withToken({ target })));
  }

  override render(): TemplateResult {
    const d = this.data.value;
    return html`<div part="base" aria-busy=${this.data.status === 'pending' ? 'true' : 'false'}>
      <slot></slot>
      ${this.renderFailure(this.data.error ?? this.session.error, () => void this.refresh())} ${this.renderFailure(this.failure)}
      ${d ? [this.hasSharing(d.view) ? this.renderShares(d) : nothing, this.renderUsers(d.view), this.renderSignIn(d.view)] : html`<span class="hint">${strings.loading}</span>`}
    </div>`;
  }

  private rightOptions(d: SharingData, current?: Right): TemplateResult[] {
    return d.view.shareable.map(
      (s) => html`<option value=${s.right} ?selected=${s.right === current} ?disabled=${!s.allowed && s.right !== current}>${strings.rights[s.right]}</option>`,
    );
  }

  private renderShares(d: SharingData): TemplateResult {
    const shared = new Set(d.view.shares.map((s) => s.group.id));
    const candidates = d.groups.filter((g) => !shared.has(g.id));
    const denied = d.view.shareable.filter((s) => !s.allowed);
    const gateOpen = this.gate?.allowed === true;
    return html`<section>
      <h2 id="shares-title">${strings.sharedWith}</h2>
      ${d.view.shares.length === 0
        ? html`<p class="hint">${strings.noShares}</p>`
        : html`<table part="shares" aria-labelledby="shares-title">
            <thead><tr><th scope="col">${strings.group}</th><th scope="col">${strings.right}</th><th scope="col"><span class="visually-hidden">${strings.remove}</span></th></tr></thead>
            <tbody>
              ${d.view.shares.map(
                (s) => html`<tr data-group=${s.group.id}>
                  <th scope="row">${s.group.name}</th>
                  <td><select part="right-select" aria-label=${strings.rightOf(s.group.name)} ?disabled=${!gateOpen}
                    aria-describedby=${gateOpen ? nothing : 'share-gate-why'}
                    @change=${(e: Event) => void this.share(s.group.id, (e.target as HTMLSelectElement).value as Right)}>${this.rightOptions(d, s.right)}</select></td>
                  <td>${guarded({ id: `unshare-${s.group.id}`, label: strings.remove, ariaLabel: strings.removeShare(s.group.name), decision: this.gate, className: 'danger', onClick: () => void this.share(s.group.id, undefined) })}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <form class="field-row" aria-label=${strings.addShareTitle} @submit=${(e: Event) => (e.preventDefault(), this.newGroup && this.newRight && void this.share(this.newGroup, this.newRight))}>
        <label>${strings.group}
          <select .value=${this.newGroup} @change=${(e: Event) => (this.newGroup = (e.target as HTMLSelectElement).value)}>
            <option value="">${strings.chooseGroup}</option>
            ${candidates.map((g) => html`<option value=${g.id}>${g.name}</option>`)}
          </select>
        </label>
        <label>${strings.right}
          <select part="right-select" .value=${this.newRight} @change=${(e: Event) => (this.newRight = (e.target as HTMLSelectElement).value as Right)}>
            <option value=""></option>${this.rightOptions(d)}
          </select>
        </label>
        ${gateOpen
          ? html`<button type="submit" class="primary" part="action" ?disabled=${!this.newGroup || !this.newRight}>${strings.addShare}</button>`
          : guarded({ id: 'share-gate', label: strings.addShare, decision: this.gate, onClick: () => undefined })}
      </form>
      ${denied.length && gateOpen
        ? html`<div class="hint">${strings.unavailableRights}:</div>
            <ul class="unavailable" part="reason">${denied.map((s) => html`<li>${strings.rights[s.right]}: ${reasonText(s)}</li>`)}</ul>`
        : nothing}
    </section>`;
  }

  private renderUsers(view: SharesView): TemplateResult {
    return html`<section>
      <h2 id="users-title">${strings.effectiveRights}</h2>
      <table part="users" aria-labelledby="users-title">
        <tbody>
          ${view.users.map(
            (u) => html`<tr data-user=${u.user.id}>
              <th scope="row">${u.user.firstName} ${u.user.lastName}</th>
              <td>${u.right ? html`<span class="right">${strings.rights[u.right]}</span>` : html`<span class="none">${strings.noAccess}</span>`}</td>
              <td class="hint">${u.reasons.map((r) => r.text).join(' ')}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  private renderSignIn(view: SharesView): TemplateResult | typeof nothing {
    if (view.signIn.length === 0) return nothing;
    return html`<section>
      <h2>${strings.signInAs}</h2>
      <div class="sign-in" part="sign-in">
        ${view.signIn.map((s) => guarded({ id: `sign-in-${s.mode.replace('+', '-')}`, label: strings.signInAt(strings.rights[s.mode]), decision: s, onClick: () => void this.signIn(s.mode) }))}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'deputy-sharing-panel': DeputySharingPanel;
  }
}
