import type { WireDecision } from '@deputy/client';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** The sentences of a decision's reasons, as the server gave them. */
export function reasonText(decision: WireDecision | undefined): string {
  return (decision?.reasons ?? []).map((r) => r.text).join(' ');
}

export interface GuardedOptions {
  /** unique within the shadow root: names the reason element */
  id: string;
  label: string;
  decision: WireDecision | undefined;
  onClick: () => void;
  /** an accessible name when the visible label needs context (e.g. the row's user) */
  ariaLabel?: string;
  part?: string;
  className?: string;
}

/**
 * A button for an action the server decided. When denied it stays focusable but inert
 * (`aria-disabled`), and the core's reasons show on hover and on focus, and are its accessible
 * description — the widget never decides by itself.
 */
export function guarded(o: GuardedOptions): TemplateResult {
  const allowed = o.decision?.allowed === true;
  const why = allowed ? '' : reasonText(o.decision);
  const reasonId = `${o.id}-why`;
  return html`<span class="guarded"
    ><button
      type="button"
      id=${o.id}
      class=${ifDefined(o.className)}
      part=${o.part ?? 'action'}
      aria-label=${ifDefined(o.ariaLabel)}
      aria-disabled=${allowed ? 'false' : 'true'}
      aria-describedby=${allowed ? nothing : reasonId}
      title=${allowed ? nothing : why}
      data-action=${o.id}
      @click=${allowed ? o.onClick : undefined}
    >
      ${o.label}</button
    >${allowed ? nothing : html`<span class="reason" role="tooltip" part="reason" id=${reasonId}>${why}</span>`}</span
  >`;
}
