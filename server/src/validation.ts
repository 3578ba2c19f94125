import type { Context } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { ApiError } from './errors.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** The request's media type, lower case, without parameters. */
export function mediaType(c: Context): string {
  return (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Refuse `__proto__`-style keys and absurd nesting anywhere in a parsed body. */
function checkShape(value: unknown, depth: number, path: string): void {
  if (depth > MAX_DEPTH) throw new ApiError('invalid', `The body is nested deeper than ${MAX_DEPTH} levels.`, path || undefined);
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkShape(v, depth + 1, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) throw new ApiError('invalid', `The key "${key}" is not allowed.`, at);
      checkShape((value as Record<string, unknown>)[key], depth + 1, at);
    }
  }
}

/** Turn the first zod issue into a 400 that names the field (unknown fields are all named). */
export function zodError(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (at ? `${at}.${k}` : k));
    return new ApiError('invalid', `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}.`, keys[0]);
  }
  return new ApiError('invalid', at ? `${at}: ${issue.message}` : issue.message, at || undefined);
}

/**
 * A hand-written check for a hot route's input: returns what the zod schema would return, or
 * undefined for anything it is not sure of, which then goes through the full validation (and
 * gets its exact error). It must accept nothing the schema refuses.
 */
export type Fast<T> = (value: unknown) => T | undefined;

/** A plain object (as JSON.parse makes them) whose own keys are all in `allowed`. */
export function plainWith(value: unknown, allowed: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // for-in rather than Object.keys: no array per object (a batch checks 200); Object.prototype has no enumerable keys
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

/** What `fields.id` accepts: a string of 1 to 200 characters. */
export const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 200;

/**
 * `value` as `schema` says: the fast check's answer for well-formed input, else zod's (with its
 * exact error). A body is first searched for `__proto__`-style keys and absurd nesting.
 */
export function accept<S extends z.ZodType>(value: unknown, schema: S, fast?: Fast<z.output<S>>, isBody = false): z.output<S> {
  const quick = fast?.(value);
  if (quick !== undefined) return quick;
  if (isBody) checkShape(value, 0, '');
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw zodError(parsed.error);
  return parsed.data;
}

/** The request's JSON body: 415 when it is not JSON, 400 when it is malformed. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!JSON_TYPE.test(mediaType(c))) throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  try {
    return await c.req.json();
  } catch {
    throw new ApiError('invalid', 'Malformed JSON in request body');
  }
}

/** The query string as hono's validator hands it over: one value per key, an array where a key repeats. */
export function queryValue(c: Context): Record<string, string | string[]> {
  const all = c.req.queries();
  const value: Record<string, string | string[]> = {};
  for (const key in all) {
    const values = all[key]!;
    value[key] = values.length === 1 ? values[0]! : values;
  }
  return value;
}

/** What a route that checks its own input declares, so that the typed client knows that input. */
export type Validated<T extends 'json' | 'query', S extends z.ZodType> = { in: { [K in T]: z.input<S> }; out: { [K in T]: z.output<S> } };

/**
 * Validate a JSON body against a strict zod schema: 415 when it is not JSON, 400 on malformed
 * JSON, unknown fields, wrong types, or `__proto__` keys.
 *
 * @example
 * app.post('/groups', body(z.strictObject({ name: z.string() })), (c) => c.req.valid('json'))
 */
export function body<S extends z.ZodType>(schema: S, fast?: Fast<z.output<S>>) {
  return validator('json', (value: z.input<S>, c): z.output<S> => {
    if (!JSON_TYPE.test(mediaType(c))) throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
    return accept(value, schema, fast, true);
  });
}

/** Validate the query string against a strict zod schema of strings. */
export function query<S extends z.ZodType>(schema: S, fast?: Fast<z.output<S>>) {
  return validator('query', (value): z.output<S> => accept(value, schema, fast));
}

/** Shared field schemas. */
export const fields = {
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  flag: z.enum(['true', 'false']).transform((v) => v === 'true'),
  right: z.enum(['view', 'admin', 'admin+settings']),
};

/** A page window from optional `offset` and `limit` (default 0 and 50). */
export function page(q: { offset?: number | undefined; limit?: number | undefined }): { offset: number; limit: number } {
  return { offset: q.offset ?? 0, limit: q.limit ?? 50 };
}
