export interface DeputyRoleChangeDetail {
  /** the user whose roles were saved */
  user: string;
  /** the roles the user holds now */
  roles: string[];
}

/** The role picker saved a user's roles on the server. */
export class DeputyRoleChangeEvent extends Event {
  static readonly eventName = 'deputy-role-change';
  constructor(readonly detail: DeputyRoleChangeDetail) {
    super(DeputyRoleChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'deputy-role-change': DeputyRoleChangeEvent;
  }
}
