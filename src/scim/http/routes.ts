// The SCIM 2.0 HTTP surface of one connector (RFC 7644): discovery, list/search, get, POST, PUT, PATCH, DELETE, Bulk.
import { Hono, type Context } from 'hono';
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { SCIM_CONTENT_TYPE } from '../messages.ts';
import { allSchemas, listOf, resourceTypeDoc, schemaDoc, serviceProviderConfig } from '../discovery.ts';
import { parseListParams, listParam, type RawListParams } from '../list-params.ts';
import { project } from '../projection.ts';
import type { RequestContext, ResourceService, ScimResource } from '../resource-service.ts';
import { etagMatches, etagOf } from '../etag.ts';
import { runBulk } from '../bulk/run-bulk.ts';
import { createFromBody, patchFromBody, replaceFromBody } from '../resource-writes.ts';
import { serviceLookup } from '../service-lookup.ts';
import { errorBody } from './error-body.ts';
import { UnexpectedErrorReporter, requestIdOf } from '../../errors/unexpected.ts';
import { readJsonBody, type BodyReader } from './json-body.ts';
import { listResponse, serverTiming } from './list-response.ts';

/** Options of one connector's SCIM app. */
export interface ScimAppOptions {
  /** The path the app is mounted at, e.g. /ecma2host_APP1/scim. */
  prefix: string;
  services: ResourceService[];
  maxBodyBytes: number;
  /** Reads a request's body, enforcing maxBodyBytes (default: through the WHATWG Request, unlimited). */
  readBody?: BodyReader;
  /** Where unexpected errors (bugs) go, once each, with the request id the client is told. */
  onUnexpected?: (e: unknown, requestId: string) => void;
}

/** Sends a SCIM JSON response. */
export function scimJson(c: Context, body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status as 200, { 'Content-Type': SCIM_CONTENT_TYPE, ...headers });
}

/** Sends the SCIM error response of any thrown value (an unexpected one names `requestId`). */
export function scimErrorResponse(c: Context, e: unknown, requestId?: string): Response {
  const { status, body, retryAfter } = errorBody(e, requestId);
  const headers: Record<string, string> = retryAfter ? { 'Retry-After': String(retryAfter) } : {};
  if (requestId !== undefined) headers['X-Request-Id'] = requestId;
  return scimJson(c, body, status, headers);
}

/** A 405 (RFC 9110 §15.5.6) naming the methods the path takes. */
const allow = (methods: string) => (c: Context) => {
  const e = new FerryError('method_not_allowed', `${c.req.method} is not served at ${c.req.path}.`);
  const res = scimErrorResponse(c, e);
  res.headers.set('Allow', methods);
  return res;
};

