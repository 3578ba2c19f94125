import { applyToPartner, isPartnerChange } from './apply.js';
import type { AttemptRow, AuditEntry, Change, PartnerState, SessionRow } from './types.js';

/** The whole embedded store as one JSON document (the lowdb snapshot). */
export interface StoreData {
  format: 'deputy-store/1';
  /** the last journal record folded into this snapshot */
  seq?: number;
  partners: Record<string, PartnerState>;
  sessions: Record<string, SessionRow>;
  attempts: Record<string, AttemptRow>;
  audit: Record<string, AuditEntry[]>;
}

export function isStoreData(data: unknown): data is StoreData {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<StoreData>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return d.format === 'deputy-store/1' && isObject(d.partners) && isObject(d.sessions) && isObject(d.attempts) && isObject(d.audit);
}

export const emptyStore = (): StoreData => ({ format: 'deputy-store/1', partners: {}, sessions: {}, attempts: {}, audit: {} });

/** Apply one committed change to the document (also used to replay the journal). */
export function applyChange(data: StoreData, partner: string, change: Change): void {
  if (change.op === 'partner.put') {
    data.partners[change.partner.id] = structuredClone(change.partner);
    return;
  }
  if (isPartnerChange(change)) {
    const p = Object.hasOwn(data.partners, partner) ? data.partners[partner] : undefined;
    if (p) applyToPartner(p, structuredClone(change));
    return;
  }
  switch (change.op) {
    case 'audit.append':
      (data.audit[partner] ??= []).push(structuredClone(change.entry));
      return;
    case 'session.put':
      data.sessions[change.key] = structuredClone(change.session);
      return;
    case 'session.delete':
      delete data.sessions[change.key];
      return;
    case 'session.deleteForUser':
      for (const [key, s] of Object.entries(data.sessions)) {
        const subjectUser = s.subject && 'user' in s.subject ? s.subject.user : undefined;
        if (s.partner === partner && (s.actor === change.user || subjectUser === change.user)) delete data.sessions[key];
      }
      return;
    case 'session.prune':
      for (const [key, s] of Object.entries(data.sessions)) if (s.expiresAt <= change.now) delete data.sessions[key];
      for (const [key, a] of Object.entries(data.attempts)) if (a.expiresAt <= change.now) delete data.attempts[key];
      return;
    case 'attempt.put':
      data.attempts[change.key] = structuredClone(change.attempt);
      return;
    case 'attempt.delete':
      delete data.attempts[change.key];
      return;
  }
}
