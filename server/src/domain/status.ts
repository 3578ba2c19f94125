import type { Policy, UserStatus } from '@deputy/core';
import type { UserRow } from '../store/types.js';

const DAY = 86_400_000;

/** A user's status now: the stored one, or `locked` / `expired` as the clock and the policy say. */
export function statusOf(user: UserRow, policy: Policy, now: number): UserStatus {
  if (user.status !== 'active') return user.status;
  if (user.lockedUntil !== undefined && user.lockedUntil > now) return 'locked';
  const days = policy.signIn.expireAfterDays;
  if (days !== undefined && now - user.activeSince > days * DAY) return 'expired';
  return 'active';
}
