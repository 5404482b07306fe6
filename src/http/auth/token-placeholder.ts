// Puts a session token where a request template wrote a marker: in the URL, a header value or the body. Some
// applications (JSON-RPC ones such as Zabbix 6.0) want the token inside the request body, not in a header.
import type { PreparedRequest } from '../types.ts';

/** Replaces every `marker` in `req`'s URL, header values and body with `token`, encoded for where it lands. */
export function placeToken(req: PreparedRequest, marker: string, token: string): void {
  const encodedMarker = encodeURIComponent(marker);
  for (const text of [marker, encodedMarker]) {
    if (req.url.href.includes(text)) req.url = new URL(req.url.href.split(text).join(encodeURIComponent(token)));
  }
  for (const [name, value] of Object.entries(req.headers)) {
    if (value.includes(marker)) req.headers[name] = value.split(marker).join(token);
  }
  const body = req.body;
  // The marker as JSON text, as form text or as written.
  const forms = [JSON.stringify(marker).slice(1, -1), new URLSearchParams({ m: marker }).toString().slice(2), marker];
  if (body === undefined || !forms.some((f) => body.includes(f))) return;
  const type = req.headers['content-type'] ?? '';
  if (/json/i.test(type)) {
    // Replaced in the parsed value, so a token with quotes or backslashes cannot break the JSON.
    req.body = JSON.stringify(replaceIn(JSON.parse(body), marker, token));
  } else if (/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams(body);
    const out = new URLSearchParams();
    for (const [k, v] of form) out.append(k, v.split(marker).join(token));
    req.body = out.toString();
  } else {
    const safe = /xml/i.test(type) ? escapeXml(token) : token;
    req.body = body.split(marker).join(safe);
  }
}

function replaceIn(v: unknown, marker: string, token: string): unknown {
  if (typeof v === 'string') return v.split(marker).join(token);
  if (Array.isArray(v)) return v.map((x) => replaceIn(x, marker, token));
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceIn(x, marker, token)]));
  return v;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
