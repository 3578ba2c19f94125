import type { SessionView } from '@deputy/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { DeputyImpersonationChangeEvent } from '../events/deputy-impersonation-change-event.js';
import { DeputyElement } from '../internal/deputy-element.js';
import { strings } from '../strings.js';
import { controls } from '../styles/controls.js';
import { tokens } from '../styles/tokens.js';
import { impersonationBannerStyles } from './impersonation-banner.styles.js';

function subjectName(session: SessionView): string {
  const s = session.subject;
  if (!s) return '';
  return 'user' in s ? `${s.user.firstName} ${s.user.lastName}` : s.account.name;
}

/**
 * @summary Shown whenever the session acts as someone: who acts as whom, in which mode, since
 * when, and *sign out as*. Sticky at the top and announced; it has no close button — the only way
 * to make it go is to sign out as the subject. Renders nothing otherwise.
 *
 * @slot - extra text after the context (e.g. a link to the audit log)
 *
 * @event deputy-impersonation-change - the viewer signed out as the subject; `detail: {}`
 * @event deputy-error - a call failed; `detail: { code, message }`
 *
 * @csspart base - the banner
 * @csspart sign-out - the sign-out-as button
 * @csspart error - the error message
 *
 * @cssproperty --deputy-impersonation-banner-background - background (default: the warning surface)
 * @cssproperty --deputy-impersonation-banner-color - text colour (default: the warning text)
 * @cssproperty --deputy-impersonation-banner-z-index - stacking order (default 1000)
 */
@customElement('deputy-impersonation-banner')
export class DeputyImpersonationBanner extends DeputyElement {
  static override styles = [tokens, controls, impersonationBannerStyles];

  protected readonly reloadOn: readonly string[] = [];
  private readonly onVisible = () => document.visibilityState === 'visible' && void this.refresh();

  protected async load(): Promise<void> {}

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** Ends the impersonation: the session is the actor's own again. */
  async signOutAs(): Promise<void> {
    const done = await this.attempt(async () => (await this.client.impersonation.stop(), true));
    if (done) this.dispatchEvent(new DeputyImpersonationChangeEvent(this.withToken({})));
  }

  override render(): TemplateResult | typeof nothing {
    const s = this.session.value;
    if (!s?.subject) return this.renderFailure(this.failure);
    const subject = subjectName(s);
    const since = s.since === undefined ? undefined : new Date(s.since);
    const mode = s.mode ? strings.rights[s.mode] : strings.userMode;
    return html`<div part="base" role="alert" aria-label=${strings.bannerLabel}>
      <span>
        ${strings.bannerText(`${s.actor.firstName} ${s.actor.lastName}`, subject, mode)}
        ${since ? html`<time class="since" datetime=${since.toISOString()}>${strings.bannerSince(since.toLocaleString())}</time>` : nothing}
        <slot></slot>
      </span>
      <button type="button" part="sign-out" @click=${() => void this.signOutAs()}>${strings.signOutAs(subject)}</button>
      ${this.renderFailure(this.failure)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'deputy-impersonation-banner': DeputyImpersonationBanner;
  }
}
