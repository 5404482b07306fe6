// Reads a paged collection one page at a time, with a guard against endless loops: an application that
// answers the same cursor or link again, repeats the previous page, or never ends would otherwise keep an
// import running forever.
import { createHash } from 'node:crypto';
import { HttpCallError } from '../http-call-error.ts';
import { readPath } from '../json-path.ts';
import { safePathAndQuery } from '../redact.ts';
import type { HttpRequest, HttpRequester, HttpResponse } from '../types.ts';
import type { PagingSettings } from './config.ts';
import { createPaginator } from './create-paginator.ts';
import type { Paginator } from './paginator.ts';

/** Pages read at most unless the caller says otherwise. */
export const DEFAULT_MAX_PAGES = 10000;

/** Why paging stopped as a loop. */
export type PagingLoopReason = 'sameRequest' | 'repeatedPage' | 'maxPages';

/** Paging that would never end; an 'invalidResponse' HttpCallError (the application misbehaves). */
export class PagingLoopError extends HttpCallError {
  constructor(
    readonly reason: PagingLoopReason,
    message: string,
    attempts: number,
  ) {
    super({ kind: 'invalidResponse', message, attempts });
    this.name = 'PagingLoopError';
  }
}

/** One page of records. */
export interface Page {
  /** 0 for the first page. */
  index: number;
  items: unknown[];
  request: HttpRequest;
  response: HttpResponse;
}

/** Options of a paged read. */
export interface PaginateOptions {
  /** Stop with a PagingLoopError after this many pages (default 10000). */
  maxPages?: number;
  signal?: AbortSignal;
  /** Absolute deadline (Date.now() ms) for each page's call; the caller bounds the whole read with its signal. */
  deadline?: number;
}

/**
 * Yields the pages of `base` as `strategy` walks them, each page's records read at `recordsPath` ('' or '$'
 * when the body is the array). Only one page is held at a time.
 */
export async function* paginate(
  service: HttpRequester,
  base: HttpRequest,
  strategy: Paginator | PagingSettings,
  recordsPath: string,
  opts: PaginateOptions = {},
): AsyncGenerator<Page, void, undefined> {
  const paginator = 'first' in strategy ? strategy : createPaginator(strategy);
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  // Only fingerprints are kept, so the guard's memory stays small however long the read.
  const seen = new Set<string>();
  let previousItems: string | undefined;
  let request: HttpRequest | undefined = paginator.first(base);
  for (let index = 0; request; index++) {
    const key = fingerprint([request.method.toUpperCase(), request.path, sortedQuery(request), request.body ?? null]);
    if (seen.has(key)) throw new PagingLoopError('sameRequest', `paging: the application led back to a page already read (${describe(request)}); stopped to avoid an endless loop`, index);
    if (index >= maxPages) throw new PagingLoopError('maxPages', `paging: more than ${maxPages} pages; stopped (raise maxPages if the collection is really this large)`, index);
    seen.add(key);
    const response = await service.request(request, { signal: opts.signal, deadline: opts.deadline });
    const items = selectRecords(response, recordsPath);
    if (items.length > 0) {
      const print = fingerprint(items);
      if (print === previousItems) throw new PagingLoopError('repeatedPage', `paging: page ${index + 1} repeats the previous page's items; stopped to avoid an endless loop`, index + 1);
      previousItems = print;
    }
    yield { index, items, request, response };
    request = paginator.next({ request, response, items, index });
  }
}

/** The records of a page: the array at `recordsPath` (missing or null: none). */
export function selectRecords(response: HttpResponse, recordsPath: string): unknown[] {
  if (response.json === undefined) {
    if (response.text.trim() === '') return [];
    throw new HttpCallError({ kind: 'invalidResponse', message: `paging: the page is not JSON (content-type ${response.headers['content-type'] ?? 'none'})`, attempts: response.attempts, status: response.status });
  }
  const records = readPath(response.json, recordsPath);
  if (records === undefined || records === null) return [];
  if (!Array.isArray(records)) {
    throw new HttpCallError({ kind: 'invalidResponse', message: `paging: "${recordsPath}" is not a list of records`, attempts: response.attempts, status: response.status });
  }
  return records;
}

function sortedQuery(req: HttpRequest): [string, unknown][] {
  return Object.entries(req.query ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function fingerprint(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v) ?? '').digest('base64');
}

function describe(req: HttpRequest): string {
  // Path and query only (secret-looking values redacted): never a header or the body.
  const u = new URL(req.path, 'http://page.invalid');
  for (const [k, v] of sortedQuery(req)) u.searchParams.append(k, String(v));
  return `${req.method.toUpperCase()} ${safePathAndQuery(u)}`.slice(0, 200);
}
