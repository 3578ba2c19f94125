/**
 * The service worker: polls the session of every connected Deputy server and of the widget embed
 * token of every open Deputy page (every second while a Deputy tab is open or some session acts
 * as someone, every 30 s otherwise), keeps the toolbar
 * badge true to it, and answers the popup, the options page and its content scripts through the
 * one message map, checking every sender first.
 */
import contentScript from '../content/content-script.ts?iife';
import probeScript from '../content/probe.ts?iife';
import type { Runtime } from 'webextension-polyfill';
import { currentSession, type SessionView } from '../api.ts';
import { badgeFor } from '../badge.ts';
import { browser, loadSettings } from '../browser.ts';
import { acceptMessage, type GuardContext, type TabMessages, type TabRequest } from '../messaging.ts';
import { EMPTY_SETTINGS, isDeputyOrigin, originPattern, toOrigin, type Settings } from '../servers.ts';
import { handle, type HandlerContext } from './handlers.ts';
import { Poller } from './poller.ts';

const SLOW_POLL = 'deputy-slow-poll';
const SCRIPT_IDS = ['deputy-probe', 'deputy-content'];

let settings: Settings = EMPTY_SETTINGS;
const sessions = new Map<string, SessionView | null>();
/** the sessions of the widget embed tokens of open Deputy tabs, by tab */
const tokenSessions = new Map<number, SessionView>();
const lensTabs = new Set<number>();
/** tabs the popup injected the content script into (activeTab), with the origin it was injected at */
const injected = new Map<number, string>();

const ready = loadSettings().then(applySettings);

async function applySettings(next: Settings): Promise<void> {
  settings = next;
  for (const server of sessions.keys()) if (!settings.servers.includes(server)) sessions.delete(server);
  await registerContentScripts();
}

/** Runs the probe and the content script from the start on every Deputy page, so no widget error is missed. */
async function registerContentScripts(): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: SCRIPT_IDS });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: registered.map((s) => s.id) });
  const matches = [...new Set([...settings.servers, ...settings.pages].map(originPattern))];
  if (matches.length === 0) return;
  await browser.scripting.registerContentScripts([
    { id: 'deputy-probe', js: [probeScript], matches, runAt: 'document_start', world: 'MAIN' },
    { id: 'deputy-content', js: [contentScript], matches, runAt: 'document_idle' },
  ]);
}

async function applyBadge(): Promise<void> {
  const badge = badgeFor([...tokenSessions.values(), ...settings.servers.map((s) => sessions.get(s))]);
  await Promise.all([
    browser.action.setBadgeText({ text: badge?.text ?? '' }),
    badge ? browser.action.setBadgeBackgroundColor({ color: badge.color }) : undefined,
    browser.action.setTitle({ title: badge?.title ?? 'Deputy' }),
  ]);
}

/** The tabs where the content script runs: pages of connected servers and listed host pages, and tabs the popup injected into. */
async function deputyTabs(): Promise<number[]> {
  const origins = [...settings.servers, ...settings.pages];
  const tabs = origins.length === 0 ? [] : await browser.tabs.query({ url: [...new Set(origins.map(originPattern))] });
  const ids = tabs.filter((t) => t.id !== undefined && isDeputyOrigin(settings, t.url === undefined ? undefined : toOrigin(t.url))).map((t) => t.id!);
  return [...new Set([...ids, ...injected.keys()])];
}

/** Asks each Deputy tab's content script for the session of its widgets' token (never injecting: that needs the popup's grant). */
async function pollTokenSessions(tabs: number[]): Promise<void> {
  await Promise.all(
    tabs.map(async (tabId) => {
      const request: TabRequest<'token/context'> = { type: 'token/context', servers: settings.servers, rights: false };
      const reply = (await browser.tabs.sendMessage(tabId, request).catch(() => undefined)) as TabMessages['token/context']['res'] | undefined;
      if (reply?.session) tokenSessions.set(tabId, reply.session);
      else tokenSessions.delete(tabId);
    }),
  );
  for (const tabId of tokenSessions.keys()) if (!tabs.includes(tabId)) tokenSessions.delete(tabId);
}

const poller = new Poller(
  async () => {
    await ready;
    await Promise.all(
      settings.servers.map(async (server) => {
        try {
          sessions.set(server, await currentSession(server));
        } catch {
          sessions.delete(server);
        }
      }),
    );
    const tabs = await deputyTabs();
    await pollTokenSessions(tabs);
    await applyBadge();
    return [...sessions.values(), ...tokenSessions.values()].some((s) => s?.subject !== undefined) || tabs.length > 0;
  },
  { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
);

async function toTab<T extends keyof TabMessages>(tabId: number, request: TabRequest<T>): Promise<TabMessages[T]['res']> {
  try {
    return (await browser.tabs.sendMessage(tabId, request)) as TabMessages[T]['res'];
  } catch {
    // Not there yet (a page outside the options' lists): inject it now, with the popup's activeTab grant.
    const tab = await browser.tabs.get(tabId);
    const origin = tab.url === undefined ? undefined : toOrigin(tab.url);
    if (!origin) throw new Error('The lens and the inspector work on web pages only.');
    await browser.scripting.executeScript({ target: { tabId }, files: [probeScript], world: 'MAIN' });
    injected.set(tabId, origin);
    await browser.scripting.executeScript({ target: { tabId }, files: [contentScript] });
    return (await browser.tabs.sendMessage(tabId, request)) as TabMessages[T]['res'];
  }
}

const context: HandlerContext = {
  settings: () => settings,
  async sessionSeen(server, session) {
    sessions.set(server, session);
    await applyBadge();
    if (session?.subject && !poller.active) void poller.kick();
  },
  async tokenSeen(tabId, session) {
    if (session) tokenSessions.set(tabId, session);
    else tokenSessions.delete(tabId);
    await applyBadge();
    if (session?.subject && !poller.active) void poller.kick();
  },
  tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
  toTab,
  lensTabs,
};

const guard: GuardContext = {
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  contentAllowed: (origin, tabId) => isDeputyOrigin(settings, origin) || (tabId !== undefined && injected.get(tabId) === origin),
};

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  ready.then(() => {
    const request = acceptMessage(message, sender, guard);
    return request ? handle(request, sender, context) : undefined;
  }),
);

browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !('settings' in changes)) return;
  void loadSettings()
    .then(applySettings)
    .then(() => poller.kick());
});
browser.tabs.onActivated.addListener(() => void poller.kick());
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url !== undefined) {
    lensTabs.delete(tabId);
    injected.delete(tabId);
    tokenSessions.delete(tabId);
  }
  if (change.url !== undefined || change.status === 'complete') void poller.kick();
});
browser.tabs.onRemoved.addListener((tabId) => {
  lensTabs.delete(tabId);
  injected.delete(tabId);
  tokenSessions.delete(tabId);
  void applyBadge();
});
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SLOW_POLL) void poller.kick();
});
void browser.alarms.create(SLOW_POLL, { periodInMinutes: 0.5 });
void poller.kick();
