import { ApiError } from '../errors.js';
import type { Auth } from '../middleware/auth.js';
import type { AccountRow } from '../store/types.js';
import { decideAccountOp } from './operations.js';

/** The account with this id if the session may see it; 404 alike for missing and hidden ones. */
export function visibleAccount(auth: Auth, id: string): AccountRow {
  const account = auth.partner.account(id);
  if (!account || !decideAccountOp(auth.partner.cp, auth.partner.dir, auth.session, 'view', id).allowed) {
    throw new ApiError('not_found', 'No such account.');
  }
  return account;
}
