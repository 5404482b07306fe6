// Provisioning activity per time bucket for the console's dashboard, from the per-minute tables the SQLite
// provisioning log keeps up to date as it appends (provisioning_activity and provisioning_latency,
// sqlite-schema.ts), so a day is at most 1,440 rows per connector and result whatever the volume. A read-only
// connection of its own, so the dashboard never waits for, or holds up, the writer.
import Database from 'better-sqlite3';
import {
  type ActivityBucket,
  type ActivityRow,
  bucketsOf,
  type LatencyRow,
  type LogActivityReader,
  minuteRange,
} from './log-activity.ts';

/** Reads the per-minute activity tables of a database file. */
export class SqliteLogActivity implements LogActivityReader {
  private readonly db: Database.Database;
  private readonly query: Database.Statement;
  private readonly latency: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.query = this.db.prepare(
      'SELECT minute, connector, status, n, total_ms, max_ms FROM provisioning_activity WHERE minute >= ? AND minute < ?',
    );
    this.latency = this.db.prepare(
      'SELECT minute, connector, class, n FROM provisioning_latency WHERE minute >= ? AND minute < ?',
    );
  }

  /** Buckets of `bucketSeconds` from `from` to `to` that hold records (minute resolution). */
  async activity(from: Date, to: Date, bucketSeconds: number): Promise<ActivityBucket[]> {
    const range = minuteRange(from, to);
    return bucketsOf(
      range,
      bucketSeconds,
      this.query.all(...range) as ActivityRow[],
      this.latency.all(...range) as LatencyRow[],
    );
  }

  close(): void {
    this.db.close();
  }
}
