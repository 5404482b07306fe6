// A small round-robin HTTP load balancer for cluster tests: each request goes to the next host; a host that
// refuses the connection (stopped or killed) is skipped for a while, as after a load balancer's failed health
// check, and the request goes to another; a host that dies while answering gives the client a 502, as a real
// balancer does.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy. */
export interface RoundRobinProxy {
  url: string;
  /** Replaces the hosts requests go to. */
  setTargets(urls: string[]): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port in front of the given base URLs. */
export async function startProxy(targets: string[]): Promise<RoundRobinProxy> {
  let hosts = [...targets];
  let next = 0;
  /** Hosts that refused a connection, until when they are skipped (a balancer's failed health check). */
  const down = new Map<string, number>();
  const pick = (): string => {
    for (let i = 0; i < hosts.length; i++) {
      const h = hosts[next++ % hosts.length];
      if ((down.get(h) ?? 0) < Date.now()) return h;
    }
    return hosts[next++ % hosts.length];
  };
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, tries: number) => {
    const chosen = pick();
    const target = new URL(chosen);
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `${target.hostname}:${target.port}` },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on('error', () => res.destroy());
      },
    );
    out.on('error', (e: NodeJS.ErrnoException) => {
      // Nothing reached a host that refused the connection: another one may take the request.
      if (e.code === 'ECONNREFUSED') {
        down.set(chosen, Date.now() + 2_000);
        if (tries < hosts.length * 2) return forward(req, body, res, tries + 1);
      }
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`proxy: ${e.code ?? e.message}`);
    });
    out.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, 1));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setTargets: (urls) => {
      hosts = [...urls];
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
