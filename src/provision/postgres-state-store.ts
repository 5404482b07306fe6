// The state of a provisioning job in the PostgreSQL store hosts share (the job_ tables, postgres-schema.ts), keyed
// by the job's name, so that `ferry sync` keeps its change detection, escrow and log wherever it runs.
import { guarded, type PostgresPools } from '../space/postgres-pool.ts';
import type { ProvisioningReport } from './report.ts';
import {
  type CycleRow,
  type EscrowRow,
  type LogFilter,
  pruneBefore,
  RUN_META_KEY,
  type RunClaim,
  runClaimOf,
  type StateStore,
  escrowOf,
  type RawEscrow,
  type RawUser,
  userOf,
  type UserRow,
} from './state-store.ts';

/** A job's state in a PostgreSQL schema. */
export class PostgresStateStore implements StateStore {
  constructor(
    private readonly pools: PostgresPools,
    /** The job's name (its rows' key). */
    private readonly job: string,
    /** True when closing this store ends the pools. */
    private readonly ownsPools = false,
  ) {}

  private async q<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    return (await guarded(() => this.pools.query.query<R>(text, [this.job, ...values]))).rows;
  }

  async getMeta(key: string): Promise<string | undefined> {
    const rows = await this.q<{ value: string }>('SELECT value FROM job_meta WHERE job = $1 AND key = $2', [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.q(
      'INSERT INTO job_meta (job, key, value) VALUES ($1, $2, $3) ON CONFLICT (job, key) DO UPDATE SET value = EXCLUDED.value',
      [key, value],
    );
  }

  async claimRun(holder: string, now: Date, ttlMs: number): Promise<RunClaim | undefined> {
    const value = JSON.stringify({ holder, expires: new Date(now.getTime() + ttlMs).toISOString() });
    // One statement: taken when free, expired or already this holder's; else the row is left as it is.
    const taken = await this.q<{ value: string }>(
      `INSERT INTO job_meta (job, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (job, key) DO UPDATE SET value = EXCLUDED.value
       WHERE job_meta.value::jsonb ->> 'holder' = $4 OR (job_meta.value::jsonb ->> 'expires')::timestamptz <= $5
       RETURNING value`,
      [RUN_META_KEY, value, holder, now.toISOString()],
    );
    if (taken.length > 0) return undefined;
    // Released between the two statements: try again.
    return runClaimOf(await this.getMeta(RUN_META_KEY)) ?? this.claimRun(holder, now, ttlMs);
  }

  async releaseRun(holder: string): Promise<void> {
    await this.q(`DELETE FROM job_meta WHERE job = $1 AND key = $2 AND value::jsonb ->> 'holder' = $3`, [
      RUN_META_KEY,
      holder,
    ]);
  }

  async allUsers(): Promise<Map<string, UserRow>> {
    const rows = await this.q<RawUser>('SELECT * FROM job_users WHERE job = $1', []);
    return new Map(rows.map((r) => [r.source_id, userOf(r)]));
  }

  async getUser(sourceId: string): Promise<UserRow | undefined> {
    const [r] = await this.q<RawUser>('SELECT * FROM job_users WHERE job = $1 AND source_id = $2', [sourceId]);
    return r && userOf(r);
  }

  async putUser(row: Omit<UserRow, 'updated'>, now: Date): Promise<void> {
    await this.q(
      `INSERT INTO job_users (job, source_id, hash, target_id, state, updated) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (job, source_id) DO UPDATE SET hash = EXCLUDED.hash, target_id = EXCLUDED.target_id,
         state = EXCLUDED.state, updated = EXCLUDED.updated`,
      [row.sourceId, row.hash, row.targetId, row.state, now.toISOString()],
    );
  }

  async forgetUser(sourceId: string): Promise<void> {
    await this.q(
      `WITH e AS (DELETE FROM job_escrow WHERE job = $1 AND source_id = $2)
       DELETE FROM job_users WHERE job = $1 AND source_id = $2`,
      [sourceId],
    );
  }

  async allEscrow(): Promise<Map<string, EscrowRow>> {
    const rows = await this.q<RawEscrow>('SELECT * FROM job_escrow WHERE job = $1', []);
    return new Map(rows.map((r) => [r.source_id, escrowOf(r)]));
  }

  async getEscrow(sourceId: string): Promise<EscrowRow | undefined> {
    const [r] = await this.q<RawEscrow>('SELECT * FROM job_escrow WHERE job = $1 AND source_id = $2', [sourceId]);
    return r && escrowOf(r);
  }

  async putEscrow(e: EscrowRow): Promise<void> {
    await this.q(
      `INSERT INTO job_escrow (job, source_id, action, attempts, first_failure, next_attempt, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (job, source_id) DO UPDATE SET action = EXCLUDED.action, attempts = EXCLUDED.attempts,
         next_attempt = EXCLUDED.next_attempt, error = EXCLUDED.error`,
      [e.sourceId, e.action, e.attempts, e.firstFailure, e.nextAttempt, e.error],
    );
  }

  async clearEscrow(sourceId: string): Promise<void> {
    await this.q('DELETE FROM job_escrow WHERE job = $1 AND source_id = $2', [sourceId]);
  }

  async startCycle(kind: string, now: Date): Promise<number> {
    const [r] = await this.q<{ id: string }>(
      `INSERT INTO job_cycles (job, kind, started, status) VALUES ($1, $2, $3, 'running') RETURNING id`,
      [kind, now.toISOString()],
    );
    return Number(r?.id);
  }

  async endCycle(id: number, status: string, summary: unknown, now: Date): Promise<void> {
    await this.q('UPDATE job_cycles SET ended = $2, status = $3, summary = $4 WHERE job = $1 AND id = $5', [
      now.toISOString(),
      status,
      JSON.stringify(summary),
      id,
    ]);
  }

  async cycles(limit = 20): Promise<CycleRow[]> {
    const rows = await this.q<CycleRow & { id: string }>(
      'SELECT id, kind, started, ended, status, summary FROM job_cycles WHERE job = $1 ORDER BY id DESC LIMIT $2',
      [limit],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  async appendLog(reports: ProvisioningReport[]): Promise<void> {
    if (reports.length === 0) return;
    const col = <T>(f: (r: ProvisioningReport) => T) => reports.map(f);
    // One statement; ids come from the sequence in row order, so sorted they follow the reports' order.
    const rows = await this.q<{ id: string }>(
      `INSERT INTO job_log (job, cycle, time, source_id, target_id, action, status, duration_ms, entry)
       SELECT $1, c, t, s, tg, a, st, d, e
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[])
            WITH ORDINALITY AS x(c, t, s, tg, a, st, d, e, ord)
       ORDER BY ord
       RETURNING id`,
      [
        col((r) => r.cycleId),
        col((r) => r.time),
        col((r) => r.sourceId),
        col((r) => r.targetId),
        col((r) => r.action),
        col((r) => r.status),
        col((r) => r.durationMs),
        col((r) => JSON.stringify(r)),
      ],
    );
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    reports.forEach((r, i) => {
      r.id = ids[i];
    });
  }

  async log(filter: LogFilter = {}): Promise<ProvisioningReport[]> {
    const where = ['job = $1'];
    const args: unknown[] = [];
    const add = (column: string, value: unknown) => {
      if (value === undefined) return;
      args.push(value);
      where.push(`${column} = $${args.length + 1}`);
    };
    add('source_id', filter.sourceId);
    add('cycle', filter.cycleId);
    add('status', filter.status);
    args.push(filter.limit ?? 100);
    const rows = await this.q<{ id: string; entry: string }>(
      `SELECT id, entry FROM job_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${args.length + 1}`,
      args,
    );
    return rows.map((row) => ({ ...(JSON.parse(row.entry) as ProvisioningReport), id: Number(row.id) }));
  }

  async pruneLog(days: number, now: Date): Promise<number> {
    const [r] = await this.q<{ n: number }>(
      'WITH d AS (DELETE FROM job_log WHERE job = $1 AND time < $2 RETURNING 1) SELECT count(*)::int AS n FROM d',
      [pruneBefore(days, now)],
    );
    return r?.n ?? 0;
  }

  async close(): Promise<void> {
    if (this.ownsPools) await this.pools.close();
  }
}
