// Every call the console makes goes to the admin API under /console/api (session cookie + CSRF header).

/** One problem of a validation or reload failure, as the API reports it. */
export interface Problem {
  path?: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** The API's error body (every 4xx/5xx JSON answer). */
export interface ErrorBody {
  error: string;
  code?: string;
  recommendation?: string;
  problems?: Problem[];
}

/** A failed API call, with the words and the recommendation of the error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
  }
}

const BASE = '/console/api';
let csrfToken = '';

/** Remembers the CSRF token that changes send in X-CSRF-Token. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Turns a failed response into an ApiError, whatever its body. */
async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  let body: ErrorBody;
  try {
    const parsed = JSON.parse(text) as Partial<ErrorBody> & { detail?: string };
    body = { ...parsed, error: parsed.error ?? parsed.detail ?? `${res.status} ${res.statusText}` } as ErrorBody;
  } catch {
    body = { error: text.trim() || `${res.status} ${res.statusText}` };
  }
  if (res.status === 429 && !body.recommendation) {
    body.recommendation = `Wait ${res.headers.get('Retry-After') ?? 'a few'} seconds and try again.`;
  }
  return new ApiError(res.status, body);
}

/** Sends a request; changes carry the CSRF token. */
export async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, {
      error: `The host did not answer: ${e instanceof Error ? e.message : String(e)}`,
      recommendation: 'Check that the Ferry host is running and reachable, then try again.',
    });
  }
  if (!res.ok) {
    // The session expired or was signed out elsewhere: the shell goes back to sign-in.
    if (res.status === 401 && path !== '/session') dispatchEvent(new Event('ferry:signed-out'));
    throw await errorOf(res);
  }
  return res;
}

/** Sends a request and reads its JSON answer (undefined for 204). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A GET with its JSON answer. */
export function get<T>(path: string): Promise<T> {
  return api<T>('GET', path);
}

/** Reads an NDJSON answer line by line, calling `onLine` for each parsed line. */
export async function readLines(res: Response, onLine: (line: Record<string, unknown>) => void): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buf += value;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onLine(JSON.parse(line) as Record<string, unknown>);
      nl = buf.indexOf('\n');
    }
    if (done) break;
  }
  if (buf.trim()) onLine(JSON.parse(buf) as Record<string, unknown>);
}

/** Builds a query string from the set values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The URL of a download under the API (the browser sends the cookie; a GET needs no CSRF token). */
export function apiUrl(path: string): string {
  return BASE + path;
}
