// The provisioning log storage contract, apart from the connector space: a backend may keep the two in one
// database (SQLite does) or not. Async so that a networked backend (PostgreSQL) can implement it.

/** One provisioning log record. Never holds a secret. */
export interface ProvisioningRecord {
  id?: number;
  time: string;
  connector: string;
  objectType: string;
  /** Anchor or SCIM id when known. */
  object?: string;
  /** e.g. create, replace, update, delete, disable, get, query, import-full, import-delta. */
  action: string;
  status: 'success' | 'failure' | 'skipped';
  durationMs: number;
  /** Steps with their durations (e.g. space lookup, export, confirmation). */
  steps?: { name: string; durationMs: number; detail?: string }[];
  error?: { code: string; message: string; recommendation?: string };
  requestId?: string;
}

/** Query of the provisioning log. */
export interface LogQuery {
  connector?: string;
  object?: string;
  status?: ProvisioningRecord['status'];
  action?: string;
  since?: string;
  /** Records before this time (exclusive), so that [since, until) ranges tile. */
  until?: string;
  limit?: number;
  /** Records with id below this (newest first paging). */
  beforeId?: number;
}

/** The storage of a host's provisioning log. */
export interface ProvisioningLogStore {
  /** Appends records in one write; ids ascend in the given order and are never reused. */
  appendLog(records: ProvisioningRecord[]): Promise<void>;
  /** Records matching every given filter, newest first. */
  queryLog(q: LogQuery): Promise<ProvisioningRecord[]>;
  /** Removes log records older than the given time; returns how many. */
  pruneLog(olderThanIso: string): Promise<number>;
  /** Releases the storage; safe to call more than once (one object may implement SpaceStore too). */
  close(): Promise<void>;
}
