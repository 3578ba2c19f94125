import browser from 'webextension-polyfill';
import type { Request, Reply, MessageType } from './messaging.ts';
import { EMPTY_SETTINGS, type Settings } from './servers.ts';

/**
 * The one place the extension's pages touch the browser APIs (webextension-polyfill throws
 * outside an extension, so the logic the unit tests cover never imports this file).
 */
export { browser };

/** Sends a request of the message map to the service worker. */
export function send<T extends MessageType>(request: Request<T>): Promise<Reply<T>> {
  return browser.runtime.sendMessage(request) as Promise<Reply<T>>;
}

export async function loadSettings(): Promise<Settings> {
  const { settings } = (await browser.storage.local.get('settings')) as { settings?: Settings };
  return { ...EMPTY_SETTINGS, ...settings };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ settings });
}
