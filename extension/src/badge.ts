import type { Right } from '@deputy/core';
import type { SessionView } from './api.ts';

/** What the toolbar badge shows: nothing, or a short text and a colour for the impersonation mode. */
export interface BadgeState {
  text: string;
  color: string;
  title: string;
}

const BY_MODE: Record<Right, { text: string; color: string; label: string }> = {
  view: { text: 'VIEW', color: '#1d6fd1', label: 'view-only' },
  admin: { text: 'ADM', color: '#c25e00', label: 'admin' },
  'admin+settings': { text: 'ADM+', color: '#b3261e', label: 'admin with settings' },
};

/** The subject's display name: an operator's or member's full name, or the client account's name. */
export function subjectName(subject: NonNullable<SessionView['subject']>): string {
  return 'user' in subject ? `${subject.user.firstName} ${subject.user.lastName}`.trim() : subject.account.name;
}

export function modeLabel(mode: Right | undefined): string {
  return mode ? BY_MODE[mode].label : 'as the user';
}

/**
 * The badge for the sessions of all connected servers: set while any of them acts as someone
 * (the first such one wins), cleared otherwise. Acting as a user without a mode counts as `admin`.
 */
export function badgeFor(sessions: Array<SessionView | null | undefined>): BadgeState | null {
  const acting = sessions.find((s) => s?.subject !== undefined);
  if (!acting?.subject) return null;
  const style = BY_MODE[acting.mode ?? 'admin'];
  return {
    text: style.text,
    color: style.color,
    title: `Deputy: acting as ${subjectName(acting.subject)} (${style.label})`,
  };
}
