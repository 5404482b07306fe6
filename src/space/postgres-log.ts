// The provisioning log on PostgreSQL: shared by the hosts of a cluster (ids come from one sequence, so beforeId
// paging works across hosts). A batch of records is one statement, with the dashboard's per-minute rows.
import { latencyClassSql } from './latency-buckets.ts';
import type { LogQuery, ProvisioningRecord } from './log-store.ts';
import { logRecordOf, type LogRow } from './log-rows.ts';
import { guarded, type PostgresPools } from './postgres-pool.ts';
import { DEFAULT_LOG_LIMIT } from './sqlite-log.ts';

/** Appends to, queries and prunes the provisioning_log table of a PostgreSQL store. */
export class PostgresLog {
  constructor(private readonly pools: PostgresPools) {}

  /**
   * Writes a batch of records with one statement (so atomically): ids ascend in the given order, and the
   * dashboard's per-minute rows are upserted once per key of the batch, in key order so that hosts appending at
   * once never deadlock.
   */
  async append(records: ProvisioningRecord[]): Promise<void> {
    if (records.length === 0) return;
    const col = <T>(f: (r: ProvisioningRecord) => T) => records.map(f);
    await guarded(() =>
      this.pools.query.query({
        name: 'ferry_log_append',
        text: `WITH x AS (
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                      $7::float8[], $8::text[], $9::text[], $10::text[])
                        WITH ORDINALITY AS x(t, c, ot, o, a, s, d, st, e, rq, ord)),
               logged AS (
                 INSERT INTO provisioning_log
                   (time, connector, object_type, object, action, status, duration_ms, steps, error, request_id)
                 SELECT t, c, ot, o, a, s, d, st, e, rq FROM x ORDER BY ord),
               activity AS (
                 INSERT INTO provisioning_activity AS p (minute, connector, status, n, total_ms, max_ms)
                 SELECT substr(t, 1, 16), c, s, count(*), sum(d), max(d) FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
                 ON CONFLICT (minute, connector, status) DO UPDATE SET
                   n = p.n + excluded.n, total_ms = p.total_ms + excluded.total_ms,
                   max_ms = greatest(p.max_ms, excluded.max_ms))
               INSERT INTO provisioning_latency AS p (minute, connector, class, n)
               SELECT substr(t, 1, 16), c, ${latencyClassSql('d')}, count(*) FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
               ON CONFLICT (minute, connector, class) DO UPDATE SET n = p.n + excluded.n`,
        values: [
          col((r) => r.time),
          col((r) => r.connector),
          col((r) => r.objectType),
          col((r) => r.object ?? null),
          col((r) => r.action),
          col((r) => r.status),
          col((r) => r.durationMs),
          col((r) => (r.steps === undefined ? null : JSON.stringify(r.steps))),
          col((r) => (r.error === undefined ? null : JSON.stringify(r.error))),
          col((r) => r.requestId ?? null),
        ],
      }),
    );
  }

  /** Records matching every given filter, newest first. */
  async query(q: LogQuery): Promise<ProvisioningRecord[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (column: string, op: string, value: string | number | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} ${op} $${params.length}`);
    };
    add('connector', '=', q.connector);
    add('object', '=', q.object);
    add('status', '=', q.status);
    add('action', '=', q.action);
    add('time', '>=', q.since);
    add('time', '<', q.until);
    add('id', '<', q.beforeId);
    const limit = q.limit !== undefined && q.limit >= 0 ? Math.floor(q.limit) : DEFAULT_LOG_LIMIT;
    params.push(limit);
    const key = where.join(' AND ');
    const { rows } = await guarded(() =>
      this.pools.query.query<LogRow>(
        `SELECT * FROM provisioning_log ${key ? `WHERE ${key}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      ),
    );
    return rows.map(logRecordOf);
  }

  /** Deletes records older than the given ISO time; returns how many. */
  async pruneOlderThan(olderThanIso: string): Promise<number> {
    // One statement: the per-minute rows go with the records they count.
    const r = await guarded(() =>
      this.pools.query.query<{ n: number }>(
        `WITH a AS (DELETE FROM provisioning_activity WHERE minute < substr($1, 1, 16)),
              l AS (DELETE FROM provisioning_latency WHERE minute < substr($1, 1, 16)),
              d AS (DELETE FROM provisioning_log WHERE time < $1 RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [olderThanIso],
      ),
    );
    return r.rows[0]?.n ?? 0;
  }
}
