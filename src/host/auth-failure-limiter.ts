// Slows down guessing of bearer tokens: failed authentications are counted per client address in a token bucket.
// An address may fail a burst of times, then once per second; beyond that its requests are answered 429 with
// Retry-After, without looking at the token, until the bucket refills.
//
// Why per address and not global: a global limit would let anyone lock out Entra's real client. Why a refusal
// without checking the token, even a correct one: if the token were still checked, the answer (200 or not) would
// keep telling a guesser whether each guess was right, at full speed. The cost is that a real client sharing its
// address with a guesser (the same NAT or reverse proxy) waits with it; clients at every other address are not
// affected. The client address is the TCP peer: X-Forwarded-For is not trusted (anyone can send it).

/** Settings of the limiter. */
export interface AuthFailureLimits {
  /** Failures an address may make at once. */
  burst: number;
  /** Failures per second allowed once the burst is spent. */
  perSecond: number;
  /** Addresses remembered at most (the oldest are forgotten first), so a flood of addresses cannot exhaust memory. */
  maxAddresses: number;
}

/** The defaults: 10 failures at once, then 1 per second; 10,000 addresses. */
export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = { burst: 10, perSecond: 1, maxAddresses: 10_000 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Failed authentications per client address. */
export class AuthFailureLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds `address` must wait before its next request is looked at; 0 when it may go now. */
  retryAfter(address: string): number {
    const b = this.refilled(address);
    if (!b || b.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limits.perSecond));
  }

  /** Records one failed authentication from `address`. */
  fail(address: string): void {
    const b = this.refilled(address) ?? { tokens: this.limits.burst, at: this.now() };
    b.tokens = Math.max(0, b.tokens - 1);
    // Re-inserted, so the map's order is least recently failed first.
    this.buckets.delete(address);
    this.buckets.set(address, b);
    while (this.buckets.size > this.limits.maxAddresses) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
  }

  private refilled(address: string): Bucket | undefined {
    const b = this.buckets.get(address);
    if (!b) return undefined;
    const t = this.now();
    b.tokens = Math.min(this.limits.burst, b.tokens + ((t - b.at) / 1000) * this.limits.perSecond);
    b.at = t;
    if (b.tokens >= this.limits.burst) {
      this.buckets.delete(address);
      return undefined;
    }
    return b;
  }
}
