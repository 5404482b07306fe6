// Request paths are appended to the base URL (not resolved against it as a browser would): a base URL of
// https://app/api/v2 and a path of /users mean https://app/api/v2/users, which is what a project author means.
import type { QueryValue } from './types.ts';

/** The full URL of a request: `path` appended to `baseUrl` (or `path` itself when absolute), plus `query`. */
export function requestUrl(baseUrl: string, path: string, query?: Record<string, QueryValue | undefined>): URL {
  let url: URL;
  if (/^https?:\/\//i.test(path)) {
    url = new URL(path);
  } else {
    const base = new URL(baseUrl);
    const [p, q] = splitQuery(path);
    const joined = `${base.pathname.replace(/\/+$/, '')}/${p.replace(/^\/+/, '')}`;
    url = new URL(base.origin);
    url.pathname = p === '' ? base.pathname : joined;
    url.search = mergeSearch(base.search, q);
  }
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else url.searchParams.append(k, String(v));
    }
  }
  return url;
}

function splitQuery(path: string): [string, string] {
  const i = path.indexOf('?');
  return i < 0 ? [path, ''] : [path.slice(0, i), path.slice(i + 1)];
}

function mergeSearch(a: string, b: string): string {
  const parts = [a.replace(/^\?/, ''), b].filter((s) => s !== '');
  return parts.length ? `?${parts.join('&')}` : '';
}

/** True when both URLs have the same scheme, host and port (credentials never go to another origin). */
export function sameOrigin(a: URL | string, b: URL | string): boolean {
  return new URL(a).origin === new URL(b).origin;
}
