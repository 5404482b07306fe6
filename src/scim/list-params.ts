// Parses list parameters (RFC 7644 §3.4.2): filter, startIndex, count, sortBy, sortOrder, attributes.
import { scimError } from '../errors/catalogue.ts';
import { parseFilter } from './filter/parser.ts';
import type { ListQuery } from './resource-service.ts';
import type { ResourceSchema } from './schema/resource-schema.ts';

/** Raw list parameters from a query string or a POST .search body. */
export interface RawListParams {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

/** Largest page a client may ask for. */
export const MAX_PAGE = 1000;

/** The parsed list query plus attribute selection. */
export function parseListParams(
  p: RawListParams,
  schema: ResourceSchema,
): ListQuery & { attributes?: string[]; excludedAttributes?: string[] } {
  const startIndex = intParam(p.startIndex, 'startIndex', 1);
  const count = Math.min(intParam(p.count, 'count', 100), MAX_PAGE);
  const q: ListQuery & { attributes?: string[]; excludedAttributes?: string[] } = {
    startIndex: Math.max(1, startIndex), // RFC: a value below 1 is read as 1
    count: Math.max(0, count), // RFC: a negative count is read as 0
  };
  if (p.filter !== undefined && p.filter !== '') {
    if (typeof p.filter !== 'string') throw scimError.invalidFilter('filter must be a string.');
    q.filter = parseFilter(p.filter, schema);
  }
  if (typeof p.sortBy === 'string' && p.sortBy) q.sortBy = p.sortBy;
  if (p.sortOrder !== undefined) {
    const o = String(p.sortOrder).toLowerCase();
    if (o !== 'ascending' && o !== 'descending')
      throw scimError.invalidValue('sortOrder must be "ascending" or "descending".');
    q.sortOrder = o;
  }
  const attrs = listParam(p.attributes);
  if (attrs) q.attributes = attrs;
  const excl = listParam(p.excludedAttributes);
  if (excl) q.excludedAttributes = excl;
  return q;
}

function intParam(v: unknown, name: string, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n))
    throw scimError.invalidValue(`${name} must be an integer, got "${String(v).slice(0, 40)}".`);
  return n;
}

/** A comma-separated list (query string) or an array (search body). */
export function listParam(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const items = Array.isArray(v) ? v.map(String) : String(v).split(',');
  const out = items.map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}
