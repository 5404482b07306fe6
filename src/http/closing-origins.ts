// Servers that close the connection after every response without saying so (no `Connection: close`): uWSGI's plain
// --http-socket (Keystone as Debian runs it), some embedded and legacy servers. HTTP/1.1 lets a client keep the
// connection, so the next request goes out on it and meets the server's close: "other side closed", a create that
// cannot be retried safely. A connection the server closes within CLOSE_WINDOW_MS of an answer on that origin marks
// the origin: its requests then take a fresh connection each (and say `Connection: close`) for REMEMBER_MS, after
// which keep-alive is tried again. A server that closes idle connections after its keep-alive timeout (seconds
// later) is not marked.
//
// The first close can only be learnt from, and a request already on its way on that connection fails. Until an
// origin has answered TRUSTED_AFTER times with no close after an answer, a request that cannot be retried safely
// (a create) waits until SETTLE_MS after the origin's last answer: long enough for such a server's close to arrive,
// so that the client takes a new connection instead of the dying one.

/** How soon after an answer a server's close marks its origin. */
const CLOSE_WINDOW_MS = 1000;
/** How long an origin stays marked. */
const REMEMBER_MS = 10 * 60_000;
/** Answers without a close after them that show an origin keeps its connections. */
const TRUSTED_AFTER = 3;
/** How long after an untrusted origin's last answer a request that cannot be retried waits. */
const SETTLE_MS = 20;

/** The origins whose servers close connections after each answer, as seen so far. */
export class ClosingOrigins {
  private readonly lastAnswer = new Map<string, number>();
  private readonly answers = new Map<string, number>();
  private readonly closedAfterAnswer = new Set<string>();
  private readonly markedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes that an answer from `origin` just arrived complete. */
  answered(origin: string): void {
    this.lastAnswer.set(origin, this.now());
    this.answers.set(origin, (this.answers.get(origin) ?? 0) + 1);
  }

  /** Notes that the server of `origin` closed a connection; marks the origin when that follows an answer closely. */
  serverClosed(origin: string): void {
    const last = this.lastAnswer.get(origin);
    if (last === undefined || this.now() - last > CLOSE_WINDOW_MS) return;
    this.markedUntil.set(origin, this.now() + REMEMBER_MS);
    this.closedAfterAnswer.add(origin);
  }

  /**
   * How long a request that cannot be retried safely should wait before it goes to `origin` (ms; 0: at once): until
   * SETTLE_MS after the last answer while the origin is neither marked nor trusted.
   */
  settleDelay(origin: string): number {
    if (this.closesConnections(origin)) return 0; // a connection of its own anyway
    if ((this.answers.get(origin) ?? 0) >= TRUSTED_AFTER && !this.closedAfterAnswer.has(origin)) return 0;
    const last = this.lastAnswer.get(origin);
    return last === undefined ? 0 : Math.max(0, last + SETTLE_MS - this.now());
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
