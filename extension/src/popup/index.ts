/**
 * The popup: the session context and effective rights for the Deputy server of the active tab
 * (or of `?tab=<id>` when opened detached), Sign out as, the lens switch, the checker and the
 * widget inspector. Everything shown comes fresh from the server through the service worker.
 */
import { browser, send } from '../browser.ts';
import type { ContextReply } from '../messaging.ts';
import { checkerView } from './checker.ts';
import { contextView, rightsView } from './context-view.ts';
import { h } from './dom.ts';
import { inspectorView } from './inspector.ts';

const app = document.querySelector<HTMLElement>('#app')!;

async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function show(tabId: number | undefined, account?: string): Promise<void> {
  const reply = await send({ type: 'context/get', ...(tabId === undefined ? {} : { tabId }), ...(account === undefined ? {} : { account }) });
  app.replaceChildren(...render(reply, tabId));
  document.body.dataset.state = reply.session ? 'context' : reply.session === null ? 'signed-out' : 'error';
  performance.mark('deputy-context-shown');
}

function render(reply: ContextReply, tabId: number | undefined): Node[] {
  const { server, session } = reply;
  if (!server) return [h('p', { class: 'error' }, reply.error ?? 'No server.'), optionsLink()];
  const header = h('header', {}, h('strong', {}, 'Deputy'), ' ', h('span', { class: 'muted', id: 'server' }, server));
  if (session === undefined) return [header, h('p', { class: 'error', id: 'error' }, reply.error ?? 'Unknown error.'), optionsLink()];
  if (session === null) {
    return [header, h('p', { id: 'signed-out' }, 'Not signed in. ', h('a', { href: server, target: '_blank' }, 'Sign in on the server'), '.')];
  }
  const signOutAs = (e: Event) => {
    const button = e.currentTarget as HTMLButtonElement;
    button.disabled = true;
    const onToken = reply.source === 'token' && tabId !== undefined ? { tabId, token: true } : {};
    void send({ type: 'impersonation/stop', server, ...onToken }).then((r) => {
      if (r.ok) void show(tabId, undefined);
      else {
        button.disabled = false;
        button.after(h('p', { class: 'error' }, r.error ?? 'Could not sign out as.'));
      }
    });
  };
  const accountPicker = h('select', { id: 'account', 'aria-label': 'Account', onchange: (e) => void show(tabId, (e.target as HTMLSelectElement).value) });
  accountPicker.append(h('option', { value: reply.account ?? '', selected: true }, reply.account ?? 'Choose an account'));
  // The account list comes from the cookie session: on a token's session the picker keeps the token's own account.
  if (reply.source === 'cookie') {
    void send({ type: 'accounts/list', server }).then(({ accounts }) => {
      if (accounts.length === 0) return;
      accountPicker.replaceChildren(
        ...(reply.account === undefined ? [h('option', { value: '', selected: true, disabled: true }, 'Choose an account')] : []),
        ...accounts.map((a) => h('option', { value: a.id, selected: a.id === reply.account }, a.name)),
      );
    });
  }
  const lens = h('input', {
    type: 'checkbox',
    id: 'lens',
    checked: reply.lens === true,
    disabled: tabId === undefined,
    onchange: (e) => {
      const box = e.target as HTMLInputElement;
      lensStatus.textContent = box.checked ? 'Marking…' : '';
      void send({ type: 'lens/set', tabId: tabId!, on: box.checked }).then((r) => {
        lensStatus.textContent = r.error ?? (box.checked ? `${r.marked ?? 0} elements marked.` : '');
      });
    },
  });
  const lensStatus = h('span', { class: 'muted', id: 'lens-status', role: 'status' });
  return [
    header,
    contextView(session, signOutAs, reply.source === 'token' ? { expiresAt: reply.expiresAt } : undefined),
    h('p', { class: 'account-line' }, h('label', {}, 'Rights on ', accountPicker)),
    reply.error ? h('p', { class: 'error' }, reply.error) : null,
    reply.rights ? rightsView(reply.rights, session.policy.areas) : null,
    h('p', {}, h('label', {}, lens, ' Lens: outline the marked elements of this page'), ' ', lensStatus),
    // The checker asks with the browser's cookie session: not the session shown for a widget token.
    reply.source === 'cookie' ? checkerView(server, session, reply.account) : null,
    inspectorView(tabId),
  ].filter((n): n is HTMLElement => n !== null);
}

function optionsLink(): HTMLElement {
  return h('button', { type: 'button', onclick: () => void browser.runtime.openOptionsPage() }, 'Open the options');
}

void targetTab().then((tabId) => show(tabId));
