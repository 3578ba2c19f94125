import type { SessionView } from '../api.ts';
import { send } from '../browser.ts';
import { h } from './dom.ts';
import { userName } from './context-view.ts';

/**
 * Can user U do action A on account C, and why: the server decides (POST /api/check with `user`,
 * allowed only to those who may view others' permissions). Options load when it is first opened.
 */
export function checkerView(server: string, session: SessionView, account: string | undefined): HTMLElement {
  const user = h('select', { name: 'user', required: true, 'aria-label': 'User' });
  const action = h(
    'select',
    { name: 'action', required: true, 'aria-label': 'Action' },
    session.policy.actions.filter((a) => a.target === 'account' || a.target === 'partner').map((a) => h('option', { value: a.id }, a.label)),
  );
  const accountSelect = h('select', { name: 'account', required: true, 'aria-label': 'Account' });
  const result = h('div', { id: 'check-result', role: 'status' });
  const form = h(
    'form',
    {
      id: 'checker',
      onsubmit: (e) => {
        e.preventDefault();
        result.textContent = 'Checking…';
        void send({ type: 'checker/check', server, user: user.value, action: action.value, account: accountSelect.value }).then((d) => {
          if ('error' in d) {
            result.replaceChildren(h('p', { class: 'error' }, d.error));
            return;
          }
          result.replaceChildren(
            h('p', { class: d.allowed ? 'allowed' : 'denied', 'data-allowed': String(d.allowed) }, d.allowed ? '✓ Allowed' : '✕ Denied'),
            h('ul', {}, d.reasons.map((r) => h('li', {}, r.text))),
          );
        });
      },
    },
    h('label', {}, 'User ', user),
    h('label', {}, 'Action ', action),
    h('label', {}, 'Account ', accountSelect),
    h('button', { type: 'submit' }, 'Check'),
  );
  const details = h('details', { id: 'checker-panel' }, h('summary', {}, 'Checker'), form, result);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    void send({ type: 'checker/options', server }).then((o) => {
      if (o.error) result.replaceChildren(h('p', { class: 'error' }, o.error));
      user.replaceChildren(...o.users.map((u) => h('option', { value: u.id }, `${userName(u)} (${u.username})`)));
      accountSelect.replaceChildren(...o.accounts.map((a) => h('option', { value: a.id, selected: a.id === account }, a.name)));
    });
  });
  return details;
}
