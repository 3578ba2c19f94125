import type { Right } from '@deputy/client';

export interface DeputyShareChangeDetail {
  account: string;
  group: string;
  /** the group's right now; absent when the share was removed */
  right?: Right;
}

/** The sharing panel added, changed or removed a share on the server. */
export class DeputyShareChangeEvent extends Event {
  static readonly eventName = 'deputy-share-change';
  constructor(readonly detail: DeputyShareChangeDetail) {
    super(DeputyShareChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'deputy-share-change': DeputyShareChangeEvent;
  }
}
