// The host's HTTP application: /health, /metrics (behind host.metricsToken when set), and each connector's SCIM
// app under both of its prefixes, behind its own bearer token, a body limit (request-body.ts) and request metrics.
import { Hono } from 'hono';
import { FerryError } from '../errors/catalogue.ts';
import { requestIdOf } from '../errors/unexpected.ts';
import { createScimApp, scimErrorResponse } from '../scim/http/routes.ts';
import { TokenChecker, bearerAuth } from './auth.ts';
import { AuthFailureLimiter, type AuthFailureLimits } from './auth-failure-limiter.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import type { Logger } from './logger.ts';
import type { HostMetrics } from './metrics.ts';
import { createFastRead, type FastEndpoint, type FastRead } from './fast-read.ts';
import { requestBodyReader } from './request-body.ts';
import { scimPrefixes } from './scim-prefixes.ts';

/** What the HTTP app needs from the host. */
export interface HttpAppDeps {
  connectors: ConnectorRuntime[];
  metrics: HostMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** Counts requests in flight, for graceful shutdown. */
  inflight: { count: number };
  health: () => Record<string, unknown>;
  /** The admin API, when an admin token is configured. */
  admin?: Hono;
  /** The web console (/console/). */
  console?: Hono;
  /** Limits of failed authentications per client address (default: 10 at once, then 1 per second). */
  authFailureLimits?: AuthFailureLimits;
  /** The limiter of the SCIM and /metrics tokens, when the host keeps one across reloads (default: a new one). */
  authLimiter?: AuthFailureLimiter;
  /** Bearer token /metrics asks for (host.metricsToken); absent = /metrics is open. */
  metricsToken?: string;
}

/** The fast read path of each app createHttpApp built (see fast-read.ts). */
const fastReads = new WeakMap<Hono, FastRead>();

/** The fast read path to try before an app built by createHttpApp (which answers whatever the path leaves). */
export function fastReadOf(app: Hono): FastRead | undefined {
  return fastReads.get(app);
}

/** Builds the host's Hono app. */
export function createHttpApp(d: HttpAppDeps): Hono {
  const app = new Hono();
  // One for every connector and /metrics: a guesser trying several of the tokens is one guesser.
  const authLimiter = d.authLimiter ?? new AuthFailureLimiter(d.authFailureLimits);
  const fastEndpoints: FastEndpoint[] = [];
  const readBody = requestBodyReader(d.maxBodyBytes);
  app.use('*', async (_c, next) => {
    d.inflight.count++;
    try {
      await next();
    } finally {
      d.inflight.count--;
    }
  });
  app.get('/health', (c) => {
    const h = d.health();
    // Degraded is still up: the host answers (with 503 for what it cannot do); a balancer must not drop it.
    return c.json(h, h.status === 'ok' || h.status === 'degraded' ? 200 : 503);
  });
  if (d.admin) app.route('/admin', d.admin);
  if (d.console) {
    app.get('/console', (c) => c.redirect('/console/', 301));
    app.route('/console', d.console);
  }
  if (d.metricsToken !== undefined) {
    const checker = new TokenChecker(d.metricsToken);
    app.use('/metrics', async (c, next) => {
      try {
        // The same constant-time check and per-address limiter as the SCIM tokens.
        await bearerAuth(checker, { limiter: authLimiter })(c, next);
      } catch (e) {
        if (!(e instanceof FerryError && e.status === 401)) throw e;
        c.res = c.json({ error: 'unauthorized', detail: 'Missing or wrong bearer token for /metrics.' }, 401, {
          'WWW-Authenticate': 'Bearer realm="ferry"',
        });
      }
    });
  }
  app.get('/metrics', async (c) =>
    c.body(await d.metrics.registry.metrics(), 200, { 'Content-Type': d.metrics.registry.contentType }),
  );

  for (const rt of d.connectors) {
    const name = rt.config.name;
    const checker = new TokenChecker(rt.config.secretToken, rt.config.previousSecretTokens);
    for (const prefix of scimPrefixes(name)) {
      const onUnexpected = (e: unknown, requestId: string) => {
        d.metrics.unexpectedErrors.inc();
        d.logger.error({ err: e, requestId, connector: name, path: prefix }, 'unexpected error');
      };
      const scim = createScimApp({
        prefix,
        services: rt.services,
        maxBodyBytes: d.maxBodyBytes,
        readBody,
        onUnexpected,
      });
      for (const service of rt.services)
        fastEndpoints.push({ connector: name, prefix, service, checker, onUnexpected });
      app.use(`${prefix}/*`, async (c, next) => {
        const t0 = performance.now();
        try {
          await next();
        } finally {
          const rest = c.req.path.slice(prefix.length + 1);
          const resource = rest.split('/')[0] || 'root';
          d.metrics.requests.inc({
            connector: name,
            method: c.req.method,
            resource: knownResource(resource, rt),
            status: String(c.res.status),
          });
          d.metrics.duration.observe({ connector: name, method: c.req.method }, (performance.now() - t0) / 1000);
          if (d.logger.isLevelEnabled('debug')) {
            d.logger.debug(
              {
                connector: name,
                method: c.req.method,
                path: c.req.path,
                status: c.res.status,
                ms: Math.round((performance.now() - t0) * 100) / 100,
              },
              'scim request',
            );
          }
        }
      });
      app.use(`${prefix}/*`, async (c, next) => {
        try {
          await bearerAuth(checker, {
            onFailure: () => d.metrics.authFailures.inc({ connector: name }),
            limiter: authLimiter,
          })(c, next);
        } catch (e) {
          c.res = scimErrorResponse(c, e);
          if (e instanceof FerryError && e.status === 401)
            c.res.headers.set('WWW-Authenticate', 'Bearer realm="ferry"');
        }
      });
      app.route(prefix, scim);
    }
  }
  app.notFound((c) => c.json({ error: 'not found', detail: `Nothing is served at ${c.req.path}.` }, 404));
  app.onError((e, c) => {
    const requestId = requestIdOf(c.req.header('client-request-id') ?? c.req.header('x-request-id'));
    d.metrics.unexpectedErrors.inc();
    d.logger.error({ err: e, requestId, path: c.req.path }, 'unexpected error');
    return c.json({ error: 'internal error', requestId }, 500, { 'X-Request-Id': requestId });
  });
  fastReads.set(
    app,
    createFastRead({
      endpoints: fastEndpoints,
      metrics: d.metrics,
      logger: d.logger,
      inflight: d.inflight,
      limiter: authLimiter,
    }),
  );
  return app;
}

function knownResource(segment: string, rt: ConnectorRuntime): string {
  const lower = segment.toLowerCase();
  for (const s of rt.services) if (s.type.endpoint.slice(1).toLowerCase() === lower) return s.type.endpoint.slice(1);
  if (['serviceproviderconfig', 'resourcetypes', 'schemas', 'bulk'].includes(lower)) return segment;
  return 'other';
}
