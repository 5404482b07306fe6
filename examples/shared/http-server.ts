// The listening side of an example application: node:http on a port (0: any free one), keep-alive a little longer
// than typical client pools, and a graceful close that lets requests in flight finish (then forces it).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long a close waits for requests in flight before it drops their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

/** A listening example server. */
export interface ListeningServer {
  server: Server;
  port: number;
  /** http://host:port (IPv6 hosts bracketed). */
  origin: string;
  /** Stops accepting, lets requests finish (at most SHUTDOWN_GRACE_MS), then runs `onClosed`; once. */
  close(): Promise<void>;
}

/** Starts listening; `hooks.onClosing` runs when a close begins, `hooks.onClosed` once the server is closed. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  at: { port: number; host: string },
  hooks: { onClosing?: () => void; onClosed?: () => void } = {},
): Promise<ListeningServer> {
  const server = createServer(handler);
  // Keep-alive a little longer than typical client pools, so a client never reuses a socket the server just closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${at.host.includes(':') ? `[${at.host}]` : at.host}:${port}`;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= new Promise<void>((resolve) => {
      hooks.onClosing?.();
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        hooks.onClosed?.();
        resolve();
      });
      server.closeIdleConnections();
    }));
  return { server, port, origin, close };
}
