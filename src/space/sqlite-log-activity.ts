// Provisioning activity per time bucket for the console's dashboard: operations by connector and result, with
// average and slowest duration, from the per-minute table the provisioning log keeps up to date as it appends
// (provisioning_activity, sqlite-schema.ts), so a day is at most 1,440 rows per connector and result whatever the
// volume. A read-only connection of its own, so the dashboard never waits for, or holds up, the writer.
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
  minute: string;
  connector: string;
  status: 'success' | 'failure' | 'skipped';
  n: number;
  total_ms: number;
  max_ms: number;
}

/** Reads the provisioning_activity table of a database file. */
export class SqliteLogActivity {
  private readonly db: Database.Database;
  private readonly query: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.query = this.db.prepare(
      'SELECT minute, connector, status, n, total_ms, max_ms FROM provisioning_activity WHERE minute >= ? AND minute < ?',
    );
  }

  /** Buckets of `bucketSeconds` from `from` to `to` that hold records (minute resolution). */
  activity(from: Date, to: Date, bucketSeconds: number): ActivityBucket[] {
    const rows = this.query.all(from.toISOString().slice(0, 16), `${to.toISOString().slice(0, 16)}~`) as Row[];
    const start = Date.parse(`${from.toISOString().slice(0, 16)}:00.000Z`);
    const out = new Map<string, ActivityBucket & { total: number; n: number }>();
    for (const r of rows) {
      const b = Math.floor((Date.parse(`${r.minute}:00.000Z`) - start) / (bucketSeconds * 1000));
      const key = `${b}\u0000${r.connector}`;
      let a = out.get(key);
      if (!a) {
        const at = new Date(start + b * bucketSeconds * 1000).toISOString();
        a = { at, connector: r.connector, success: 0, failure: 0, skipped: 0, avgMs: 0, maxMs: 0, total: 0, n: 0 };
        out.set(key, a);
      }
      a[r.status] += r.n;
      a.total += r.total_ms;
      a.n += r.n;
      a.maxMs = Math.max(a.maxMs, r.max_ms);
    }
    return [...out.values()]
      .map(({ total, n, ...a }) => ({ ...a, avgMs: Math.round((total / n) * 100) / 100 }))
      .sort((x, y) => x.at.localeCompare(y.at) || x.connector.localeCompare(y.connector));
  }

  close(): void {
    this.db.close();
  }
}
