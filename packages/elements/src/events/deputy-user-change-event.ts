import type { UserView } from '@deputy/client';

export interface DeputyUserChangeDetail {
  /** what happened to the user */
  change: 'created' | 'edited' | 'block' | 'disable' | 'enable' | 'unlock' | 'activate' | 'resetPassword' | 'deleted';
  /** the user id */
  id: string;
  /** the user as the server returned it, when it still exists */
  user?: UserView;
}

/** The user manager changed a user on the server. */
export class DeputyUserChangeEvent extends Event {
  static readonly eventName = 'deputy-user-change';
  constructor(readonly detail: DeputyUserChangeDetail) {
    super(DeputyUserChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'deputy-user-change': DeputyUserChangeEvent;
  }
}
