import { escapeLiteral } from 'pg';

/**
 * A key as stored in a `text` column, which holds neither NUL nor lone UTF-16 surrogates: those
 * and the backslash are escaped, so distinct keys stay distinct and `uncol` gives the key back.
 * Records (JSON text) keep every character as they are.
 */
export const col = (s: string): string =>
  s.replace(/\\|\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) =>
    c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** The key `col` stored. */
export const uncol = (s: string): string => s.replace(/\\(\\|u[0-9a-f]{4})/g, (_, e: string) => (e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16))));

/** `sql` with its `$n` parameters written in as SQL literals (numbers as numbers, the rest quoted). */
export function inline(sql: string, params: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (Array.isArray(v)) return `ARRAY[${v.map((x) => escapeLiteral(String(x))).join(', ')}]::text[]`;
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `'${v}'::float8`;
    return escapeLiteral(String(v));
  });
}
