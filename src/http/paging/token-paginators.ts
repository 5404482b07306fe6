// Strategies whose next page is named by the application: a cursor in the body, or a next link in the body or
// the Link header.
import { HttpCallError } from '../http-call-error.ts';
import { readPath } from '../json-path.ts';
import type { HttpRequest } from '../types.ts';
import type { CursorPaging, NextLinkPaging } from './config.ts';
import { linkTarget } from './link-header.ts';
import { withQuery, type PageState, type Paginator } from './paginator.ts';

/** A cursor read from the body and sent back in a query parameter; stops when it is missing or empty. */
export class CursorPaginator implements Paginator {
  constructor(private readonly cfg: CursorPaging) {}

  first(base: HttpRequest): HttpRequest {
    return this.cfg.sizeParam && this.cfg.pageSize
      ? withQuery(base, { [this.cfg.sizeParam]: this.cfg.pageSize })
      : base;
  }

  next(page: PageState): HttpRequest | undefined {
    const cursor = readPath(page.response.json, this.cfg.from);
    if (cursor === undefined || cursor === null || cursor === '' || cursor === false) return undefined;
    if (typeof cursor !== 'string' && typeof cursor !== 'number') {
      throw new HttpCallError({
        kind: 'invalidResponse',
        message: `paging: the cursor at "${this.cfg.from}" is not a string or number`,
        attempts: page.response.attempts,
      });
    }
    return withQuery(page.request, { [this.cfg.param]: cursor });
  }
}

/** Follows next links (relative ones resolved against the page's URL); a link to another origin is refused. */
export class NextLinkPaginator implements Paginator {
  constructor(private readonly cfg: NextLinkPaging) {}

  first(base: HttpRequest): HttpRequest {
    return this.cfg.sizeParam && this.cfg.pageSize
      ? withQuery(base, { [this.cfg.sizeParam]: this.cfg.pageSize })
      : base;
  }

  next(page: PageState): HttpRequest | undefined {
    const raw =
      this.cfg.from === 'link-header'
        ? linkTarget(page.response.headers.link, 'next')
        : readPath(page.response.json, this.cfg.from);
    if (raw === undefined || raw === null || raw === '') return undefined;
    if (typeof raw !== 'string') {
      throw new HttpCallError({
        kind: 'invalidResponse',
        message: `paging: the next link at "${this.cfg.from}" is not a string`,
        attempts: page.response.attempts,
      });
    }
    let target: URL;
    try {
      target = new URL(raw, page.response.url);
    } catch {
      throw new HttpCallError({
        kind: 'invalidResponse',
        message: 'paging: the next link is not a valid URL',
        attempts: page.response.attempts,
      });
    }
    const here = new URL(page.response.url);
    // Following a link elsewhere would send the service's requests (and load) to a host nobody configured.
    if (target.origin !== here.origin) {
      throw new HttpCallError({
        kind: 'invalidResponse',
        message: `paging: the next link points to another origin (${target.origin})`,
        attempts: page.response.attempts,
      });
    }
    const { query: _dropped, ...rest } = page.request;
    return { ...rest, path: target.toString() };
  }
}
