// /api/v1/changes: the feed a delta import reads from a watermark.
import { CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT, type ChangeLog, parseSince } from '../changes.ts';
import { parseLimit } from '../paging.ts';
import type { Route } from '../router.ts';

/** The changes endpoints. */
export function changeRoutes(changes: ChangeLog): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/changes',
      handler: ({ url }) => {
        const since = parseSince(url.searchParams.get('since'));
        const limit = parseLimit(url.searchParams.get('limit'), CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT);
        return { status: 200, body: changes.read(since, limit) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/changes/latest',
      handler: () => ({ status: 200, body: { seq: changes.latestSeq() } }),
    },
  ];
}
