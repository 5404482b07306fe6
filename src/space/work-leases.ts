// Scheduled work (a connector's imports) that must run on one host at a time. One host owning its store runs
// everything itself (LocalLeases); hosts sharing PostgreSQL take a lease with a heartbeat (postgres-leases.ts).

/** What runIfDue reports. */
export type LeaseOutcome<T> = { ran: true; value: T } | { ran: false };

/** A lease taken by claimNow: run the work under it (kept alive meanwhile, then freed), once. */
export interface ClaimedLease {
  run<T>(fn: (signal: AbortSignal, fencingToken: number) => Promise<T>, stopping?: AbortSignal): Promise<T>;
}

/** What claimNow reports: the lease, or the id of the host holding it. */
export type ClaimOutcome = { lease: ClaimedLease } | { holder: string };

/** Hands out scheduled work to one host at a time. */
export interface WorkLeases {
  /** True when every host of a cluster shares the work (the caller polls instead of running it on a timer). */
  readonly shared: boolean;
  /**
   * Runs fn when this host gets the lease of `name` and the work is due (never done, or done longer than
   * `everyMs` ago, or left unfinished by a host that died). While fn runs the lease is kept alive; fn's signal
   * aborts when it is lost. `everyMs` undefined: once done, not due again. Work that fails while `stopping` is
   * aborted (this host shutting down) stays due, for another host.
   */
  runIfDue<T>(
    name: string,
    everyMs: number | undefined,
    fn: (signal: AbortSignal, fencingToken: number) => Promise<T>,
    stopping?: AbortSignal,
  ): Promise<LeaseOutcome<T>>;
  /**
   * Takes the lease of `name` now, due or not (work an operator asked for), unless another run holds it; when the
   * work is done the lease is freed and when it is next due is unchanged.
   */
  claimNow(name: string): Promise<ClaimOutcome>;
}

/** One host, one store: the work is always this host's (its timers decide when). */
export class LocalLeases implements WorkLeases {
  readonly shared = false;

  async runIfDue<T>(
    _name: string,
    _everyMs: number | undefined,
    fn: (signal: AbortSignal, fencingToken: number) => Promise<T>,
  ): Promise<LeaseOutcome<T>> {
    return { ran: true, value: await fn(new AbortController().signal, 0) };
  }

  async claimNow(): Promise<ClaimOutcome> {
    return { lease: { run: (fn) => fn(new AbortController().signal, 0) } };
  }
}
