// Provisioning activity per time bucket, aggregated in SQL over the provisioning log of a SQLite database (the
// console's dashboard): operations by connector and result, with average and slowest duration. A read-only
// connection of its own, so the aggregation never waits for, or holds up, the writer.
import Database from 'better-sqlite3';

/** One bucket of one connector. */
export interface ActivityBucket {
  /** Start of the bucket, ISO 8601. */
  at: string;
  connector: string;
  success: number;
  failure: number;
  skipped: number;
  avgMs: number;
  maxMs: number;
}

interface Row {
  b: number;
  connector: string;
  status: 'success' | 'failure' | 'skipped';
  n: number;
  total: number;
  slowest: number;
}

/** Aggregates the provisioning_log table of a database file. */
export class SqliteLogActivity {
  private readonly db: Database.Database;
  private readonly query: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.query = this.db.prepare(
      `SELECT CAST((unixepoch(time, 'subsec') - @from) / @size AS INTEGER) AS b, connector, status,
              count(*) AS n, sum(duration_ms) AS total, max(duration_ms) AS slowest
       FROM provisioning_log WHERE time >= @fromIso AND time < @toIso
       GROUP BY b, connector, status`,
    );
  }

  /** Buckets of `bucketSeconds` from `from` to `to` that hold records. */
  activity(from: Date, to: Date, bucketSeconds: number): ActivityBucket[] {
    const rows = this.query.all({
      from: from.getTime() / 1000,
      size: bucketSeconds,
      fromIso: from.toISOString(),
      toIso: to.toISOString(),
    }) as Row[];
    const out = new Map<string, ActivityBucket & { total: number; n: number }>();
    for (const r of rows) {
      const key = `${r.b}\u0000${r.connector}`;
      let a = out.get(key);
      if (!a) {
        const at = new Date(from.getTime() + r.b * bucketSeconds * 1000).toISOString();
        a = { at, connector: r.connector, success: 0, failure: 0, skipped: 0, avgMs: 0, maxMs: 0, total: 0, n: 0 };
        out.set(key, a);
      }
      a[r.status] += r.n;
      a.total += r.total;
      a.n += r.n;
      a.maxMs = Math.max(a.maxMs, r.slowest);
    }
    return [...out.values()]
      .map(({ total, n, ...a }) => ({ ...a, avgMs: Math.round((total / n) * 100) / 100 }))
      .sort((x, y) => x.at.localeCompare(y.at) || x.connector.localeCompare(y.connector));
  }

  close(): void {
    this.db.close();
  }
}
