import type { ImpersonationTarget } from '@deputy/client';

export interface DeputyImpersonationChangeDetail {
  /** whom the session acts as now; absent after signing out as them */
  target?: ImpersonationTarget;
  /**
   * On embed-token pages: the token that replaced the elements' old one (which no longer works).
   * The elements already use it; give it to elements the host creates later.
   */
  token?: string;
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
