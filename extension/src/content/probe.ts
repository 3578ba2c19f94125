/**
 * Runs in the page's own world (the widgets' `api` and `token` are JavaScript properties, which the
 * extension's isolated world cannot see): remembers the last `deputy-error` each widget dispatched
 * and, when the content script asks, reports the page's Deputy widgets. It talks to the content
 * script only through DOM events whose detail is a JSON string; the page can read and forge them,
 * so the content script treats the report as untrusted diagnostics and nothing more.
 */
import { COLLECT_EVENT, PAGE_TOKEN_EVENT, parseTokenChange, REPORT_EVENT, TOKEN_EVENT, type ProbeWidget } from './probe-protocol.ts';

const installed = Symbol.for('deputy-extension.probe');
const page = window as unknown as Record<symbol, boolean>;

if (!page[installed]) {
  page[installed] = true;
  const lastError = new WeakMap<Element, NonNullable<ProbeWidget['error']>>();

  window.addEventListener(
    'deputy-error',
    (event) => {
      const widget = event.composedPath().find((n): n is Element => n instanceof Element && n.localName.startsWith('deputy-'));
      const detail = (event as Event & { detail?: { code?: unknown; message?: unknown } }).detail;
      if (widget) lastError.set(widget, { code: String(detail?.code ?? 'unknown'), message: String(detail?.message ?? ''), at: Date.now() });
    },
    true,
  );

  document.addEventListener(COLLECT_EVENT, () => {
    const widgets: ProbeWidget[] = findWidgets(document).map((el) => {
      const props = el as Element & { api?: unknown; token?: unknown };
      const api = typeof props.api === 'string' ? props.api : (el.getAttribute('api') ?? '');
      const token = typeof props.token === 'string' ? props.token : (el.getAttribute('token') ?? '');
      const error = lastError.get(el);
      return error ? { tag: el.localName, api, token, error } : { tag: el.localName, api, token };
    });
    document.dispatchEvent(new CustomEvent(REPORT_EVENT, { detail: JSON.stringify(widgets) }));
  });

  // Sign out as from the popup rotated the widgets' token: give the new one to the widgets that
  // held the old one, then announce it as the widgets do, so the host page can keep it too.
  document.addEventListener(TOKEN_EVENT, (event) => {
    const change = parseTokenChange((event as CustomEvent<unknown>).detail);
    if (!change) return;
    for (const el of findWidgets(document)) {
      const props = el as Element & { token?: unknown };
      const token = typeof props.token === 'string' ? props.token : el.getAttribute('token');
      if (token !== change.old) continue;
      if (el.hasAttribute('token')) el.setAttribute('token', change.token);
      if (typeof props.token === 'string') props.token = change.token;
    }
    const detail = change.expiresAt === undefined ? { token: change.token } : { token: change.token, expiresAt: change.expiresAt };
    window.dispatchEvent(new CustomEvent(PAGE_TOKEN_EVENT, { detail }));
  });
}

/** Every `deputy-*` element of the page, also inside open shadow roots (widgets nest). */
function findWidgets(root: Document | ShadowRoot): Element[] {
  const found: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.localName.startsWith('deputy-')) found.push(el);
    if (el.shadowRoot) found.push(...findWidgets(el.shadowRoot));
  }
  return found;
}
