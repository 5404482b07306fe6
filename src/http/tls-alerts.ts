// With TLS 1.3 a server refuses a client certificate only after the handshake: the socket first emits the
// alert (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED…), then undici reports a bare "other side closed". To tell
// an operator "the server refused the client certificate" instead of "the connection failed", the alerts
// are remembered by local port, which undici's SocketError still carries.
import type { Socket } from 'node:net';

// Long enough for the failed request to be classified; short enough that ports reused later are not confused.
const KEEP_MS = 10_000;

/** TLS alerts seen on a service's sockets, by local port. */
export class TlsAlerts {
  private readonly byPort = new Map<number, string>();

  /** Starts watching a newly connected socket. */
  watch(socket: Socket): void {
    const port = socket.localPort;
    if (port === undefined) return;
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (typeof e.code === 'string' && e.code.startsWith('ERR_SSL_')) this.byPort.set(port, e.code);
    });
    socket.once('close', () => {
      setTimeout(() => {
        this.byPort.delete(port);
      }, KEEP_MS).unref();
    });
  }

  /** The TLS alert behind a socket error, if one was seen on its socket. */
  alertFor(err: unknown): string | undefined {
    const info = (err as { socket?: { localPort?: unknown } } | null)?.socket;
    const port = typeof info?.localPort === 'number' ? info.localPort : undefined;
    return port === undefined ? undefined : this.byPort.get(port);
  }
}
