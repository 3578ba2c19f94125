/** The extension's settings: the Deputy servers it reads sessions from, and the host pages it inspects. */
export interface Settings {
  /** server origins, e.g. `https://deputy.example.com` */
  servers: string[];
  /** origins of pages that embed Deputy widgets */
  pages: string[];
}

export const EMPTY_SETTINGS: Settings = { servers: [], pages: [] };

/** The origin of an http(s) URL the user typed, or `undefined` when it is not one. */
export function toOrigin(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The host-permission match pattern of an origin (`https://host:port/*` → `https://host/*`: patterns carry no port). */
export function originPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/**
 * The connected server a tab belongs to: the server the tab is on, else the server its widgets
 * talk to (`api`), else the first connected server. `undefined` when none is connected.
 */
export function serverFor(settings: Settings, tabUrl: string | undefined, widgetApis: readonly string[] = []): string | undefined {
  const tabOrigin = tabUrl === undefined ? undefined : toOrigin(tabUrl);
  if (tabOrigin && settings.servers.includes(tabOrigin)) return tabOrigin;
  for (const api of widgetApis) {
    const origin = toOrigin(api);
    if (origin && settings.servers.includes(origin)) return origin;
  }
  return settings.servers[0];
}

/** Is this an origin where Deputy is used: a connected server or a listed host page? */
export function isDeputyOrigin(settings: Settings, origin: string | undefined): boolean {
  return origin !== undefined && (settings.servers.includes(origin) || settings.pages.includes(origin));
}
