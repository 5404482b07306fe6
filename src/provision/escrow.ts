// Entra's escrow: a user whose export failed is retried on later cycles, waiting longer after each failure
// (the wait doubles from initialDelaySeconds up to maxDelaySeconds).
import type { EscrowRow } from './state-store.ts';

/** Backoff settings. */
export interface EscrowPolicy {
  initialDelaySeconds: number;
  maxDelaySeconds: number;
}

/** The escrow entry after one more failure of `action` (`previous` is the entry before, if any). */
export function nextEscrow(
  sourceId: string,
  action: string,
  error: string,
  previous: EscrowRow | undefined,
  policy: EscrowPolicy,
  now: Date,
): EscrowRow {
  const attempts = (previous?.attempts ?? 0) + 1;
  const delay = Math.min(policy.maxDelaySeconds, policy.initialDelaySeconds * 2 ** Math.min(attempts - 1, 30));
  return {
    sourceId,
    action,
    attempts,
    firstFailure: previous?.firstFailure ?? now.toISOString(),
    nextAttempt: new Date(now.getTime() + delay * 1000).toISOString(),
    error,
  };
}

/** True when an escrowed user may be retried now. */
export function isDue(e: EscrowRow, now: Date): boolean {
  return Date.parse(e.nextAttempt) <= now.getTime();
}