/** Builds the SCIM app of one connector; mount it at `opts.prefix`. */
export function createScimApp(opts: ScimAppOptions): Hono {
  const app = new Hono();
  const service = serviceLookup(opts.services);
  const contexts = new WeakMap<Context, RequestContext>();
  const unexpected = new UnexpectedErrorReporter(opts.onUnexpected ?? (() => undefined));
  const ctxOf = (c: Context): RequestContext => {
    let ctx = contexts.get(c);
    if (!ctx) {
      const url = c.req.url;
      const origin = url.slice(0, url.indexOf('/', url.indexOf('//') + 2));
      const requestId = requestIdOf(c.req.header('client-request-id') ?? c.req.header('x-request-id'));
      ctx = {
        requestId,
        baseUrl: origin + opts.prefix,
        timings: [],
        reportUnexpected: (e) => unexpected.report(e, requestId),
      };
      // If-Match guards writes only; a GET's If-None-Match is answered below.
      const ifMatch = c.req.method === 'GET' ? undefined : c.req.header('if-match');
      if (ifMatch !== undefined) ctx.ifMatch = ifMatch;
      contexts.set(c, ctx);
    }
    return ctx;
  };
  // Server-Timing: where the time of a write went (space lookup, export, confirmation, space write).
  app.use('*', async (c, next) => {
    await next();
    const timing = serverTiming(contexts.get(c)?.timings);
    if (timing) c.res.headers.set('Server-Timing', timing);
  });
  const types = () => opts.services.map((s) => s.type);

  app.onError((e, c) => {
    const ctx = ctxOf(c);
    ctx.reportUnexpected?.(e);
    return scimErrorResponse(c, e, ctx.requestId);
  });

  app.get('/ServiceProviderConfig', (c) => scimJson(c, serviceProviderConfig(ctxOf(c).baseUrl, opts.maxBodyBytes)));
  app.get('/ResourceTypes', (c) => scimJson(c, listOf(types().map((t) => resourceTypeDoc(t, ctxOf(c).baseUrl)))));
  app.get('/ResourceTypes/:name', (c) => {
    const t = types().find((x) => x.name.toLowerCase() === c.req.param('name').toLowerCase());
    if (!t) throw scimError.notFound(`Resource type "${c.req.param('name')}" not found.`);
    return scimJson(c, resourceTypeDoc(t, ctxOf(c).baseUrl));
  });
  app.get('/Schemas', (c) => scimJson(c, listOf(allSchemas(types()).map((s) => schemaDoc(s, ctxOf(c).baseUrl)))));
  app.get('/Schemas/:id', (c) => {
    const s = allSchemas(types()).find((x) => x.id.toLowerCase() === c.req.param('id').toLowerCase());
    if (!s) throw scimError.notFound(`Schema "${c.req.param('id')}" not found.`);
    return scimJson(c, schemaDoc(s, ctxOf(c).baseUrl));
  });
  // Before the resource routes, which would take these paths for resource types.
  for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/ResourceTypes/:name', '/Schemas', '/Schemas/:id'])
    app.all(path, allow('GET'));

  const list = async (c: Context, svc: ResourceService, raw: RawListParams) =>
    scimJson(c, await listResponse(svc, parseListParams(raw, svc.type.schema), ctxOf(c)));
  const shape = (c: Context, svc: ResourceService, r: ScimResource) =>
    project(r, svc.type.schema, listParam(c.req.query('attributes')), listParam(c.req.query('excludedAttributes')));
  /** A single resource with its version as ETag (RFC 7644 §3.14). */
  const one = (
    c: Context,
    svc: ResourceService,
    r: ScimResource,
    status = 200,
    headers: Record<string, string> = {},
  ) => {
    const etag = etagOf(r);
    return scimJson(c, shape(c, svc, r), status, etag ? { ...headers, ETag: etag } : headers);
  };

  app.get('/:resource', (c) => list(c, service(c.req.param('resource')), c.req.query()));
  app.post('/:resource/.search', async (c) => {
    const svc = service(c.req.param('resource'));
    const body = await readJsonBody(c, opts.readBody);
    return list(c, svc, body as RawListParams);
  });
  app.get('/:resource/:id', async (c) => {
    const svc = service(c.req.param('resource'));
    const r = await svc.get(c.req.param('id'), ctxOf(c));
    const etag = etagOf(r);
    const ifNoneMatch = c.req.header('if-none-match');
    // The client's copy is current: no body (RFC 7232 §4.1).
    if (etag && ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) return c.body(null, 304, { ETag: etag });
    return one(c, svc, r);
  });
  app.post('/:resource', async (c) => {
    // /Bulk is no resource type; spelled in any case, as resource endpoints may be.
    if (c.req.param('resource').toLowerCase() === 'bulk')
      return scimJson(c, await runBulk(await readJsonBody(c, opts.readBody), service, ctxOf(c)));
    const svc = service(c.req.param('resource'));
    const created = await createFromBody(svc, await readJsonBody(c, opts.readBody), ctxOf(c));
    const location = (created.meta as { location?: string } | undefined)?.location;
    return one(c, svc, created, 201, location ? { Location: location } : {});
  });
  app.put('/:resource/:id', async (c) => {
    const svc = service(c.req.param('resource'));
    return one(c, svc, await replaceFromBody(svc, c.req.param('id'), await readJsonBody(c, opts.readBody), ctxOf(c)));
  });
  app.patch('/:resource/:id', async (c) => {
    const svc = service(c.req.param('resource'));
    return one(c, svc, await patchFromBody(svc, c.req.param('id'), await readJsonBody(c, opts.readBody), ctxOf(c)));
  });
  app.delete('/:resource/:id', async (c) => {
    const svc = service(c.req.param('resource'));
    await svc.delete(c.req.param('id'), ctxOf(c));
    return c.body(null, 204);
  });
  // Registered after the routes of their paths, so they answer only the methods no route took. Mounted with
  // app.route(), this app's notFound is never asked (the host's is): the catch-all keeps every answer under the
  // SCIM base a SCIM error.
  app.all('/:resource/.search', allow('POST'));
  app.all('/:resource', allow('GET, POST'));
  app.all('/:resource/:id', allow('GET, PUT, PATCH, DELETE'));
  app.all('*', (c) => scimErrorResponse(c, scimError.notFound(`No SCIM endpoint at ${c.req.path}.`)));
  return app;
}
