import type { Right, Target } from '@deputy/core';
import type { AccountView, RightEntry, SessionView, UserView, WireDecision } from './api.ts';

/**
 * The one message map of the extension: every request the popup, the options page or a content
 * script may send to the service worker, with its reply. Anything else is ignored.
 */

/** What the popup shows for the server of the active tab. */
export interface ContextReply {
  server?: string;
  /** null: not signed in on that server */
  session?: SessionView | null;
  /** the account the rights are about, when the session has one */
  account?: string;
  rights?: RightEntry[];
  /** is the lens on in the tab */
  lens?: boolean;
  /** `token`: the session of the page's widget embed token; `cookie`: the browser's session on the server */
  source?: 'token' | 'cookie';
  /** until when the embed token's session lasts (ISO), when the server says */
  expiresAt?: string;
  error?: string;
}

/**
 * The session of a page's widget embed token, as the content script learned it from the page's
 * origin. No `server`: the page has no widget with a working token for a connected server.
 */
export interface TokenContext {
  server?: string;
  session?: SessionView;
  expiresAt?: string;
  account?: string;
  rights?: RightEntry[];
  error?: string;
}

/** One Deputy widget found on a page, with what the inspector learned about it. */
export interface WidgetReport {
  tag: string;
  api?: string;
  token?: TokenStatus;
  lastError?: { code: string; message: string; fix: string };
}

export interface TokenStatus {
  present: boolean;
  valid?: boolean;
  expiresAt?: string;
  user?: string;
  problem?: string;
}

export interface LensCheck {
  action: string;
  target: Target;
}

export interface Messages {
  /** popup: the context, the rights on `account` (default: the subject's), for the server of `tabId` */
  'context/get': { req: { tabId?: number; server?: string; account?: string }; res: ContextReply };
  /** sign out as: with `token`, on the session of the embed token of the widgets in `tabId`; else on the cookie session */
  'impersonation/stop': { req: { server: string; tabId?: number; token?: boolean }; res: { ok: boolean; error?: string } };
  'checker/options': { req: { server: string; q?: string }; res: { users: UserView[]; accounts: AccountView[]; error?: string } };
  'accounts/list': { req: { server: string }; res: { accounts: AccountView[]; error?: string } };
  'checker/check': { req: { server: string; user: string; action: string; account: string }; res: WireDecision | { error: string } };
  'lens/set': { req: { tabId: number; on: boolean }; res: { ok: boolean; marked?: number; error?: string } };
  'inspector/get': { req: { tabId: number }; res: { widgets: WidgetReport[]; error?: string } };
  /** content script: decide the page's `data-deputy-action` elements for the current session */
  'lens/check': { req: { checks: LensCheck[]; api?: string }; res: { results: WireDecision[] } | { error: string } };
}

export type MessageType = keyof Messages;
export type Request<T extends MessageType = MessageType> = { [K in T]: { type: K } & Messages[K]['req'] }[T];
export type Reply<T extends MessageType> = Messages[T]['res'];

/** Requests the service worker sends to its own content script in a tab. */
export interface TabMessages {
  /** `servers`: the connected servers, whose widget tokens on the page the lens decides with first */
  'lens/toggle': { req: { on: boolean; servers: string[] }; res: { marked: number; error?: string } };
  'inspector/collect': { req: Record<never, never>; res: { widgets: WidgetReport[] } };
  /** the session (and with `rights`, the rights on `account` or the session's own) of the page's widget token for one of `servers` */
  'token/context': { req: { servers: string[]; account?: string; rights: boolean }; res: TokenContext };
  /** sign out as on the widget token's session, handing the new token to the page; `session`: the context after it */
  'token/stop': { req: { server: string }; res: { ok: boolean; session?: SessionView; error?: string } };
}
export type TabRequest<T extends keyof TabMessages = keyof TabMessages> = { [K in T]: { type: K } & TabMessages[K]['req'] }[T];

/** Who may send what: extension pages their requests, content scripts only theirs. */
const FROM_PAGE: ReadonlySet<MessageType> = new Set([
  'context/get',
  'impersonation/stop',
  'checker/options',
  'accounts/list',
  'checker/check',
  'lens/set',
  'inspector/get',
]);
const FROM_CONTENT: ReadonlySet<MessageType> = new Set(['lens/check']);

/** The parts of `runtime.MessageSender` the guard looks at. */
export interface SenderLike {
  id?: string;
  origin?: string;
  url?: string;
  tab?: { id?: number };
}

export interface GuardContext {
  extensionId: string;
  /** `chrome-extension://<id>` */
  extensionOrigin: string;
  /** may a content script in this tab, at this origin, talk to us? */
  contentAllowed(origin: string, tabId: number | undefined): boolean;
}

const shapes: { [T in MessageType]: (m: Record<string, unknown>) => boolean } = {
  'context/get': (m) => optional(m.tabId, isInt) && optional(m.server, isString) && optional(m.account, isString),
  'impersonation/stop': (m) => isString(m.server) && optional(m.tabId, isInt) && optional(m.token, isBoolean),
  'checker/options': (m) => isString(m.server) && optional(m.q, isString),
  'accounts/list': (m) => isString(m.server),
  'checker/check': (m) => isString(m.server) && isString(m.user) && isString(m.action) && isString(m.account),
  'lens/set': (m) => isInt(m.tabId) && typeof m.on === 'boolean',
  'inspector/get': (m) => isInt(m.tabId),
  'lens/check': (m) =>
    Array.isArray(m.checks) &&
    m.checks.length <= 500 &&
    m.checks.every((c: unknown) => isRecord(c) && isString(c.action) && isRecord(c.target)) &&
    optional(m.api, isString),
};

/**
 * The request, when `message` is one the service worker answers from this sender; otherwise
 * `undefined`, and the message is ignored. Checks the sender's extension id, its origin, the
 * type against the sender's allow-list, and the request's shape.
 */
export function acceptMessage(message: unknown, sender: SenderLike, ctx: GuardContext): Request | undefined {
  if (sender.id !== ctx.extensionId || !isRecord(message) || !isString(message.type)) return undefined;
  const type = message.type as MessageType;
  if (!Object.hasOwn(shapes, type)) return undefined;
  const origin = sender.origin ?? (sender.url ? safeOrigin(sender.url) : undefined);
  if (origin === undefined) return undefined;
  if (origin === ctx.extensionOrigin) {
    if (!FROM_PAGE.has(type)) return undefined;
  } else {
    if (!FROM_CONTENT.has(type) || !/^https?:\/\//.test(origin) || !ctx.contentAllowed(origin, sender.tab?.id)) return undefined;
  }
  return shapes[type](message) ? (message as Request) : undefined;
}

function safeOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    // Engines other than Chrome give extension URLs an opaque origin: rebuild it from scheme and host.
    if (u.origin !== 'null') return u.origin;
    return u.host ? `${u.protocol}//${u.host}` : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isString(v: unknown): v is string {
  return typeof v === 'string';
}
function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}
function isInt(v: unknown): v is number {
  return Number.isInteger(v);
}
function optional(v: unknown, check: (v: unknown) => boolean): boolean {
  return v === undefined || check(v);
}
