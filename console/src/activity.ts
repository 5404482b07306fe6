// The dashboard's activity: the host's rows (one per interval and connector that had operations) laid over every
// interval of the window, the connectors added up.

/** A row of GET /dashboard's activity. */
export interface ActivityRow {
  at: string;
  connector: string;
  success: number;
  failure: number;
  skipped: number;
  avgMs: number;
  maxMs: number;
  p50Ms?: number;
  p95Ms?: number;
}

/** One interval of activity, all connectors together. */
export interface Bucket {
  at: number;
  success: number;
  failure: number;
  skipped: number;
  avgMs: number;
  /** Median and 95th percentile (estimated by the host from latency classes); the slowest. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Every interval of the window, the connectors' rows added up (gaps are zero). */
export function fillBuckets(fromIso: string, toIso: string, bucketSeconds: number, activity: ActivityRow[]): Bucket[] {
  const from = Date.parse(fromIso);
  const step = bucketSeconds * 1000;
  const n = Math.max(1, Math.round((Date.parse(toIso) - from) / step));
  const out: Bucket[] = Array.from({ length: n }, (_, i) => ({
    at: from + i * step,
    success: 0,
    failure: 0,
    skipped: 0,
    avgMs: 0,
    p50Ms: 0,
    p95Ms: 0,
    maxMs: 0,
  }));
  for (const a of activity) {
    const b = out[Math.min(n - 1, Math.max(0, Math.floor((Date.parse(a.at) - from) / step)))]!;
    // The average over all connectors, weighted by their operations.
    const had = b.success + b.failure + b.skipped;
    const ops = a.success + a.failure + a.skipped;
    b.avgMs = had + ops > 0 ? (b.avgMs * had + a.avgMs * ops) / (had + ops) : 0;
    b.success += a.success;
    b.failure += a.failure;
    b.skipped += a.skipped;
    b.maxMs = Math.max(b.maxMs, a.maxMs);
    // Percentiles do not add up across connectors: the interval shows the worst connector's (an upper bound).
    b.p50Ms = Math.max(b.p50Ms, a.p50Ms ?? a.avgMs);
    b.p95Ms = Math.max(b.p95Ms, a.p95Ms ?? a.maxMs);
  }
  return out;
}
