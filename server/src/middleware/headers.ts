import type { Context } from 'hono';

type Parsed = Record<string, string | string[] | undefined>;

/**
 * Node's own parsed request headers (lower-case names) where the request came through
 * @hono/node-server (`env.incoming`); undefined under `app.request` and other runtimes.
 */
export function nodeHeaders(env: unknown): Parsed | undefined {
  return (env as { incoming?: { headers?: Parsed } } | undefined)?.incoming?.headers;
}

/** The connection a request came on, where it came through @hono/node-server; undefined elsewhere. */
export function nodeSocket(env: unknown): object | undefined {
  return (env as { incoming?: { socket?: object | null } } | undefined)?.incoming?.socket ?? undefined;
}

/**
 * A request header (`name` in lower case) as hono reads it, for the paths every request takes.
 * Hono's read costs a name check, a lower-casing and, for some names, a copy and scan of the raw
 * headers: about 2,000 instructions a header, three of them in every check. Node has parsed the
 * headers already: a header absent there was not sent (Node keeps every name it receives), and a
 * Cookie header is the same text in both (repeats joined with "; ", surrounding whitespace trimmed,
 * CR, LF and NUL refused by Node's parser). Any other header that was sent is read through hono,
 * whose rules for repeated headers differ from Node's.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const parsed = nodeHeaders(c.env);
  if (!parsed) return c.req.header(name);
  const value = parsed[name];
  if (value === undefined) return undefined;
  return name === 'cookie' && typeof value === 'string' ? value : c.req.header(name);
}
