import type { RightEntry, SessionView } from './api.ts';

/** The effective rights of one area of the policy, in the policy's order. */
export interface RightsArea {
  area: string;
  label: string;
  entries: RightEntry[];
  allowed: number;
}

/**
 * Groups the server's rights by area: areas in the order the policy lists them (unknown areas
 * last, labelled by their id), entries in the server's order. Decides nothing: the decisions
 * and their reasons are the server's.
 */
export function groupRights(entries: readonly RightEntry[], areas: SessionView['policy']['areas']): RightsArea[] {
  const byArea = new Map<string, RightEntry[]>();
  for (const id of Object.keys(areas)) byArea.set(id, []);
  for (const e of entries) {
    const list = byArea.get(e.area);
    if (list) list.push(e);
    else byArea.set(e.area, [e]);
  }
  return [...byArea]
    .filter(([, list]) => list.length > 0)
    .map(([area, list]) => ({
      area,
      label: areas[area] ?? area,
      entries: list,
      allowed: list.filter((e) => e.allowed).length,
    }));
}

/** The account the popup shows rights on by default: the one acted as, else the subject's or the actor's own. */
export function defaultAccount(session: SessionView): string | undefined {
  const subject = session.subject;
  if (subject && 'account' in subject) return subject.account.id;
  if (subject && 'user' in subject) return subject.user.account;
  return session.actor.account;
}
