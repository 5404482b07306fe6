// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): spreading
// retries uniformly over the whole window avoids every client of a recovering application retrying in step.

/** The wait before retry number `retry` (1 = the first retry): uniform in [0, min(maxMs, baseMs × 2^(retry-1))). */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}
