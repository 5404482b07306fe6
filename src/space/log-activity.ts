// The console dashboard's provisioning activity, as both log stores serve it: each keeps per-minute rows
// (operations by connector and result; latency classes) up to date as it appends, and a reader folds the rows of
// a time range into buckets here, so both backends answer the same query the same way.
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

/** One row of provisioning_activity. */
export interface ActivityRow {
  minute: string;
  connector: string;
  status: 'success' | 'failure' | 'skipped';
  n: number;
  total_ms: number;
  max_ms: number;
}

/** One row of provisioning_latency. */
export interface LatencyRow {
  minute: string;
  connector: string;
  class: number;
  n: number;
}

/** Reads the per-minute activity a log store keeps. */
export interface LogActivityReader {
  /** Buckets of `bucketSeconds` from `from` to `to` that hold records (minute resolution). */
  activity(from: Date, to: Date, bucketSeconds: number): Promise<ActivityBucket[]>;
}

/** The [first, past-last) minute keys of a time range, as the per-minute tables key their rows. */
export function minuteRange(from: Date, to: Date): [string, string] {
  return [from.toISOString().slice(0, 16), `${to.toISOString().slice(0, 16)}~`];
}

/** Folds the per-minute rows of a range (from minuteRange) into buckets, by time then connector. */
export function bucketsOf(
  range: [string, string],
  bucketSeconds: number,
  rows: ActivityRow[],
  latency: LatencyRow[],
): ActivityBucket[] {
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
  for (const r of rows) {
    const a = accOf(bucketOf(r.minute), r.connector);
    a[r.status] += r.n;
    a.total += r.total_ms;
    a.n += r.n;
    a.maxMs = Math.max(a.maxMs, r.max_ms);
  }
  for (const r of latency) {
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
