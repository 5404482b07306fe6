// Cursor paging on the internal row number: `WHERE num > ? ORDER BY num LIMIT ?` walks the primary key, so every
// page costs the same however deep it is, and rows created or deleted meanwhile never shift what is still to come.
import { invalid } from './errors.ts';

/** Items per page when the client does not ask. */
export const DEFAULT_LIMIT = 50;
/** The largest page a client may ask for. */
export const MAX_LIMIT = 500;

/** The paging part of a list response. */
export interface Paging {
  next_cursor: string | null;
}

// A version prefix so a cursor from a future format is refused instead of misread.
const PREFIX = 'v1:';

/** The opaque cursor that resumes after row number `num`. */
export function encodeCursor(num: number): string {
  return Buffer.from(`${PREFIX}${num}`).toString('base64url');
}

/** The row number a cursor resumes after (0 without a cursor); 400 for anything this app did not hand out. */
export function decodeCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const text = /^[A-Za-z0-9_-]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^v1:(\d{1,15})$/.exec(text);
  if (!m) throw invalid('cursor', 'cursor is not one this API returned', 'invalid_cursor');
  return Number(m[1]);
}

/** The `limit` query parameter: 1..max, default `def`. */
export function parseLimit(value: string | null, def = DEFAULT_LIMIT, max = MAX_LIMIT): number {
  if (value === null || value === '') return def;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw invalid('limit', `limit must be an integer from 1 to ${max}`, 'invalid_parameter');
  }
  return Number(value);
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only tells that there is more, so the last page
 * says `next_cursor: null` without the client having to fetch an empty page.
 */
export function pageOf<R extends { num: number }, T>(
  rows: R[],
  limit: number,
  render: (row: R) => T,
): { data: T[]; paging: Paging } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { data: shown.map(render), paging: { next_cursor: more ? encodeCursor(shown[shown.length - 1].num) : null } };
}
