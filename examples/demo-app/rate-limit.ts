// A token bucket per API key: `rate` tokens a second, holding at most one second's worth, so a client may burst
// briefly but not exceed the rate over time.
import { ApiError } from './errors.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/** Rate limits requests per API key (rate ≤ 0: unlimited). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  constructor(
    private readonly rate: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, rate);
  }

  /** Takes a token for `key`, or throws 429 with Retry-After (whole seconds until a token is back). */
  take(key: string): void {
    if (this.rate <= 0) return;
    const t = this.clock();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return;
    }
    const wait = Math.max(1, Math.ceil((1 - b.tokens) / this.rate));
    throw new ApiError(429, 'rate_limited', `rate limit of ${this.rate} requests per second exceeded`, undefined, {
      'Retry-After': String(wait),
    });
  }
}
