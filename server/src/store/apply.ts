import type { ShareRecord } from '@deputy/core';
import type { Change, PartnerState } from './types.js';

/** The changes that edit a partner's directory (as opposed to sessions, attempts and audit). */
export type PartnerChange = Exclude<Change, { op: `session.${string}` | `attempt.${string}` | 'audit.append' | 'partner.put' }>;

export function isPartnerChange(change: Change): change is PartnerChange {
  return !/^(session|attempt|audit|partner)\./.test(change.op);
}

/**
 * Apply one directory change to a partner's plain data. Shared by the lowdb store and the
 * server's in-memory copy so that both always agree. Never throws on valid changes.
 */
export function applyToPartner(p: PartnerState, change: PartnerChange): void {
  switch (change.op) {
    case 'user.put':
      p.users[change.user.id] = change.user;
      return;
    case 'user.delete': {
      delete p.users[change.id];
      for (const group of Object.values(p.groups)) {
        if (group.members.includes(change.id)) group.members = group.members.filter((m) => m !== change.id);
      }
      p.assignments = p.assignments.filter((a) => a.user !== change.id);
      return;
    }
    case 'account.put':
      p.accounts[change.account.id] = change.account;
      return;
    case 'group.put':
      p.groups[change.group.id] = change.group;
      return;
    case 'group.delete':
      delete p.groups[change.id];
      p.shares = p.shares.filter((s) => s.group !== change.id);
      return;
    case 'share.put':
      removeShares(p, change.share.account, change.share.group);
      addShare(p, change.share);
      return;
    case 'share.delete':
      removeShares(p, change.account, change.group);
      return;
    case 'assignment.put':
      if (!p.assignments.some((a) => a.user === change.assignment.user && a.account === change.assignment.account)) {
        p.assignments.push(change.assignment);
      }
      return;
    case 'assignment.delete':
      p.assignments = p.assignments.filter((a) => !(a.user === change.assignment.user && a.account === change.assignment.account));
      return;
    case 'setting.put':
      p.settings[change.key] = change.value;
      return;
    case 'customRole.put':
      p.customRoles = [...p.customRoles.filter((r) => r.id !== change.role.id), change.role];
      return;
    case 'customRole.delete':
      p.customRoles = p.customRoles.filter((r) => r.id !== change.id);
      for (const user of Object.values(p.users)) {
        if (user.roles.includes(change.id)) p.users[user.id] = { ...user, roles: user.roles.filter((r) => r !== change.id) };
      }
      return;
  }
}

interface SharesByAccount {
  /** the length of the array when last indexed or changed here */
  length: number;
  byAccount: Map<string, ShareRecord[]>;
}

/**
 * Each share array's shares by account, kept beside the array, so that a share change finds the
 * share it replaces among that account's few instead of comparing a million records (~7 ms). Only
 * `applyToPartner` changes share arrays in place; a replaced array starts a new index, and one
 * whose length moved otherwise is indexed again.
 */
const indexes = new WeakMap<ShareRecord[], SharesByAccount>();

/** Index a share array now (at load), so that the first share change does not pay for it in a request. */
export function indexShares(shares: ShareRecord[]): void {
  indexOf(shares);
}

function indexOf(shares: ShareRecord[]): SharesByAccount {
  let index = indexes.get(shares);
  if (!index || index.length !== shares.length) {
    const byAccount = new Map<string, ShareRecord[]>();
    for (const share of shares) {
      const list = byAccount.get(share.account);
      if (list) list.push(share);
      else byAccount.set(share.account, [share]);
    }
    index = { length: shares.length, byAccount };
    indexes.set(shares, index);
  }
  return index;
}

/** Remove the shares of one account with one group in place: copying a million-share array on every change made share writes slow. */
function removeShares(p: PartnerState, account: string, group: string): void {
  const shares = p.shares;
  const index = indexOf(shares);
  const ofAccount = index.byAccount.get(account);
  if (!ofAccount?.some((s) => s.group === group)) return;
  for (const share of ofAccount) {
    if (share.group !== group) continue;
    const at = shares.indexOf(share);
    if (at >= 0) shares.splice(at, 1);
  }
  const rest = ofAccount.filter((s) => s.group !== group);
  if (rest.length > 0) index.byAccount.set(account, rest);
  else index.byAccount.delete(account);
  index.length = shares.length;
}

/** Append a share (last, as a replaced share moves). */
function addShare(p: PartnerState, share: ShareRecord): void {
  const index = indexOf(p.shares);
  p.shares.push(share);
  const list = index.byAccount.get(share.account);
  if (list) list.push(share);
  else index.byAccount.set(share.account, [share]);
  index.length = p.shares.length;
}
