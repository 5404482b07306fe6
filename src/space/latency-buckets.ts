// The latency classes the provisioning log counts per minute (provisioning_latency), from which the dashboard
// estimates percentiles: the upper bound of the class where the share is reached. Changing the bounds needs a
// migration that rebuilds the table.

/** Upper bounds (ms, inclusive) of the latency classes; a last class holds everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000];

/** The class of a duration. */
export function latencyClass(ms: number): number {
  const i = LATENCY_BOUNDS_MS.findIndex((b) => ms <= b);
  return i < 0 ? LATENCY_BOUNDS_MS.length : i;
}

/** The SQL expression of the class of `column` (the same classes as latencyClass). */
export function latencyClassSql(column: string): string {
  return `CASE ${LATENCY_BOUNDS_MS.map((b, i) => `WHEN ${column} <= ${b} THEN ${i}`).join(' ')} ELSE ${LATENCY_BOUNDS_MS.length} END`;
}

/**
 * The `share` percentile of counts per class (index = class): the upper bound of the class where it is reached;
 * for the last class, `max` (the slowest seen).
 */
export function percentileOf(counts: readonly number[], share: number, max: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= share * total) return Math.min(LATENCY_BOUNDS_MS[i] ?? max, max);
  }
  return max;
}
