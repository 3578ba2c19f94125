import { Hono } from 'hono';
import { hashPassword } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { commitAudited, refuse } from '../domain/guard.js';
import { decideUserOp, type UserOp } from '../domain/operations.js';
import { initialPassword, visibleUser } from '../domain/users.js';
import { userView } from '../domain/views.js';
import type { Env } from '../middleware/auth.js';
import type { Change, UserRow } from '../store/types.js';

type StatusOp = Extract<UserOp, 'block' | 'disable' | 'enable' | 'unlock' | 'activate' | 'resetPassword'>;

/** What each status operation does to the stored user, and whether it ends the user's sessions. */
function transition(op: StatusOp, row: UserRow, now: number, passwordHash?: string): { user: UserRow; endSessions: boolean } {
  const user: UserRow = { ...row };
  switch (op) {
    case 'block':
      return { user: { ...user, status: 'blocked' }, endSessions: true };
    case 'disable':
      return { user: { ...user, status: 'disabled' }, endSessions: true };
    case 'enable':
      return { user: { ...user, status: user.status === 'invited' ? 'invited' : 'active', activeSince: now }, endSessions: false };
    case 'unlock':
      delete user.lockedUntil;
      return { user: { ...user, failedSignIns: 0 }, endSessions: false };
    case 'activate':
      return { user: { ...user, activeSince: now }, endSessions: false };
    case 'resetPassword':
      return { user: { ...user, passwordHash: passwordHash!, failedSignIns: 0 }, endSessions: true };
  }
}

/**
 * `POST /users/:id/{block,disable,enable,unlock,activate,reset-password}`. Blocking, disabling and
 * resetting a password end the user's sessions and tokens at once, and any impersonation of them.
 */
export function userStatusRoutes(deps: Deps) {
  const handler = (op: StatusOp) =>
    async (c: import('hono').Context<Env>) => {
      const auth = c.get('auth');
      const password = op === 'resetPassword' ? initialPassword() : undefined;
      const passwordHash = password ? await hashPassword(password) : undefined;
      const { row, record } = visibleUser(auth, c.req.param('id')!);
      const action = `user.${op}`;
      const d = decideUserOp(auth.partner, auth.session, op, record);
      if (!d.allowed) await refuse(deps, auth, d, action, `user:${row.id}`);
      const { user, endSessions } = transition(op, row, deps.clock.now(), passwordHash);
      const changes: Change[] = [{ op: 'user.put', user }];
      if (endSessions) changes.push({ op: 'session.deleteForUser', user: row.id });
      await commitAudited(deps, auth, changes, action, `user:${row.id}`);
      if (password) {
        await deps.notifier.send({
          to: user.email, channel: 'email', subject: `${auth.partner.state.name}: your password was reset`,
          body: `Your password was reset. Username: ${user.username}. New password: ${password}`,
        });
      }
      return c.json(userView(auth.partner, user, auth.session));
    };
  return new Hono<Env>()
    .post('/:id/block', handler('block'))
    .post('/:id/disable', handler('disable'))
    .post('/:id/enable', handler('enable'))
    .post('/:id/unlock', handler('unlock'))
    .post('/:id/activate', handler('activate'))
    .post('/:id/reset-password', handler('resetPassword'));
}
