// Leases on PostgreSQL: a row per kind of work with its holder, a fencing token that grows with every new holder,
// an expiry the holder's heartbeat pushes forward, and when the work is due next. A host that dies stops its
// heartbeat; the lease expires and another host takes it (and the unfinished work) on its next poll.
import type { ClaimOutcome, LeaseOutcome, WorkLeases } from './work-leases.ts';
import { guarded, type PostgresPools } from './postgres-pool.ts';

/** How long a lease lives without a heartbeat, and how often the holder renews it. */
export interface LeaseTiming {
  ttlMs: number;
  heartbeatMs: number;
}

/** Defaults: a dead holder's work is taken over within ttl + the pollers' period (15 s + 5 s). */
export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 15_000, heartbeatMs: 5_000 };

/** WorkLeases shared by the hosts of one PostgreSQL store. */
export class PostgresLeases implements WorkLeases {
  readonly shared = true;

  constructor(
    private readonly pools: PostgresPools,
    /** This host's id (hosts table). */
    private readonly holder: string,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {}

  async runIfDue<T>(
    name: string,
    everyMs: number | undefined,
    fn: (signal: AbortSignal, fencingToken: number) => Promise<T>,
    stopping?: AbortSignal,
  ): Promise<LeaseOutcome<T>> {
    const token = await this.acquire(name, true);
    if (token === undefined) return { ran: false };
    const next = everyMs === undefined ? null : `${everyMs} milliseconds`;
    // Work abandoned because this host is stopping stays due, for another host at once; failed work is due
    // again after the period, as a timer would retry it.
    const value = await this.runHeld(name, token, fn, (failed) =>
      failed && stopping?.aborted ? this.abandon(name, token) : this.release(name, token, next),
    );
    return { ran: true, value };
  }

  async claimNow(name: string): Promise<ClaimOutcome> {
    const token = await this.acquire(name, false);
    if (token === undefined) {
      const { rows } = await guarded(() =>
        this.pools.query.query<{ holder: string | null }>('SELECT holder FROM leases WHERE name = $1', [name]),
      );
      return { holder: rows[0]?.holder ?? 'another host' };
    }
    // Freed as abandon does: the schedule (next_due) is the scheduled runs' business.
    return { lease: { run: (fn) => this.runHeld(name, token, fn, () => this.abandon(name, token)) } };
  }

  /** Runs fn under a lease taken with `token`, renewing it meanwhile; `end` frees it (failed: fn threw). */
  private async runHeld<T>(
    name: string,
    token: number,
    fn: (signal: AbortSignal, fencingToken: number) => Promise<T>,
    end: (failed: boolean) => Promise<void>,
  ): Promise<T> {
    const lost = new AbortController();
    const beat = setInterval(() => {
      this.renew(name, token).then(
        (kept) => kept || lost.abort(new Error(`its lease "${name}" passed to another host`)),
        () => undefined, // the database is unreachable: the next beat tries again
      );
    }, this.timing.heartbeatMs);
    beat.unref();
    try {
      const value = await fn(lost.signal, token);
      await end(false);
      return value;
    } catch (e) {
      await end(true).catch(() => undefined);
      throw e;
    } finally {
      clearInterval(beat);
    }
  }

  /** Gives up a lease now, leaving the work due (a host stopping in the middle of it). */
  async abandon(name: string, token: number): Promise<void> {
    await guarded(() =>
      this.pools.query.query("UPDATE leases SET expires = '-infinity' WHERE name = $1 AND holder = $2 AND token = $3", [
        name,
        this.holder,
        token,
      ]),
    );
  }

  /** The names of the leases this host holds now. */
  async held(): Promise<string[]> {
    const { rows } = await guarded(() =>
      this.pools.query.query<{ name: string }>(
        'SELECT name FROM leases WHERE holder = $1 AND expires > now() ORDER BY name',
        [this.holder],
      ),
    );
    return rows.map((r) => r.name);
  }

  /** Takes the lease when it is free (expired) and, if `dueOnly`, the work is due; the new fencing token, or undefined. */
  private async acquire(name: string, dueOnly: boolean): Promise<number | undefined> {
    const { rows } = await guarded(() =>
      this.pools.query.query<{ token: string }>(
        `INSERT INTO leases AS l (name, holder, token, expires) VALUES ($1, $2, 1, now() + $3::interval)
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, token = l.token + 1, expires = EXCLUDED.expires
         WHERE l.expires < now() AND (l.next_due <= now() OR NOT $4)
         RETURNING token`,
        [name, this.holder, `${this.timing.ttlMs} milliseconds`, dueOnly],
      ),
    );
    return rows[0] ? Number(rows[0].token) : undefined;
  }

  private async renew(name: string, token: number): Promise<boolean> {
    const r = await guarded(() =>
      this.pools.query.query(
        'UPDATE leases SET expires = now() + $4::interval WHERE name = $1 AND holder = $2 AND token = $3',
        [name, this.holder, token, `${this.timing.ttlMs} milliseconds`],
      ),
    );
    return r.rowCount === 1;
  }

  /** Frees the lease; the work is due again after `next` (null: never). */
  private async release(name: string, token: number, next: string | null): Promise<void> {
    await guarded(() =>
      this.pools.query.query(
        `UPDATE leases SET expires = '-infinity',
           next_due = CASE WHEN $4::interval IS NULL THEN 'infinity' ELSE now() + $4::interval END
         WHERE name = $1 AND holder = $2 AND token = $3`,
        [name, this.holder, token, next],
      ),
    );
  }
}
