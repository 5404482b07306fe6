// Servers that close the connection after every response without saying so (no `Connection: close`): uWSGI's plain
// --http-socket (Keystone as Debian runs it), some embedded and legacy servers. HTTP/1.1 lets a client keep the
// connection, so the next request goes out on it and meets the server's close: "other side closed", a create that
// cannot be retried safely. A connection the server closes within CLOSE_WINDOW_MS of an answer on that origin marks
// the origin: its requests then take a fresh connection each (and say `Connection: close`) for REMEMBER_MS, after
// which keep-alive is tried again. A server that closes idle connections after its keep-alive timeout (seconds
// later) is not marked.

/** How soon after an answer a server's close marks its origin. */
const CLOSE_WINDOW_MS = 1000;
/** How long an origin stays marked. */
const REMEMBER_MS = 10 * 60_000;

/** The origins whose servers close connections after each answer, as seen so far. */
export class ClosingOrigins {
  private readonly lastAnswer = new Map<string, number>();
  private readonly markedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes that an answer from `origin` just arrived complete. */
  answered(origin: string): void {
    this.lastAnswer.set(origin, this.now());
  }

  /** Notes that the server of `origin` closed a connection; marks the origin when that follows an answer closely. */
  serverClosed(origin: string): void {
    const last = this.lastAnswer.get(origin);
    if (last !== undefined && this.now() - last <= CLOSE_WINDOW_MS)
      this.markedUntil.set(origin, this.now() + REMEMBER_MS);
  }

  /** True while requests to `origin` should each take a connection of their own. */
  closesConnections(origin: string): boolean {
    const until = this.markedUntil.get(origin);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.markedUntil.delete(origin);
    return false;
  }
}

/** The origin of an undici 'disconnect' event's first argument (a URL or its text). */
export function originOf(target: unknown): string | undefined {
  try {
    return new URL(String(target)).origin;
  } catch {
    return undefined;
  }
}
