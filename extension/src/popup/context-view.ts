import type { RightEntry, SessionView, UserView } from '../api.ts';
import { modeLabel, subjectName } from '../badge.ts';
import { groupRights } from '../rights.ts';
import { h } from './dom.ts';

export function userName(user: Pick<UserView, 'firstName' | 'lastName' | 'username'>): string {
  return `${user.firstName} ${user.lastName}`.trim() || user.username;
}

/**
 * Who is signed in, whom they act as, in which mode and since when, with Sign out as. `token`:
 * the session is the one of the page's widget embed token (until `expiresAt`, when known).
 */
export function contextView(session: SessionView, onSignOutAs: (e: Event) => void, token?: { expiresAt?: string }): HTMLElement {
  const subject = session.subject;
  const rows: Array<[string, string, string]> = [
    ['actor', 'Signed in as', `${userName(session.actor)} (${session.actor.username})`],
    ['partner', 'Partner', session.partner.name],
  ];
  if (token) rows.push(['source', 'Session', `the widgets' embed token${token.expiresAt ? `, until ${new Date(token.expiresAt).toLocaleString()}` : ''}`]);
  if (subject) {
    const kind = 'user' in subject ? (subject.user.kind === 'operator' ? 'operator' : 'member') : 'client account';
    rows.push(['subject', 'Acting as', `${subjectName(subject)} (${kind})`]);
    rows.push(['mode', 'Mode', modeLabel(session.mode)]);
    if (session.since !== undefined) rows.push(['since', 'Since', new Date(session.since).toLocaleString()]);
  }
  return h(
    'section',
    { class: subject ? 'context acting' : 'context', 'aria-label': 'Session' },
    h('dl', {}, rows.map(([id, label, value]) => [h('dt', {}, label), h('dd', { id, 'data-value': value }, value)])),
    subject
      ? h('button', { id: 'sign-out-as', type: 'button', class: 'primary', onclick: onSignOutAs }, `Sign out as ${subjectName(subject)}`)
      : h('p', { class: 'muted', id: 'subject' }, 'Not acting as anyone.'),
  );
}

/**
 * The effective rights on one account, grouped by the policy's areas, each with the server's
 * reasons. The reason that says whom the session acts as is the same on every row: it is shown
 * once, above the list.
 */
export function rightsView(entries: RightEntry[], areas: SessionView['policy']['areas']): HTMLElement {
  const acting = entries.flatMap((e) => e.reasons).find((r) => r.code === 'impersonating');
  return h(
    'section',
    { id: 'rights', 'aria-label': 'Effective rights' },
    acting ? h('p', { class: 'muted', id: 'acting-note' }, acting.text) : null,
    groupRights(entries, areas).map((group) =>
      h(
        'details',
        { open: group.allowed > 0, 'data-area': group.area },
        h('summary', {}, `${group.label} `, h('span', { class: 'muted' }, `${group.allowed}/${group.entries.length} allowed`)),
        h(
          'ul',
          {},
          group.entries.map((e) =>
            h(
              'li',
              { class: e.allowed ? 'allowed' : 'denied', 'data-action': e.action, 'data-allowed': String(e.allowed) },
              h('span', { class: 'mark', 'aria-label': e.allowed ? 'allowed' : 'denied' }, e.allowed ? '✓' : '✕'),
              ' ',
              e.label,
              rowReasons(e).length > 0 ? h('small', {}, rowReasons(e).join(' ')) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

function rowReasons(entry: RightEntry): string[] {
  return entry.reasons.filter((r) => r.code !== 'impersonating').map((r) => r.text);
}
