// A counting semaphore with a FIFO queue: the per-service concurrency limit. A waiter whose signal aborts
// leaves the queue, so a timed-out call never takes a slot later. A waiter may also give up after a deadline,
// or at once when the slots' recent hold times say its wait would exceed that deadline: behind a stalled
// application, callers are told "busy" quickly instead of queueing for as long as their client waits.

/** Releases a slot taken with acquire(); calling it twice is harmless. */
export type Release = () => void;

/** Thrown by acquire() when the wait for a slot would exceed its deadline. */
export class QueueTimeoutError extends Error {
  override readonly name: string = 'QueueTimeoutError';
  constructor(
    /** How long the caller would have had to wait (a guess: measured or predicted), in ms. */
    readonly expectedWaitMs: number,
    readonly maxWaitMs: number,
  ) {
    super(`every slot is busy; no slot is expected within ${maxWaitMs} ms`);
  }
}

/** How much each new hold time weighs in the running average that predicts waits. */
const HOLD_WEIGHT = 0.2;

/** At most `limit` holders at a time; others wait in order. */
export class Semaphore {
  private held = 0;
  /** Running average of how long a slot is held (ms), or undefined before the first release. */
  private avgHoldMs: number | undefined;
  private readonly queue: {
    grant: () => void;
    reject: (e: unknown) => void;
    signal?: AbortSignal;
    onAbort?: () => void;
  }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('concurrency limit must be a positive integer');
  }

  /** Slots in use. */
  get active(): number {
    return this.held;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * The wait a new caller can expect, from the queue ahead of it and the average hold time; undefined before
   * any slot was released (nothing to go by).
   */
  expectedWaitMs(): number | undefined {
    if (this.held < this.limit) return 0;
    if (this.avgHoldMs === undefined) return undefined;
    return Math.ceil((this.queue.length + 1) / this.limit) * this.avgHoldMs;
  }

  /**
   * Waits for a slot; rejects with the signal's reason if it aborts first, and with a QueueTimeoutError when
   * `maxWaitMs` passes first, or at once when the expected wait already exceeds it.
   */
  acquire(signal?: AbortSignal, maxWaitMs?: number): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    const expected = this.expectedWaitMs();
    if (maxWaitMs !== undefined && expected !== undefined && expected > maxWaitMs)
      return Promise.reject(new QueueTimeoutError(expected, maxWaitMs));
    return new Promise<Release>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        clearTimeout(timer);
        if (signal && entry.onAbort) signal.removeEventListener('abort', entry.onAbort);
      };
      const entry: (typeof this.queue)[number] = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
        reject,
        signal,
      };
      if (signal) {
        entry.onAbort = () => {
          leave();
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      if (maxWaitMs !== undefined) {
        timer = setTimeout(() => {
          leave();
          reject(new QueueTimeoutError(maxWaitMs, maxWaitMs));
        }, maxWaitMs);
      }
      this.queue.push(entry);
    });
  }

  private releaser(): Release {
    let done = false;
    const since = performance.now();
    return () => {
      if (done) return;
      done = true;
      const heldMs = performance.now() - since;
      this.avgHoldMs = this.avgHoldMs === undefined ? heldMs : this.avgHoldMs + HOLD_WEIGHT * (heldMs - this.avgHoldMs);
      const next = this.queue.shift();
      if (next) {
        // The slot passes straight to the next waiter: `held` stays the same.
        if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
        next.grant();
      } else {
        this.held--;
      }
    };
  }
}
