/** The DOM events between the page-world probe and the content script. */
export const COLLECT_EVENT = 'deputy-extension:collect';
export const REPORT_EVENT = 'deputy-extension:report';

/** One widget as the probe reports it (the token stays in the content script, which only passes on its status). */
export interface ProbeWidget {
  tag: string;
  api: string;
  token: string;
  error?: { code: string; message: string; at: number };
}

/** The probe's report, when it has the expected shape (it comes from the page's world). */
export function parseReport(json: unknown): ProbeWidget[] | undefined {
  if (typeof json !== 'string') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(data)) return undefined;
  const widgets: ProbeWidget[] = [];
  for (const w of data.slice(0, 200)) {
    if (typeof w !== 'object' || w === null) return undefined;
    const { tag, api, token, error } = w as Record<string, unknown>;
    if (typeof tag !== 'string' || typeof api !== 'string' || typeof token !== 'string') return undefined;
    const e = error as Record<string, unknown> | undefined;
    const validError = e && typeof e.code === 'string' && typeof e.message === 'string' && typeof e.at === 'number';
    widgets.push(validError ? { tag, api, token, error: { code: e.code as string, message: e.message as string, at: e.at as number } } : { tag, api, token });
  }
  return widgets;
}

/** Content script → probe: the widgets' token was replaced (sign out as from the popup), as a JSON string. */
export const TOKEN_EVENT = 'deputy-extension:token';

/** The page event that hands a new embed token to the host page, as the widgets announce it (README). */
export const PAGE_TOKEN_EVENT = 'deputy-impersonation-change';

export interface TokenChange {
  /** the token that stopped working */
  old: string;
  token: string;
  expiresAt?: number;
}

/** A token change the probe received, when it has the expected shape (the page can forge the event). */
export function parseTokenChange(json: unknown): TokenChange | undefined {
  if (typeof json !== 'string') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { old, token, expiresAt } = data as Record<string, unknown>;
  if (typeof old !== 'string' || typeof token !== 'string' || token === '') return undefined;
  if (expiresAt !== undefined && typeof expiresAt !== 'number') return undefined;
  return expiresAt === undefined ? { old, token } : { old, token, expiresAt };
}
