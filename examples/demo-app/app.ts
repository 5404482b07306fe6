// The HTTP application: node:http with a small pipeline (auth → rate limit → route → body → faults → handler) over
// the SQLite stores. Used by server.ts; tests and the Ferry demo may also start it in-process.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../shared/http-server.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountStore } from './account-store.ts';
import { ApiKeys } from './auth.ts';
import { readBody } from './body.ts';
import { ChangeLog } from './changes.ts';
import { openDb } from './db.ts';
import { ApiError } from './errors.ts';
import { type FaultRule, Faults, GARBAGE_BODY, faultError } from './faults.ts';
import { openApiDocument } from './openapi.ts';
import type { DemoAppOptions } from './options.ts';
import { RateLimiter } from './rate-limit.ts';
import { type Reply, type Route, Router } from './router.ts';
import { accountRoutes } from './routes/accounts.ts';
import { changeRoutes } from './routes/changes.ts';
import { teamRoutes } from './routes/teams.ts';
import { seed } from './seed.ts';
import { TeamStore } from './team-store.ts';

/** The prefix of the line server.ts prints when ready; the base URL follows. */
export const READY_PREFIX = 'demo-app listening on ';

/** A running demo app. */
export interface DemoApp {
  /** Base URL, e.g. http://127.0.0.1:8686 (the actual port when started on port 0). */
  url: string;
  port: number;
  /** Accounts created by --seed in this start (0 when the database already had accounts). */
  seeded: number;
  seedMs: number;
  /** Every route (for checks against the OpenAPI document). */
  routes: Route[];
  /** Stops accepting, lets requests in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Opens the database (seeding it if asked) and starts listening. */
export async function startDemoApp(opts: DemoAppOptions): Promise<DemoApp> {
  const db = openDb(opts.dataDir);
  const t0 = performance.now();
  const seeded = seed(db, opts.seed);
  const seedMs = performance.now() - t0;

  const changes = new ChangeLog(db);
  const accounts = new AccountStore(db, changes);
  const teams = new TeamStore(db, changes, accounts);
  const keys = new ApiKeys(opts.apiKeys);
  const limiter = new RateLimiter(opts.rate);
  const faults = opts.faults ? new Faults() : undefined;

  const routes: Route[] = [
    ...accountRoutes({ accounts, passwordCost: opts.passwordCost }),
    ...teamRoutes(teams),
    ...changeRoutes(changes),
    { method: 'GET', path: '/health', handler: () => ({ status: 200, body: { status: 'ok' } }) },
    { method: 'GET', path: '/openapi.json', handler: () => ({ status: 200, body: openApiDocument }) },
  ];
  if (faults) {
    routes.push(
      { method: 'GET', path: '/_faults', handler: () => ({ status: 200, body: { data: faults.list() } }) },
      { method: 'POST', path: '/_faults', handler: ({ body }) => ({ status: 201, body: faults.add(body) }) },
      {
        method: 'DELETE',
        path: '/_faults',
        handler: () => {
          faults.clear();
          return { status: 204 };
        },
      },
    );
  }
  const router = new Router(routes);
  let closing = false;
  let seq = 0;
  const idPrefix = randomBytes(3).toString('hex');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = `req_${idPrefix}${(++seq).toString(36)}`;
    const method = req.method ?? 'GET';
    let fault: FaultRule | undefined;
    let reply: Reply;
    try {
      const url = new URL(req.url ?? '/', 'http://demo-app.invalid');
      const path = url.pathname;
      if (path.startsWith('/api/')) limiter.take(keys.authenticate(req));
      const { handler, params } = router.match(method, path);
      const { raw, json } = await readBody(req);
      if (faults && !path.startsWith('/_faults')) {
        fault = faults.take(method, path, raw);
        if (fault?.latencyMs) await sleep(fault.latencyMs);
        if (fault?.status !== undefined) throw faultError(fault);
      }
      reply = await handler({ req, url, params, body: json });
    } catch (e) {
      reply = errorReply(opts.duplicatesAs400 ? asBadRequest(e) : e, method, req.url);
    }
    send(res, reply, requestId, closing, fault?.body ?? (fault?.garbage === true ? GARBAGE_BODY : undefined));
    if (opts.verbose)
      process.stderr.write(`${method} ${req.url} ${reply.status} ${(performance.now() - started).toFixed(1)}ms\n`);
  }

  const { port, origin, close } = await listen((req, res) => void handle(req, res), opts, {
    onClosing: () => (closing = true),
    onClosed: () => db.close(),
  });
  return { url: origin, port, seeded, seedMs, routes, close };
}

/** --duplicates-as-400: a taken login or team name answered as some applications do, 400 "… already exists". */
function asBadRequest(e: unknown): unknown {
  if (!(e instanceof ApiError) || e.status !== 409) return e;
  return new ApiError(400, 'invalid_value', e.message, e.field, e.headers);
}

function errorReply(e: unknown, method: string, url: string | undefined): Reply {
  if (e instanceof ApiError) return { status: e.status, body: e.toBody(), headers: e.headers };
  // Unexpected: log it for the operator, tell the client no more than that it failed.
  process.stderr.write(`demo-app: ${method} ${url} failed: ${(e as Error)?.stack ?? String(e)}\n`);
  return { status: 500, body: new ApiError(500, 'internal_error', 'internal error').toBody() };
}

/** Sends a reply; `replaced` (a fault's garbage or exact body) stands in for the reply's own body. */
function send(res: ServerResponse, reply: Reply, requestId: string, closing: boolean, replaced?: string): void {
  const headers: Record<string, string> = { 'X-Request-Id': requestId, 'Cache-Control': 'no-store', ...reply.headers };
  // While shutting down, no keep-alive: the client opens its next request elsewhere (or after the restart).
  if (closing) headers.Connection = 'close';
  let status = reply.status;
  let text: string | undefined = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  if (replaced !== undefined) {
    text = replaced;
    if (status === 204) status = 200;
  }
  if (text === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(status, headers).end(text);
}
