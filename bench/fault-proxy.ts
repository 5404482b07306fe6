// An HTTP proxy between the host and the demo application for bench:faults: it adds the faults the application
// cannot inject itself: connection resets (before the application saw the request, or after it answered, so the
// host cannot know whether a write happened) and list pages answered 200 with an empty object.
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The proxy, its switches and what it did. */
export class FaultProxy {
  /** The share of requests whose connection is reset: half before forwarding, half after the application answered. */
  resetRate = 0;
  /** Answer the account and team lists with 200 `{}` instead of forwarding. */
  emptyListPages = false;
  /** What the proxy did, by kind. */
  readonly counts = { forwarded: 0, resetBefore: 0, resetAfter: 0, emptyPages: 0, upstreamErrors: 0 };
  private server?: Server;
  private agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /** Listens on a loopback port in front of `target`; resolves with the proxy's URL. */
  async start(target: string): Promise<string> {
    const to = new URL(target);
    this.server = createServer((req, res) => this.handle(to, req, res));
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
    this.agent.destroy();
  }

  private handle(to: URL, req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', to).pathname;
    if (this.emptyListPages && req.method === 'GET' && /^\/api\/v1\/(accounts|teams)$/.test(path)) {
      this.counts.emptyPages++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const reset = Math.random() < this.resetRate;
    if (reset && Math.random() < 0.5) {
      this.counts.resetBefore++;
      req.socket.resetAndDestroy();
      return;
    }
    const up = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (ur) => {
        if (reset) {
          // The application has done the work; the host never hears of it.
          ur.resume();
          ur.on('end', () => {
            this.counts.resetAfter++;
            req.socket.resetAndDestroy();
          });
          return;
        }
        this.counts.forwarded++;
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => {
      // The application is down (killed): the host sees its connection reset, as it would without the proxy.
      this.counts.upstreamErrors++;
      req.socket.destroy();
    });
    req.pipe(up);
  }
}
