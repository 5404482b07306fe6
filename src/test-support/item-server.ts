// A real server holding N items that pages them every way Ferry's paginators ask: offset/limit, startIndex/count
// (1-based), page/size, cursor, keyset (after), with the next cursor, a next link in the body and a Link header.
// Modes that misbehave: `stuck` answers the first page and the same cursor/link whatever is asked; `endless`
// answers new items and new cursors forever.
import { sendJson, startTestServer } from './http-server.ts';

/** A test item. */
export interface Item {
  id: string;
  n: number;
}

/** How the server behaves. */
export type ItemServerMode = 'normal' | 'stuck' | 'endless';

/** A running item server. */
export interface ItemServer {
  url: string;
  /** Requests to /items so far. */
  requests(): number;
  close(): Promise<void>;
}

/** The N items the server holds, in order. */
export function items(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({ id: `u${String(i).padStart(5, '0')}`, n: i }));
}

/** Starts a server holding `n` items at /items. */
export async function startItemServer(n: number, mode: ItemServerMode = 'normal'): Promise<ItemServer> {
  const all = items(n);
  let count = 0;
  let endlessPage = 0;
  const srv = await startTestServer((req, res) => {
    if (req.url.pathname !== '/items') return sendJson(res, 404, {});
    count++;
    const q = req.url.searchParams;
    const limit = Number(q.get('limit') ?? q.get('count') ?? q.get('size') ?? 100);
    if (mode === 'stuck') {
      return sendJson(
        res,
        200,
        { data: { items: all.slice(0, limit) }, total: n, paging: { next: 'c-same', nextUrl: '/items?cursor=c-same' } },
        { link: '</items?cursor=c-same>; rel="next"' },
      );
    }
    if (mode === 'endless') {
      const page = endlessPage++;
      const pageItems = Array.from({ length: limit }, (_, i) => ({
        id: `e${String(page).padStart(5, '0')}-${String(i).padStart(4, '0')}`,
        n: i,
      }));
      const next = `c${page + 1}`;
      return sendJson(
        res,
        200,
        { data: { items: pageItems }, paging: { next, nextUrl: `/items?cursor=${next}&limit=${limit}` } },
        { link: `</items?cursor=${next}&limit=${limit}>; rel="next"` },
      );
    }
    let start = 0;
    if (q.has('offset')) start = Number(q.get('offset'));
    else if (q.has('startIndex')) start = Number(q.get('startIndex')) - 1;
    else if (q.has('page')) start = (Number(q.get('page')) - 1) * limit;
    else if (q.has('cursor')) start = Number(Buffer.from(q.get('cursor') ?? '', 'base64url').toString());
    else if (q.has('after')) {
      const after = q.get('after') ?? '';
      start = all.findIndex((it) => it.id > after);
      if (start < 0) start = n;
    }
    const slice = all.slice(start, start + limit);
    const end = start + slice.length;
    const more = end < n;
    const cursor = more ? Buffer.from(String(end)).toString('base64url') : null;
    const nextUrl = more ? `/items?cursor=${cursor}&limit=${limit}` : null;
    sendJson(
      res,
      200,
      { data: { items: slice }, total: n, paging: { next: cursor, nextUrl } },
      more ? { link: `<${srv.url}${nextUrl}>; rel="next"` } : {},
    );
  });
  return { url: srv.url, requests: () => count, close: () => srv.close() };
}
