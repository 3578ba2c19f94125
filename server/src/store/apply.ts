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
      p.shares.push(change.share);
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

/** Remove the shares of one account with one group in place: copying a million-share array on every change made share writes slow. */
function removeShares(p: PartnerState, account: string, group: string): void {
  const shares = p.shares;
  for (let i = shares.length - 1; i >= 0; i--) if (shares[i]!.account === account && shares[i]!.group === group) shares.splice(i, 1);
}
