import { send } from '../browser.ts';
import type { WidgetReport } from '../messaging.ts';
import { h } from './dom.ts';

/** The Deputy widgets on the tab's page: server, token status and last error with its fix. Loaded when opened. */
export function inspectorView(tabId: number | undefined): HTMLElement {
  const body = h('div', { id: 'widgets' });
  const details = h('details', { id: 'inspector-panel' }, h('summary', {}, 'Widgets on this page'), body);
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    if (tabId === undefined) {
      body.replaceChildren(h('p', { class: 'muted' }, 'No page.'));
      return;
    }
    body.replaceChildren(h('p', { class: 'muted' }, 'Looking…'));
    void send({ type: 'inspector/get', tabId }).then(({ widgets, error }) => {
      if (error) body.replaceChildren(h('p', { class: 'error' }, error));
      else if (widgets.length === 0) body.replaceChildren(h('p', { class: 'muted' }, 'No Deputy widgets on this page.'));
      else body.replaceChildren(h('ul', {}, widgets.map(widgetItem)));
    });
  });
  return details;
}

function widgetItem(w: WidgetReport): HTMLElement {
  const token = w.token;
  const tokenText = !token?.present
    ? 'no token (uses the session cookie)'
    : token.valid
      ? `token valid${token.user ? ` for ${token.user}` : ''}${token.expiresAt ? `, expires ${new Date(token.expiresAt).toLocaleString()}` : ''}`
      : `token not usable: ${token.problem ?? 'unknown'}`;
  return h(
    'li',
    { 'data-widget': w.tag },
    h('strong', {}, `<${w.tag}>`),
    h('div', {}, `server: ${w.api ?? '?'}`),
    h('div', { class: token?.present && !token.valid ? 'error' : '' }, tokenText),
    w.lastError
      ? h('div', { class: 'error' }, `last error (${w.lastError.code}): ${w.lastError.message}`, h('div', { class: 'fix' }, w.lastError.fix))
      : h('div', { class: 'muted' }, 'no error seen'),
  );
}
