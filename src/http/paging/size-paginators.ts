// Strategies that know where the next page starts from what they asked for: offset/limit, page number and
// keyset. They stop on a short or empty page, or at the total when the body gives one.
import { readPath } from '../json-path.ts';
import type { HttpRequest } from '../types.ts';
import type { KeysetPaging, OffsetLimitPaging, PageNumberPaging } from './config.ts';
import { withQuery, type PageState, type Paginator } from './paginator.ts';

/** offset + limit; `start: 1` for 1-based indexes (SCIM startIndex). */
export class OffsetLimitPaginator implements Paginator {
  private readonly start: number;

  constructor(private readonly cfg: OffsetLimitPaging) {
    this.start = cfg.start ?? 0;
  }

  first(base: HttpRequest): HttpRequest {
    return withQuery(base, { [this.cfg.offsetParam]: this.start, [this.cfg.limitParam]: this.cfg.pageSize });
  }

  next(page: PageState): HttpRequest | undefined {
    const offset = Number(page.request.query?.[this.cfg.offsetParam] ?? this.start);
    const nextOffset = offset + page.items.length;
    if (isLast(page, this.cfg.pageSize, this.cfg.totalFrom, nextOffset - this.start)) return undefined;
    return withQuery(page.request, { [this.cfg.offsetParam]: nextOffset });
  }
}

/** Page number + size. */
export class PageNumberPaginator implements Paginator {
  private readonly firstPage: number;

  constructor(private readonly cfg: PageNumberPaging) {
    this.firstPage = cfg.firstPage ?? 1;
  }

  first(base: HttpRequest): HttpRequest {
    return withQuery(base, { [this.cfg.pageParam]: this.firstPage, [this.cfg.sizeParam]: this.cfg.pageSize });
  }

  next(page: PageState): HttpRequest | undefined {
    const n = Number(page.request.query?.[this.cfg.pageParam] ?? this.firstPage);
    const seen = (n - this.firstPage) * this.cfg.pageSize + page.items.length;
    if (isLast(page, this.cfg.pageSize, this.cfg.totalFrom, seen)) return undefined;
    return withQuery(page.request, { [this.cfg.pageParam]: n + 1 });
  }
}

/** The items after the last value of a sorted field. */
export class KeysetPaginator implements Paginator {
  constructor(private readonly cfg: KeysetPaging) {}

  first(base: HttpRequest): HttpRequest {
    return this.cfg.sizeParam ? withQuery(base, { [this.cfg.sizeParam]: this.cfg.pageSize }) : base;
  }

  next(page: PageState): HttpRequest | undefined {
    if (isLast(page, this.cfg.pageSize, undefined, 0)) return undefined;
    const last = readPath(page.items[page.items.length - 1], this.cfg.field);
    // Without a last value there is nothing to seek from; asking again would loop, so the read ends here.
    if (typeof last !== 'string' && typeof last !== 'number') return undefined;
    return withQuery(page.request, { [this.cfg.param]: last });
  }
}

function isLast(page: PageState, pageSize: number, totalFrom: string | undefined, seen: number): boolean {
  if (page.items.length === 0) return true;
  if (totalFrom !== undefined) {
    const total = Number(readPath(page.response.json, totalFrom));
    if (Number.isFinite(total)) return seen >= total;
  }
  return page.items.length < pageSize;
}
