/**
 * The content script (isolated world) on pages where Deputy is used: the lens, and the widget
 * inspector's half that checks tokens from the page's own origin (so a missing CORS allow-list
 * entry shows up exactly as the widget meets it), and the session of the widgets' embed token.
 * It holds no credential of its own: with the page's widget token (the page's own) it asks that
 * token's server from the page; otherwise the lens asks the service worker, which asks the
 * server with the browser's session.
 */
import type { Runtime } from 'webextension-polyfill';
import { browser, send } from '../browser.ts';
import type { TabRequest, TokenStatus, WidgetReport } from '../messaging.ts';
import { fixFor } from './fixes.ts';
import { ACTION_ATTR, Lens, lensChecks, type LensElement } from './lens.ts';
import { COLLECT_EVENT, parseReport, REPORT_EVENT, TOKEN_EVENT, type ProbeWidget } from './probe-protocol.ts';
import { stopOnToken, tokenChecks, tokenContext } from './token.ts';

const installed = Symbol.for('deputy-extension.content');
const world = globalThis as unknown as Record<symbol, boolean>;

if (!world[installed]) {
  world[installed] = true;
  const lens = new Lens();
  let lensOn = false;
  /** the connected servers, as the service worker last said: the lens decides with a widget token for one of them first */
  let servers: string[] = [];

  async function runLens(): Promise<{ marked: number; error?: string }> {
    lens.clear();
    const elements = [...document.querySelectorAll<HTMLElement>(`[${ACTION_ATTR}]`)] as unknown as LensElement[];
    if (elements.length === 0) return { marked: 0 };
    const { checks, checkOf } = lensChecks(elements);
    const widgets = probeWidgets();
    const api = widgets.find((w) => w.api)?.api;
    const reply = (await tokenChecks(widgets, servers, location.origin, checks)) ?? (await send({ type: 'lens/check', checks, ...(api ? { api } : {}) }));
    if ('error' in reply) return { marked: 0, error: reply.error };
    return { marked: lens.mark(elements, checkOf, reply.results) };
  }

  // Keep the marks true to the session: the widgets announce a change of impersonation.
  window.addEventListener('deputy-impersonation-change', () => {
    if (lensOn) void runLens();
  });

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || typeof message !== 'object' || message === null) return undefined;
    const request = message as TabRequest;
    if (request.type === 'lens/toggle') {
      lensOn = request.on;
      servers = request.servers;
      if (lensOn) return runLens();
      lens.clear();
      return Promise.resolve({ marked: 0 });
    }
    if (request.type === 'inspector/collect') return inspect().then((widgets) => ({ widgets }));
    if (request.type === 'token/context') return tokenContext(probeWidgets(), request, location.origin);
    if (request.type === 'token/stop') {
      // The probe hands the new token to the widgets that held the old one and announces it to the host page.
      return stopOnToken(probeWidgets(), request.server, location.origin, (change) =>
        document.dispatchEvent(new CustomEvent(TOKEN_EVENT, { detail: JSON.stringify(change) })),
      );
    }
    return undefined;
  });
}

/** The page's widgets as the page-world probe sees them. */
function probeWidgets(): ProbeWidget[] {
  let report: ProbeWidget[] | undefined;
  const onReport = (e: Event) => {
    report = parseReport((e as CustomEvent<unknown>).detail);
  };
  document.addEventListener(REPORT_EVENT, onReport, { once: true });
  document.dispatchEvent(new CustomEvent(COLLECT_EVENT));
  document.removeEventListener(REPORT_EVENT, onReport);
  return report ?? [];
}

async function inspect(): Promise<WidgetReport[]> {
  const origin = location.origin;
  return Promise.all(
    probeWidgets().map(async (w): Promise<WidgetReport> => {
      const report: WidgetReport = { tag: w.tag, api: w.api || origin, token: await tokenStatus(w.api || origin, w.token) };
      if (w.error) report.lastError = { code: w.error.code, message: w.error.message, fix: fixFor(w.error.code, w.api, origin) };
      return report;
    }),
  );
}

/** Asks the widget's server, from this page's origin as the widget does, what the token stands for. */
async function tokenStatus(api: string, token: string): Promise<TokenStatus> {
  if (!token) return { present: false };
  let res: Response;
  try {
    res = await fetch(`${api.replace(/\/+$/, '')}/api/session`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' });
  } catch {
    return { present: true, problem: fixFor('network', api, location.origin) };
  }
  const body = (await res.json().catch(() => undefined)) as
    | { actor?: { username?: string }; expiresAt?: string | number; error?: { code?: string; message?: string } }
    | undefined;
  if (!res.ok) {
    const code = body?.error?.code ?? 'network';
    return { present: true, valid: false, problem: `${body?.error?.message ?? `Answered ${res.status}.`} ${fixFor(code, api, location.origin)}` };
  }
  const status: TokenStatus = { present: true, valid: true };
  if (body?.actor?.username) status.user = body.actor.username;
  if (body?.expiresAt !== undefined) status.expiresAt = new Date(body.expiresAt).toISOString();
  return status;
}
