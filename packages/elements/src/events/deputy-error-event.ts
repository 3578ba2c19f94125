import type { DeputyErrorCode } from '@deputy/client';

export interface DeputyErrorDetail {
  code: DeputyErrorCode;
  message: string;
  field?: string;
}

/** A call to the server failed; the component also shows the message. */
export class DeputyErrorEvent extends Event {
  static readonly eventName = 'deputy-error';
  constructor(readonly detail: DeputyErrorDetail) {
    super(DeputyErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'deputy-error': DeputyErrorEvent;
  }
}
