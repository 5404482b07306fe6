// Reads a paged collection one page at a time (optionally one page ahead), with a guard against endless loops:
// an application that answers the same cursor or link again, repeats the previous page, or never ends would
// otherwise keep an import running forever.
import { createHash } from 'node:crypto';
import { HttpCallError } from '../http-call-error.ts';
import { readPath } from '../json-path.ts';
import { linkedAbort } from '../linked-abort.ts';
import { safePathAndQuery } from '../../util/redact.ts';
import type { StatusMapRow } from '../../errors/failure-kinds.ts';
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
  override readonly name: string = 'PagingLoopError';
  constructor(
    readonly reason: PagingLoopReason,
    message: string,
    attempts: number,
  ) {
    super({ kind: 'invalidResponse', message, attempts });
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
  /**
   * Send the next page's request as soon as this page's answer is read, before this page is yielded: the
   * application prepares page N+1 while the caller works through page N. A plain read leaves it off.
   */
  readAhead?: boolean;
  /** The call's own status map: each page's failure is classified by it before the service's table. */
  errors?: readonly StatusMapRow[];
}

/**
 * Yields the pages of `base` as `strategy` walks them, each page's records read at `recordsPath` ('' or '$'
 * when the body is the array). At most one page is held, plus the one read ahead.
 */
export async function* paginate(
  service: HttpRequester,
  base: HttpRequest,
  strategy: Paginator | PagingSettings,
  recordsPath: string,
  opts: PaginateOptions = {},
): AsyncGenerator<Page, void, undefined> {
  const paginator = 'first' in strategy ? strategy : createPaginator(strategy);
  const guard = new LoopGuard(opts.maxPages ?? DEFAULT_MAX_PAGES);
  // Aborts a request read ahead that nobody will take (the caller stopped early or failed).
  const ahead = linkedAbort(opts.signal);
  const send = (req: HttpRequest, index: number): Promise<HttpResponse> => {
    try {
      guard.request(req, index);
    } catch (e) {
      // Raised where the page would have been awaited, so the pages before it are still yielded first.
      return Promise.reject(e);
    }
    return service.request(req, {
      signal: ahead.signal,
      deadline: opts.deadline,
      ...(opts.errors ? { errors: opts.errors } : {}),
    });
  };
  let request: HttpRequest | undefined = paginator.first(base);
  let pending = send(request, 0);
  try {
    for (let index = 0; request; index++) {
      const response = await pending;
      const items = selectRecords(response, recordsPath);
      let next: HttpRequest | undefined;
      let refused: { error: unknown } | undefined;
      try {
        next = paginator.next({ request, response, items, index });
      } catch (error) {
        refused = { error }; // e.g. a next link to another origin: raised after this page, as before read-ahead
      }
      if (next && opts.readAhead) {
        pending = send(next, index + 1);
        pending.catch(() => undefined); // observed at the next turn; no unhandled rejection meanwhile
      }
      guard.items(items, index);
      yield { index, items, request, response };
      if (refused) throw refused.error;
      if (next && !opts.readAhead) pending = send(next, index + 1);
      request = next;
    }
  } finally {
    ahead.controller.abort(new Error('paging stopped'));
    ahead.dispose();
  }
}

/**
 * The loop guard: the same request twice, a page repeating the previous one, or too many pages. Only short
 * request keys and the previous page are kept, so its memory stays small however long the read.
 */
class LoopGuard {
  private readonly seen = new Set<string>();
  private previous: readonly unknown[] | undefined;
  private previousSample: string | undefined;

  constructor(private readonly maxPages: number) {}

  request(req: HttpRequest, index: number): void {
    const key = fingerprint([req.method.toUpperCase(), req.path, sortedQuery(req), req.body ?? null]);
    if (this.seen.has(key))
      throw new PagingLoopError(
        'sameRequest',
        `paging: the application led back to a page already read (${describe(req)}); stopped to avoid an endless loop`,
        index,
      );
    if (index >= this.maxPages)
      throw new PagingLoopError(
        'maxPages',
        `paging: more than ${this.maxPages} pages; stopped (raise maxPages if the collection is really this large)`,
        index,
      );
    this.seen.add(key);
  }

  items(items: readonly unknown[], index: number): void {
    if (items.length === 0) return;
    // A cheap sample (count, first, middle and last record) first; the whole pages are compared only when
    // the samples agree, which in a healthy read never happens.
    const sample = JSON.stringify([items.length, items[0], items[items.length >> 1], items[items.length - 1]]);
    if (sample === this.previousSample && JSON.stringify(items) === JSON.stringify(this.previous)) {
      throw new PagingLoopError(
        'repeatedPage',
        `paging: page ${index + 1} repeats the previous page's items; stopped to avoid an endless loop`,
        index + 1,
      );
    }
    this.previous = items;
    this.previousSample = sample;
  }
}

/**
 * The records of a page: the array at `recordsPath` (an explicit null: none). An empty body, a body without the
 * records field or one of another shape is an 'invalidResponse' error, never an empty page: taken as the last
 * page, it would end a full import early and remove every object not yet read.
 */
export function selectRecords(response: HttpResponse, recordsPath: string): unknown[] {
  const bad = (message: string) =>
    new HttpCallError({ kind: 'invalidResponse', message, attempts: response.attempts, status: response.status });
  if (response.json === undefined) {
    if (response.text.trim() === '') throw bad('paging: the page is empty (no body where a list was expected)');
    throw bad(`paging: the page is not JSON (content-type ${response.headers['content-type'] ?? 'none'})`);
  }
  if (response.json === null) throw bad('paging: the page is null where a list was expected');
  const records = readPath(response.json, recordsPath);
  if (records === null) return [];
  if (records === undefined) throw bad(`paging: the page has no "${recordsPath}" (the list of records)`);
  if (!Array.isArray(records)) throw bad(`paging: "${recordsPath || '$'}" is not a list of records`);
  return records;
}

function sortedQuery(req: HttpRequest): [string, unknown][] {
  return Object.entries(req.query ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function fingerprint(v: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(v) ?? '')
    .digest('base64');
}

function describe(req: HttpRequest): string {
  // Path and query only (secret-looking values redacted): never a header or the body.
  const u = new URL(req.path, 'http://page.invalid');
  for (const [k, v] of sortedQuery(req)) u.searchParams.append(k, String(v));
  return `${req.method.toUpperCase()} ${safePathAndQuery(u)}`.slice(0, 200);
}
