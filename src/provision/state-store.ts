// The state of a provisioning job: what each source user looked like when last processed (a hash, for change
// detection), the target id it is linked to, the escrow of failed users, cycles and the provisioning log. Kept in
// a SQLite file per job (sqlite-state-store.ts) or in the PostgreSQL store hosts share (postgres-state-store.ts).
// Secrets never reach it: reports are redacted before they are stored.
import type { ProvisioningReport } from './report.ts';

/** The state of one source user as of its last successful processing. */
export type UserLinkState = 'provisioned' | 'disabled' | 'outOfScope';

/** One row of the users table. */
export interface UserRow {
  sourceId: string;
  /** Hash of the source attributes last processed successfully (null: never). */
  hash: string | null;
  /** The target resource's id, once created or matched. */
  targetId: string | null;
  state: UserLinkState;
  updated: string;
}

/** A failed user waiting for its retry. */
export interface EscrowRow {
  sourceId: string;
  action: string;
  attempts: number;
  firstFailure: string;
  nextAttempt: string;
  error: string;
}

/** A finished (or stopped) cycle. */
export interface CycleRow {
  id: number;
  kind: string;
  started: string;
  ended: string | null;
  status: string;
  summary: string | null;
}

/** Which log entries to list, newest first. */
export interface LogFilter {
  sourceId?: string;
  cycleId?: number;
  status?: string;
  limit?: number;
}

/** Who holds a job's run, and until when (ISO 8601). */
export interface RunClaim {
  holder: string;
  expires: string;
}

/** The meta key of a job's run hold (JSON of a RunClaim). */
export const RUN_META_KEY = 'run';

/** The hold in a meta value, or undefined when there is none (or it is not one). */
export function runClaimOf(value: string | undefined): RunClaim | undefined {
  if (!value) return undefined;
  try {
    const c = JSON.parse(value) as Partial<RunClaim>;
    return typeof c.holder === 'string' && typeof c.expires === 'string'
      ? { holder: c.holder, expires: c.expires }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Where a job keeps its state; every backend passes the contract suite (test-support/state-store-contract.ts). */
export interface StateStore {
  /** A stored setting. */
  getMeta(key: string): Promise<string | undefined>;
  /** Stores a setting. */
  setMeta(key: string, value: string): Promise<void>;
  /** Every known user. */
  allUsers(): Promise<Map<string, UserRow>>;
  /** One user. */
  getUser(sourceId: string): Promise<UserRow | undefined>;
  /** Records a user's state after a successful processing. */
  putUser(row: Omit<UserRow, 'updated'>, now: Date): Promise<void>;
  /** Forgets a user and its escrow entry (deleted in the target, or never provisioned and gone from the source). */
  forgetUser(sourceId: string): Promise<void>;
  /** Every user in escrow. */
  allEscrow(): Promise<Map<string, EscrowRow>>;
  /** One escrow entry. */
  getEscrow(sourceId: string): Promise<EscrowRow | undefined>;
  /** Stores an escrow entry. */
  putEscrow(e: EscrowRow): Promise<void>;
  /** Removes a user from escrow (it succeeded or vanished). */
  clearEscrow(sourceId: string): Promise<void>;
  /** Starts a cycle; returns its id. */
  startCycle(kind: string, now: Date): Promise<number>;
  /** Ends a cycle with its status and summary (JSON). */
  endCycle(id: number, status: string, summary: unknown, now: Date): Promise<void>;
  /** Recent cycles, newest first. */
  cycles(limit?: number): Promise<CycleRow[]>;
  /** Appends log entries (already redacted) in one write; sets their ids, ascending in the given order. */
  appendLog(reports: ProvisioningReport[]): Promise<void>;
  /** Log entries, newest first. */
  log(filter?: LogFilter): Promise<ProvisioningReport[]>;
  /** Removes log entries older than `days`; returns how many. */
  pruneLog(days: number, now: Date): Promise<number>;
  /**
   * Takes the job's run for `holder` until `now` + `ttlMs` (or renews it, when `holder` has it), atomically across
   * processes and machines; returns the other holder instead while its hold lasts.
   */
  claimRun(holder: string, now: Date, ttlMs: number): Promise<RunClaim | undefined>;
  /** Ends `holder`'s hold of the job's run (nothing when another holds it). */
  releaseRun(holder: string): Promise<void>;
  /** Releases the storage. */
  close(): Promise<void>;
}

/** The time before which `pruneLog(days, now)` removes entries. */
export function pruneBefore(days: number, now: Date): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** A users row as both backends store it. */
export type RawUser = {
  source_id: string;
  hash: string | null;
  target_id: string | null;
  state: UserLinkState;
  updated: string;
};

/** An escrow row as both backends store it. */
export type RawEscrow = {
  source_id: string;
  action: string;
  attempts: number;
  first_failure: string;
  next_attempt: string;
  error: string;
};

/** A stored users row as a UserRow. */
export function userOf(r: RawUser): UserRow {
  return { sourceId: r.source_id, hash: r.hash, targetId: r.target_id, state: r.state, updated: r.updated };
}

/** A stored escrow row as an EscrowRow. */
export function escrowOf(r: RawEscrow): EscrowRow {
  return {
    sourceId: r.source_id,
    action: r.action,
    attempts: r.attempts,
    firstFailure: r.first_failure,
    nextAttempt: r.next_attempt,
    error: r.error,
  };
}
