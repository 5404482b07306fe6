// Entra's matching query, GET {prefix}/{endpoint}?filter=…, answered straight on node:http. It is most of what
// Entra sends, and Hono's request and response objects, routing and five middleware layers cost about as much
// CPU as the read itself (docs/performance.md). Only the plain, authenticated case is taken here; anything else
// (another method, path spelling or parameter, a URL the adapter would normalise, a wrong or missing token, an
// address the failure limiter holds, a filter that does not parse) is left to the Hono app, which answers it as
// before. The answer is the one the Hono route gives: same body, status, headers, metrics and logs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf, UnexpectedErrorReporter } from '../errors/unexpected.ts';
import { parseListParams } from '../scim/list-params.ts';
import { SCIM_CONTENT_TYPE } from '../scim/messages.ts';
import type { RequestContext, ResourceService } from '../scim/resource-service.ts';
import { errorBody } from '../scim/http/error-body.ts';
import { listResponse, serverTiming, type ProjectedListQuery } from '../scim/http/list-response.ts';
import type { TokenChecker } from './auth.ts';
import type { AuthFailureLimiter } from './auth-failure-limiter.ts';
import type { Logger } from './logger.ts';
import type { HostMetrics } from './metrics.ts';

/** Answers a request and returns true, or returns false (having written nothing) to leave it to the Hono app. */
export type FastRead = (req: IncomingMessage, res: ServerResponse) => boolean;

/** One resource endpoint of a connector under one of its prefixes. */
export interface FastEndpoint {
  connector: string;
  prefix: string;
  service: ResourceService;
  checker: TokenChecker;
  /** Reports an unexpected error (a bug) with the request id the client is told. */
  onUnexpected: (e: unknown, requestId: string) => void;
}

/** What the fast path shares with the Hono app. */
export interface FastReadDeps {
  endpoints: FastEndpoint[];
  metrics: HostMetrics;
  logger: Logger;
  inflight: { count: number };
  limiter: AuthFailureLimiter;
}

/** Characters WHATWG URL leaves as they are in a query, `&` and `#` excluded: no normalisation to mirror. */
const PLAIN_QUERY = /^[!$%(-;=?-~]*$/;
const FILTER = 'filter=';

/** Builds the fast path of an app's SCIM endpoints. */
export function createFastRead(d: FastReadDeps): FastRead {
  const routes = new Map<string, FastEndpoint & { reporter: UnexpectedErrorReporter; resource: string }>();
  for (const e of d.endpoints) {
    const endpoint = e.service.type.endpoint;
    const reporter = new UnexpectedErrorReporter(e.onUnexpected);
    routes.set(`${e.prefix}${endpoint}`, { ...e, reporter, resource: endpoint.slice(1) });
  }
  const origins = new OriginCache();
  const batch = new WriteBatch();
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if (q < 0) return false;
    const route = routes.get(url.slice(0, q));
    if (!route || !url.startsWith(FILTER, q + 1) || !PLAIN_QUERY.test(url.slice(q + 1 + FILTER.length))) return false;
    const filter = decodeQueryValue(url.slice(q + 1 + FILTER.length));
    const origin = origins.of((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http', req.headers.host);
    if (filter === undefined || origin === undefined) return false;
    const address = req.socket.remoteAddress ?? 'unknown';
    if (d.limiter.retryAfter(address) > 0 || !route.checker.check(req.headers.authorization)) return false;
    let query: ProjectedListQuery;
    try {
      query = parseListParams({ filter }, route.service.type.schema);
    } catch {
      return false; // the Hono route answers the error
    }
    d.inflight.count++;
    const t0 = performance.now();
    const requestId = requestIdOf(headerOf(req, 'client-request-id') ?? headerOf(req, 'x-request-id'));
    const ctx: RequestContext = {
      requestId,
      baseUrl: origin + route.prefix,
      timings: [],
      reportUnexpected: (e) => route.reporter.report(e, requestId),
    };
    void answer(res, route.service, query, ctx, batch).finally(() => {
      d.inflight.count--;
      const ms = performance.now() - t0;
      const { connector, resource } = route;
      d.metrics.requests.inc({ connector, method: 'GET', resource, status: String(res.statusCode) });
      d.metrics.duration.observe({ connector, method: 'GET' }, ms / 1000);
      if (d.logger.isLevelEnabled('debug')) {
        const path = url.slice(0, q);
        const status = res.statusCode;
        d.logger.debug(
          { connector, method: 'GET', path, status, ms: Math.round(ms * 100) / 100, fast: true },
          'scim request',
        );
      }
    });
    return true;
  };
}

/** Runs the query and writes its ListResponse, or the SCIM error the Hono app's error handler would write. */
async function answer(
  res: ServerResponse,
  service: ResourceService,
  query: ProjectedListQuery,
  ctx: RequestContext,
  batch: WriteBatch,
): Promise<void> {
  try {
    send(res, 200, await listResponse(service, query, ctx), ctx, {}, batch);
  } catch (e) {
    ctx.reportUnexpected?.(e);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const err = errorBody(e, ctx.requestId);
    const headers: Record<string, string> = { 'X-Request-Id': ctx.requestId };
    if (err.retryAfter) headers['Retry-After'] = String(err.retryAfter);
    send(res, err.status, err.body, ctx, headers, batch);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  ctx: RequestContext,
  headers: Record<string, string>,
  batch: WriteBatch,
): void {
  const text = JSON.stringify(body);
  const timing = serverTiming(ctx.timings);
  if (timing) headers['Server-Timing'] = timing;
  res.writeHead(status, {
    'Content-Type': SCIM_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  batch.add(res, text);
}

/**
 * Answers written together once the event loop has handled every request that arrived with them (setImmediate
 * runs right after the loop's poll phase). A write to a client that sleeps must wake it, which is the costliest part
 * of a loopback write; written one after another, the later writes find the client awake. Under bench:scim's load
 * this took a read's system time from about 18 to 12 µs and its requests/s up by a sixth, for a few microseconds
 * of latency (docs/performance.md).
 */
class WriteBatch {
  private pending: { res: ServerResponse; text: string }[] = [];

  add(res: ServerResponse, text: string): void {
    this.pending.push({ res, text });
    if (this.pending.length === 1) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    const writes = this.pending;
    this.pending = [];
    for (const { res, text } of writes) res.end(text);
  };
}

/** A header as Hono reads it: repeated ones joined (node does that), absent is undefined. */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A query value decoded as Hono decodes it ("+" is a space); undefined when its escapes are malformed. */
function decodeQueryValue(raw: string): string | undefined {
  const spaced = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined; // Hono keeps malformed escapes as they are: its route answers
  }
}

/** The origin of a scheme and Host header as the Node adapter builds the request URL from them (cached). */
class OriginCache {
  private readonly known = new Map<string, string | null>();

  of(scheme: string, host: string | undefined): string | undefined {
    if (!host) return undefined;
    const key = `${scheme}://${host}`;
    let origin = this.known.get(key);
    if (origin === undefined) {
      origin = null;
      try {
        const u = new URL(`${key}/`);
        // The adapter refuses a Host header that URL parsing changes beyond its port: leave those to it.
        if (u.hostname.length === host.length || u.hostname === host.replace(/:\d+$/, '')) origin = u.href.slice(0, -1);
      } catch {
        // not a host: the adapter answers
      }
      if (this.known.size >= 64) this.known.clear(); // Host headers come from clients: keep the cache small
      this.known.set(key, origin);
    }
    return origin ?? undefined;
  }
}
