import type { ImpersonationTarget } from '@deputy/client';

export interface DeputyImpersonationChangeDetail {
  /** whom the session acts as now; absent after signing out as them */
  target?: ImpersonationTarget;
}

/**
 * The session started or stopped acting as someone. Every Deputy element on the page listens for
 * it on `window` and reloads, since what the viewer may do has changed.
 */
export class DeputyImpersonationChangeEvent extends Event {
  static readonly eventName = 'deputy-impersonation-change';
  constructor(readonly detail: DeputyImpersonationChangeDetail) {
    super(DeputyImpersonationChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'deputy-impersonation-change': DeputyImpersonationChangeEvent;
  }
  interface WindowEventMap {
    'deputy-impersonation-change': DeputyImpersonationChangeEvent;
  }
}
