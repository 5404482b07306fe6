// The audit log storage contract: every change made through the admin API or the console, who made it and what it
// changed. Async so that a networked backend (PostgreSQL) can implement it.

/** One change made through the admin API or the console. Never holds a secret (callers mask them). */
export interface AuditRecord {
  id?: number;
  /** ISO 8601. */
  time: string;
  /** The role the caller signed in with. */
  role: 'admin' | 'readonly';
  /** Fingerprint of the token used (never the token). */
  actor: string;
  /** The client's TCP address. */
  address: string;
  /** How the change came: the bearer-token admin API or the console. */
  via: 'admin' | 'console';
  method: string;
  /** The route pattern, e.g. /connectors/:name/config. */
  route: string;
  /** The object changed, e.g. a connector name. */
  object?: string;
  /** The state before and after (secrets masked). */
  before?: unknown;
  after?: unknown;
  result: 'success' | 'failure';
  /** The HTTP status answered. */
  status: number;
  /** Why it failed. */
  error?: string;
}

/** A query of the audit log; every given filter must match. */
export interface AuditQuery {
  actor?: string;
  role?: AuditRecord['role'];
  route?: string;
  object?: string;
  result?: AuditRecord['result'];
  /** Records at or after this ISO time. */
  since?: string;
  /** Records before this ISO time. */
  until?: string;
  limit?: number;
  /** Records with id below this (newest first paging). */
  beforeId?: number;
}

/**
 * The storage of a host's audit log, and of console sign-outs: both are the admin surface's own state, shared by
 * the hosts of a cluster and kept across restarts.
 */
export interface AuditLogStore {
  /** Appends one record; returns its id (ids ascend and are never reused). */
  appendAudit(record: AuditRecord): Promise<number>;
  /** Records matching the query, newest first (default limit 100). */
  queryAudit(q: AuditQuery): Promise<AuditRecord[]>;
  /** Records that console session `id`, valid until `expires` (ms since the epoch), is signed out. */
  revokeSession(id: string, expires: number): Promise<void>;
  /** The console sessions signed out and still unexpired at `now` (ms since the epoch): id → expiry. */
  revokedSessions(now: number): Promise<Map<string, number>>;
  /** Releases the storage; safe to call more than once. */
  close(): Promise<void>;
}
