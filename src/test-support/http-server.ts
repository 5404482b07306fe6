// Real HTTP(S) servers on 127.0.0.1 for tests: a handler, the base URL, a request counter, and a close that
// also ends keep-alive connections (so a test never waits for idle sockets).
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request as the handler sees it, with its body read. */
export interface TestRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  /** The raw message (TLS tests look at its socket). */
  raw: IncomingMessage;
}

/** Answers one request (may be async). */
export type TestHandler = (req: TestRequest, res: ServerResponse) => unknown;

/** A running test server. */
export interface TestServer {
  /** e.g. http://127.0.0.1:34567 */
  url: string;
  port: number;
  /** Requests answered so far. */
  requests: number;
  server: Server;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (HTTPS when `tls` is given). */
export async function startTestServer(handler: TestHandler, tls?: ServerOptions): Promise<TestServer> {
  const listener = (raw: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      ts.requests++;
      const req: TestRequest = {
        method: raw.method ?? 'GET',
        url: new URL(raw.url ?? '/', 'http://127.0.0.1'),
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        raw,
      };
      Promise.resolve(handler(req, res)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const ts: TestServer = {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests: 0,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return ts;
}

/** Sends a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A free port with nothing listening (for connection-refused tests). */
export async function closedPort(): Promise<number> {
  const s = createHttpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
