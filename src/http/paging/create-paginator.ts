// Builds the paginator a paging setting asks for.
import type { PagingSettings } from './config.ts';
import type { Paginator } from './paginator.ts';
import { KeysetPaginator, OffsetLimitPaginator, PageNumberPaginator } from './size-paginators.ts';
import { CursorPaginator, NextLinkPaginator } from './token-paginators.ts';

/** The paginator of `settings`. */
export function createPaginator(settings: PagingSettings): Paginator {
  switch (settings.type) {
    case 'offsetLimit':
      return new OffsetLimitPaginator(settings);
    case 'pageNumber':
      return new PageNumberPaginator(settings);
    case 'cursor':
      return new CursorPaginator(settings);
    case 'nextLink':
      return new NextLinkPaginator(settings);
    case 'keyset':
      return new KeysetPaginator(settings);
  }
}
