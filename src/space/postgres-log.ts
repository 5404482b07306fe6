// The provisioning log on PostgreSQL: shared by the hosts of a cluster (ids come from one sequence, so beforeId
// paging works across hosts). A batch of records is one multi-row insert.
import type { LogQuery, ProvisioningRecord } from './log-store.ts';
import { logRecordOf, type LogRow } from './log-rows.ts';
import { guarded, type PostgresPools } from './postgres-pool.ts';
import { DEFAULT_LOG_LIMIT } from './sqlite-log.ts';

/** Appends to, queries and prunes the provisioning_log table of a PostgreSQL store. */
export class PostgresLog {
  constructor(private readonly pools: PostgresPools) {}

  /** Writes a batch of records with one statement; ids ascend in the given order. */
  async append(records: ProvisioningRecord[]): Promise<void> {
    if (records.length === 0) return;
    const col = <T>(f: (r: ProvisioningRecord) => T) => records.map(f);
    await guarded(() =>
      this.pools.query.query({
        name: 'ferry_log_append',
        text: `INSERT INTO provisioning_log
                 (time, connector, object_type, object, action, status, duration_ms, steps, error, request_id)
               SELECT t, c, ot, o, a, s, d, st, e, rq
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                           $7::float8[], $8::text[], $9::text[], $10::text[])
                    WITH ORDINALITY AS x(t, c, ot, o, a, s, d, st, e, rq, ord)
               ORDER BY ord`,
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
    const r = await guarded(() =>
      this.pools.query.query('DELETE FROM provisioning_log WHERE time < $1', [olderThanIso]),
    );
    return r.rowCount ?? 0;
  }
}
