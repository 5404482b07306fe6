// The stand-in's HTTP side: node:http with SAP's shape of things — HTTP basic authentication (SAP answers 401 with a
// Basic realm), the SOAP endpoints under /sap/bc/srt/rfc/…, the WSDL at the endpoint with ?wsdl, the public ping
// /sap/public/ping, and (tests only, with --faults) fault injection at /_faults and call counts at /_stats.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from '../shared/http-server.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE } from './bapi-types.ts';
import { bapiOperations } from './bapi.ts';
import { openDb } from './db.ts';
import { Faults, type FaultRule } from './faults.ts';
import type { StandInOptions } from './options.ts';
import { seed } from './seed.ts';
import { soapEndpoint, type SoapEndpoint } from './soap-endpoint.ts';
import { UserStore } from './user-store.ts';
import { wsdlText } from './wsdl.ts';

/** The prefix of the line server.ts prints when ready; the base URL follows. */
export const READY_PREFIX = 'sap-standin listening on ';
/** The realm SAP NetWeaver names in its 401 answers. */
export const REALM = 'SAP NetWeaver Application Server [NPL/001]';
/** Largest request body accepted (SAP's default ICM limit is far larger; 10 MB is plenty for user BAPIs). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A running stand-in. */
export interface StandIn {
  /** Base URL, e.g. http://127.0.0.1:8000 (the actual port when started on port 0). */
  url: string;
  port: number;
  /** Users created by --seed in this start (0 when the database already had users). */
  seeded: number;
  seedMs: number;
  /** Stops accepting, lets calls in flight finish, closes the database. */
  close(): Promise<void>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Opens the database (seeding it if asked) and starts listening. */
export async function startStandIn(opts: StandInOptions): Promise<StandIn> {
  const db = openDb(opts.dataDir);
  const t0 = performance.now();
  const seeded = seed(db, opts.seed);
  const seedMs = performance.now() - t0;
  const store = new UserStore(db);
  const operations = bapiOperations(store, {
    passwordCost: opts.passwordCost,
    tables: opts.tables,
    system: 'NPLCLNT001',
  });
  const faults = opts.faults ? new Faults() : undefined;
  // Calls per operation and the last SOAPAction header of each, for tests (GET /_stats, with --faults).
  const stats: Record<string, number> = {};
  const actions: Record<string, string> = {};
  const credentials = digest(`${opts.user}:${opts.password}`);
  let origin = '';
  // One endpoint per binding, as SOAMANAGER publishes them; both built from the same WSDL.
  let endpoints: Map<string, SoapEndpoint> | undefined;
  const endpoint = (path: string): SoapEndpoint | undefined => {
    endpoints ??= new Map([
      [SERVICE.path, soapEndpoint({ wsdl: wsdlText(origin), operations, version: '1.1' })],
      [SERVICE.path12, soapEndpoint({ wsdl: wsdlText(origin), operations, version: '1.2' })],
    ]);
    return endpoints.get(path);
  };
  let closing = false;

  const authorized = (req: IncomingMessage): boolean => {
    const h = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h);
    if (!m) return false;
    return timingSafeEqual(digest(Buffer.from(m[1], 'base64').toString('utf8')), credentials);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sap-standin.invalid');
    const path = url.pathname;
    let status = 500;
    const send = (code: number, body: string, headers: Record<string, string> = {}): void => {
      status = code;
      const h: Record<string, string> = {
        'Content-Length': String(Buffer.byteLength(body)),
        'Cache-Control': 'no-store',
        ...headers,
      };
      if (closing) h.Connection = 'close';
      res.writeHead(code, h).end(body);
    };
    try {
      if (path === '/sap/public/ping' && (method === 'GET' || method === 'HEAD'))
        return send(200, 'Server reached.', { 'Content-Type': 'text/plain; charset=utf-8' });
      if (faults && path === '/_faults') return await faultsRoute(faults, method, req, send);
      if (faults && path === '/_stats' && method === 'GET')
        return send(200, JSON.stringify({ calls: stats, soapActions: actions }), {
          'Content-Type': 'application/json',
        });
      if (faults && path === '/_stats' && method === 'DELETE') {
        for (const k of Object.keys(stats)) delete stats[k];
        for (const k of Object.keys(actions)) delete actions[k];
        return send(204, '');
      }
      if (!authorized(req)) {
        await drain(req);
        return send(401, 'Logon failed', {
          'Content-Type': 'text/plain; charset=utf-8',
          'WWW-Authenticate': `Basic realm="${REALM}"`,
        });
      }
      const ep = path === SERVICE.path || path === SERVICE.path12 ? endpoint(path) : undefined;
      if (!ep) {
        await drain(req);
        return send(404, 'Service cannot be reached', { 'Content-Type': 'text/plain; charset=utf-8' });
      }
      if (method === 'GET' && [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
        return send(200, wsdlText(origin), { 'Content-Type': 'text/xml; charset=utf-8' });
      }
      if (method !== 'POST') {
        await drain(req);
        return send(405, 'Method not allowed', { Allow: 'GET, POST', 'Content-Type': 'text/plain; charset=utf-8' });
      }
      const bytes = await readBody(req);
      if (bytes === undefined)
        return send(413, 'Request entity too large', { 'Content-Type': 'text/plain; charset=utf-8' });
      const raw = bytes.toString('utf8');
      let fault: FaultRule | undefined;
      if (faults) {
        const op = operationOf(req, raw);
        stats[op] = (stats[op] ?? 0) + 1;
        if (typeof req.headers.soapaction === 'string') actions[op] = req.headers.soapaction;
        fault = faults.take(op, raw);
        if (fault?.latencyMs) await sleep(fault.latencyMs);
        if (fault?.status !== undefined) {
          if (fault.garbage)
            return send(fault.status, '<soap-env:Envelope><broken', { 'Content-Type': 'text/xml; charset=utf-8' });
          if (fault.status === 500)
            return send(500, faultEnvelope(fault.fault ?? 'Injected fault'), {
              'Content-Type': 'text/xml; charset=utf-8',
            });
          return send(fault.status, `Injected HTTP ${fault.status}`, {
            'Content-Type': 'text/plain; charset=utf-8',
            ...(fault.status === 503 || fault.status === 429 ? { 'Retry-After': '1' } : {}),
          });
        }
      }
      const out = await ep({ method, url: req.url ?? '/', headers: req.headers, body: bytes });
      const contentType = out.headers['content-type'] ?? 'text/xml; charset=utf-8';
      // A garbage rule without a status: the call was handled (and its write done), but the answer is broken.
      if (fault?.garbage) return send(out.status, '<soap-env:Envelope><broken', { 'Content-Type': contentType });
      return send(out.status, out.body, { 'Content-Type': contentType });
    } catch (e) {
      process.stderr.write(`sap-standin: ${method} ${req.url} failed: ${(e as Error)?.stack ?? String(e)}\n`);
      if (!res.headersSent) send(500, faultEnvelope('Internal error'), { 'Content-Type': 'text/xml; charset=utf-8' });
    } finally {
      if (opts.verbose)
        process.stderr.write(`${method} ${req.url} ${status} ${(performance.now() - started).toFixed(1)}ms\n`);
    }
  }

  const listening = await listen((req, res) => void handle(req, res), opts, {
    onClosing: () => (closing = true),
    onClosed: () => db.close(),
  });
  origin = listening.origin;
  return { url: origin, port: listening.port, seeded, seedMs, close: listening.close };
}

/** The operation a call names: from SOAPAction ("…:BAPI_USER_GETLISTRequest"), else from the body. */
function operationOf(req: IncomingMessage, raw: string): string {
  const action = String(
    req.headers.soapaction ?? /action="([^"]*)"/.exec(String(req.headers['content-type'] ?? ''))?.[1] ?? '',
  ).replace(/"/g, '');
  const m = /:([A-Z0-9_]+)Request$/.exec(action) ?? /<(?:[\w.-]+:)?(BAPI_[A-Z0-9_]+)[\s>/]/.exec(raw);
  return m?.[1] ?? '';
}

function faultEnvelope(reason: string): string {
  const esc = reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Header/><soap-env:Body><soap-env:Fault><faultcode>soap-env:Server</faultcode><faultstring xml:lang="en">${esc}</faultstring></soap-env:Fault></soap-env:Body></soap-env:Envelope>`;
}

async function faultsRoute(
  faults: Faults,
  method: string,
  req: IncomingMessage,
  send: (code: number, body: string, headers?: Record<string, string>) => void,
): Promise<void> {
  const json = { 'Content-Type': 'application/json' };
  if (method === 'GET') return send(200, JSON.stringify({ data: faults.list() }), json);
  if (method === 'DELETE') {
    await drain(req);
    faults.clear();
    return send(204, '');
  }
  if (method === 'POST') {
    const raw = (await readBody(req))?.toString('utf8') ?? '';
    try {
      return send(201, JSON.stringify(faults.add(JSON.parse(raw))), json);
    } catch (e) {
      return send(400, JSON.stringify({ error: (e as Error).message }), json);
    }
  }
  return send(405, '', { Allow: 'GET, POST, DELETE' });
}

/** The request body, or undefined when it is larger than the limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) void _;
}
