// A small round-robin HTTP load balancer for cluster tests: each request goes to the next host; a host that
// refuses the connection (stopped or killed) is skipped, as a load balancer's health check would; a host that
// dies while answering gives the client a 502, as a real one does.
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
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, tries: number) => {
    const target = new URL(hosts[next++ % hosts.length]);
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
      if (e.code === 'ECONNREFUSED' && tries < hosts.length) return forward(req, body, res, tries + 1);
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
