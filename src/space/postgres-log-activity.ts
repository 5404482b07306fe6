// The console dashboard's provisioning activity on PostgreSQL: the per-minute rows every host of a cluster
// upserts as it appends to the shared log (postgres-log.ts), so the dashboard of any host shows the cluster's.
import {
  type ActivityBucket,
  type ActivityRow,
  bucketsOf,
  type LatencyRow,
  type LogActivityReader,
  minuteRange,
} from './log-activity.ts';
import { guarded, type PostgresPools } from './postgres-pool.ts';

/** Reads provisioning_activity and provisioning_latency of a PostgreSQL store. */
export class PostgresLogActivity implements LogActivityReader {
  constructor(private readonly pools: PostgresPools) {}

  /** Buckets of `bucketSeconds` from `from` to `to` that hold records (minute resolution). */
  async activity(from: Date, to: Date, bucketSeconds: number): Promise<ActivityBucket[]> {
    const range = minuteRange(from, to);
    const [rows, latency] = await Promise.all([
      guarded(() =>
        this.pools.query.query<ActivityRow>(
          'SELECT minute, connector, status, n, total_ms, max_ms FROM provisioning_activity WHERE minute >= $1 AND minute < $2',
          range,
        ),
      ),
      guarded(() =>
        this.pools.query.query<LatencyRow>(
          'SELECT minute, connector, class, n FROM provisioning_latency WHERE minute >= $1 AND minute < $2',
          range,
        ),
      ),
    ]);
    return bucketsOf(range, bucketSeconds, rows.rows, latency.rows);
  }
}
