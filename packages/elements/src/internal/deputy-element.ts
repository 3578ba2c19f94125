import { createClient, type DeputyClient, type SessionView } from '@deputy/client';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LoadController } from '../controllers/load-controller.js';
import { DeputyErrorEvent, type DeputyErrorDetail } from '../events/deputy-error-event.js';
import type { DeputyImpersonationChangeDetail } from '../events/deputy-impersonation-change-event.js';
import { strings } from '../strings.js';
import { errorDetail } from './error-detail.js';

/** One client per server and token, so the elements of a page share one CSRF token. */
const clients = new Map<string, DeputyClient>();

/**
 * What every Deputy element shares: the `api` and `token` attributes, a client built from them,
 * the viewer's session (for the policy's labels), error display, and reloading when the page's
 * impersonation context changes. Not public API.
 */
export abstract class DeputyElement extends LitElement {
  /** the Deputy server's base URL; empty: this page's origin (cookie session) */
  @property() api = '';
  /** an embed token minted by the host's backend; empty: the session cookie is used */
  @property() token = '';
  /** `light` or `dark`; absent: follows `prefers-color-scheme` */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** the last failed action, shown above the content */
  @state() protected failure: DeputyErrorDetail | undefined;

  protected readonly session = new LoadController<SessionView>(this, () => this.client.session());
  private readonly onContextChange = () => this.refresh();

  /** The API client for the current `api` and `token`, shared by every element that uses the same ones. */
  protected get client(): DeputyClient {
    const key = `${this.api}\n${this.token}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = createClient(this.token ? { api: this.api, token: this.token } : { api: this.api })));
    return client;
  }

  /** Properties whose change reloads the element's own data (`api` and `token` reload everything). */
  protected abstract readonly reloadOn: readonly string[];
  /** Loads the element's own data. */
  protected abstract load(): Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('deputy-impersonation-change', this.onContextChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('deputy-impersonation-change', this.onContextChange);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.hasUpdated || changed.has('api') || changed.has('token')) void this.refresh();
    else if (this.reloadOn.some((p) => changed.has(p))) void this.load();
  }

  /** Reloads the session and the element's data. */
  async refresh(): Promise<void> {
    this.failure = undefined;
    await Promise.all([this.session.run(), this.load()]);
  }

  /** Runs a server call for a user's action: a failure is shown and dispatched, never thrown. */
  protected async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.failure = undefined;
    try {
      return await work();
    } catch (error) {
      this.failure = errorDetail(error);
      this.dispatchEvent(new DeputyErrorEvent(this.failure));
      return undefined;
    }
  }

  /** The detail of an impersonation change, with the replacement token on embed-token pages. */
  protected withToken(detail: DeputyImpersonationChangeDetail): DeputyImpersonationChangeDetail {
    const token = this.client.token;
    return this.token && token ? { ...detail, token } : detail;
  }

  /** The label of a role id in the viewer's policy. */
  protected roleLabel(id: string): string {
    return this.session.value?.policy.roles.find((r) => r.id === id)?.label ?? id;
  }

  /** The label of an action id in the viewer's policy. */
  protected actionLabel(id: string): string {
    return this.session.value?.policy.actions.find((a) => a.id === id)?.label ?? id;
  }

  /** An error box for `detail`, announced to screen readers. */
  protected renderFailure(detail: DeputyErrorDetail | undefined, retry?: () => void): TemplateResult | typeof nothing {
    if (!detail) return nothing;
    return html`<div class="error" role="alert" part="error">
      <strong>${strings.errorTitle}:</strong> ${detail.message}
      ${retry ? html`<button type="button" @click=${retry}>${strings.retry}</button>` : nothing}
    </div>`;
  }
}
