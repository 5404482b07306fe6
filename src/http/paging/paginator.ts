// The contract of a paging strategy: given the request and answer of one page and that page's items, the
// request for the next page, or none.
import type { HttpRequest, HttpResponse } from '../types.ts';

/** One fetched page, as a paginator sees it. */
export interface PageState {
  /** The request that fetched this page. */
  request: HttpRequest;
  response: HttpResponse;
  /** The page's records (already selected from the body). */
  items: readonly unknown[];
  /** 0 for the first page. */
  index: number;
}

/** Decides the requests of a paged read. */
export interface Paginator {
  /** The first page's request, built from the caller's request. */
  first(base: HttpRequest): HttpRequest;
  /** The next page's request, or undefined when `page` was the last. */
  next(page: PageState): HttpRequest | undefined;
}

/** `req` with `params` set in its query (others kept). */
export function withQuery(req: HttpRequest, params: Record<string, string | number | undefined>): HttpRequest {
  const query = { ...req.query };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query[k] = v;
  return { ...req, query };
}
