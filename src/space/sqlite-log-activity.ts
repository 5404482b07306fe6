// Provisioning activity per time bucket for the console's dashboard: operations by connector and result, with
// average and slowest duration, from the per-minute table the provisioning log keeps up to date as it appends
// (provisioning_activity, sqlite-schema.ts), so a day is at most 1,440 rows per connector and result whatever the
// volume. A read-only connection of its own, so the dashboard never waits for, or holds up, the writer.
import Database from 'better-sqlite3';
import { percentileOf } from './latency-buckets.ts';

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
  /** Percentiles estimated from latency classes (the upper bound of the class; latency-buckets.ts). */
  p50Ms: number;
  p95Ms: number;
}

interface Row {
  minute: string;
  connector: string;
  status: 'success' | 'failure' | 'skipped';
  n: number;
  total_ms: number;
  max_ms: number;
}

interface LatencyRow {
  minute: string;
  connector: string;
  class: number;
  n: number;
}

/** Reads the provisioning_activity table of a database file. */
export class SqliteLogActivity {
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
  activity(from: Date, to: Date, bucketSeconds: number): ActivityBucket[] {
    const range = [from.toISOString().slice(0, 16), `${to.toISOString().slice(0, 16)}~`];
    const start = Date.parse(`${range[0]}:00.000Z`);
    const bucketOf = (minute: string) => Math.floor((Date.parse(`${minute}:00.000Z`) - start) / (bucketSeconds * 1000));
    type Acc = Omit<ActivityBucket, 'p50Ms' | 'p95Ms'> & { total: number; n: number; classes: number[] };
    const out = new Map<string, Acc>();
    const accOf = (b: number, connector: string): Acc => {
      const key = `${b}\u0000${connector}`;
      let a = out.get(key);
      if (!a) {
        const at = new Date(start + b * bucketSeconds * 1000).toISOString();
        a = { at, connector, success: 0, failure: 0, skipped: 0, avgMs: 0, maxMs: 0, total: 0, n: 0, classes: [] };
        out.set(key, a);
      }
      return a;
    };
    for (const r of this.query.all(...range) as Row[]) {
      const a = accOf(bucketOf(r.minute), r.connector);
      a[r.status] += r.n;
      a.total += r.total_ms;
      a.n += r.n;
      a.maxMs = Math.max(a.maxMs, r.max_ms);
    }
    for (const r of this.latency.all(...range) as LatencyRow[]) {
      const a = accOf(bucketOf(r.minute), r.connector);
      a.classes[r.class] = (a.classes[r.class] ?? 0) + r.n;
    }
    return [...out.values()]
      .map(({ total, n, classes, ...a }) => ({
        ...a,
        avgMs: n ? Math.round((total / n) * 100) / 100 : 0,
        p50Ms: percentileOf(classes, 0.5, a.maxMs),
        p95Ms: percentileOf(classes, 0.95, a.maxMs),
      }))
      .sort((x, y) => x.at.localeCompare(y.at) || x.connector.localeCompare(y.connector));
  }

  close(): void {
    this.db.close();
  }
}
