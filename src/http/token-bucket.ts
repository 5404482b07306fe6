// The per-service rate limit as a token bucket in its GCRA form (one "theoretical arrival time"): each caller
// reserves the next free start time when it asks, so callers start in order, spaced 1/rate apart after a burst,
// and waiting never fails — it only ends early when the caller's signal aborts.
import { setTimeout as sleep } from 'node:timers/promises';

/** Lets at most `ratePerSecond` starts per second through, `burst` of them back to back. */
export class TokenBucket {
  private readonly intervalMs: number;
  private tat: number; // the time at which the bucket would be full again

  constructor(
    ratePerSecond: number,
    private readonly burst: number = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError('burst must be a positive integer');
    this.intervalMs = 1000 / ratePerSecond;
    this.tat = this.now();
  }

  /** Milliseconds a take() now would wait (0 when a token is available). */
  delay(): number {
    const now = this.now();
    return Math.max(0, Math.max(this.tat, now) - (this.burst - 1) * this.intervalMs - now);
  }

  /** Waits for the caller's turn. An aborted wait keeps its reservation: the next callers wait as if it ran. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.now();
    const t = Math.max(this.tat, now);
    const wait = t - (this.burst - 1) * this.intervalMs - now;
    this.tat = t + this.intervalMs;
    if (wait <= 0) return;
    try {
      await sleep(wait, undefined, { signal });
    } catch (e) {
      // timers/promises rejects with its own AbortError; callers expect their signal's reason, as everywhere else.
      throw signal?.aborted ? signal.reason : e;
    }
  }
}
