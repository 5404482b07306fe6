// A hash router: #/path/segments?query. The host serves index.html for /console/ only, so the hash keeps every
// page a reload away from the same file.
import { useEffect, useState } from 'preact/hooks';

/** The current route: its path segments and query. */
export interface Route {
  parts: string[];
  query: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, q = ''] = hash.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

/** The route, updated when the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const on = () => setRoute(current());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** A link target for a page: href('connectors', 'APP1') → #/connectors/APP1. */
export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

/** Changes the query of the current page without adding a history entry for each keystroke. */
export function setQuery(params: Record<string, string | undefined>): void {
  const r = current();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') r.query.delete(k);
    else r.query.set(k, v);
  }
  const q = r.query.toString();
  const next = `#/${r.parts.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
  history.replaceState(null, '', next);
  dispatchEvent(new HashChangeEvent('hashchange'));
}
