// A counting semaphore with a FIFO queue: the per-service concurrency limit. A waiter whose signal aborts
// leaves the queue, so a timed-out call never takes a slot later.

/** Releases a slot taken with acquire(); calling it twice is harmless. */
export type Release = () => void;

/** At most `limit` holders at a time; others wait in order. */
export class Semaphore {
  private held = 0;
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

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const entry: (typeof this.queue)[number] = {
        grant: () => resolve(this.releaser()),
        reject,
        signal,
      };
      if (signal) {
        entry.onAbort = () => {
          const i = this.queue.indexOf(entry);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.queue.push(entry);
    });
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
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
