// The state of a provisioning job in one SQLite file: what each source user looked like when last processed (a
// hash, for change detection), the target id it is linked to, the escrow of failed users, cycles and the
// provisioning log. Secrets never reach it: reports are redacted before they are stored.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
  source_id TEXT PRIMARY KEY,
  hash      TEXT,
  target_id TEXT,
  state     TEXT NOT NULL,
  updated   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS escrow (
  source_id     TEXT PRIMARY KEY,
  action        TEXT NOT NULL,
  attempts      INTEGER NOT NULL,
  first_failure TEXT NOT NULL,
  next_attempt  TEXT NOT NULL,
  error         TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cycles (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  kind    TEXT NOT NULL,
  started TEXT NOT NULL,
  ended   TEXT,
  status  TEXT NOT NULL,
  summary TEXT
);
CREATE TABLE IF NOT EXISTS log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  cycle       INTEGER,
  time        TEXT NOT NULL,
  source_id   TEXT NOT NULL,
  target_id   TEXT,
  action      TEXT NOT NULL,
  status      TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  entry       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_source ON log (source_id, id);
CREATE INDEX IF NOT EXISTS log_cycle ON log (cycle, id);
CREATE INDEX IF NOT EXISTS log_time ON log (time);
`;

/** The state file of a job (`provisioning.db` in the state folder). */
export class StateStore {
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #tx: <T>(fn: () => T) => T;

  private constructor(db: Database.Database) {
    this.#db = db;
    db.exec(SCHEMA);
    this.#statements = prepare(db);
    const tx = db.transaction((fn: () => unknown) => fn());
    this.#tx = <T>(fn: () => T) => tx(fn) as T;
  }

  /** Opens (creating) the state of a job in `dir`; ':memory:' gives a throwaway one. */
  static open(dir: string): StateStore {
    const memory = dir === ':memory:';
    if (!memory) mkdirSync(dir, { recursive: true });
    const db = new Database(memory ? ':memory:' : join(dir, 'provisioning.db'), { timeout: 5000 });
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return new StateStore(db);
  }

  /** Runs `fn` in one transaction (many small writes become one commit). */
  transaction<T>(fn: () => T): T {
    return this.#tx(fn);
  }

  /** A stored setting. */
  getMeta(key: string): string | undefined {
    return (this.#statements.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  /** Stores a setting. */
  setMeta(key: string, value: string): void {
    this.#statements.setMeta.run(key, value);
  }

  /** Every known user. */
  allUsers(): Map<string, UserRow> {
    const out = new Map<string, UserRow>();
    for (const r of this.#statements.allUsers.all() as RawUser[]) out.set(r.source_id, toUser(r));
    return out;
  }

  /** One user. */
  getUser(sourceId: string): UserRow | undefined {
    const r = this.#statements.getUser.get(sourceId) as RawUser | undefined;
    return r && toUser(r);
  }

  /** Records a user's state after a successful processing. */
  putUser(row: Omit<UserRow, 'updated'>, now: Date): void {
    this.#statements.putUser.run(row.sourceId, row.hash, row.targetId, row.state, now.toISOString());
  }

  /** Forgets a user (deleted in the target, or never provisioned and gone from the source). */
  deleteUser(sourceId: string): void {
    this.#statements.deleteUser.run(sourceId);
  }

  /** Every user in escrow. */
  allEscrow(): Map<string, EscrowRow> {
    const out = new Map<string, EscrowRow>();
    for (const r of this.#statements.allEscrow.all() as RawEscrow[]) out.set(r.source_id, toEscrow(r));
    return out;
  }

  /** One escrow entry. */
  getEscrow(sourceId: string): EscrowRow | undefined {
    const r = this.#statements.getEscrow.get(sourceId) as RawEscrow | undefined;
    return r && toEscrow(r);
  }

  /** Stores an escrow entry. */
  putEscrow(e: EscrowRow): void {
    this.#statements.putEscrow.run(e.sourceId, e.action, e.attempts, e.firstFailure, e.nextAttempt, e.error);
  }

  /** Removes a user from escrow (it succeeded or vanished). */
  clearEscrow(sourceId: string): void {
    this.#statements.clearEscrow.run(sourceId);
  }

  /** Starts a cycle; returns its id. */
  startCycle(kind: string, now: Date): number {
    return Number(this.#statements.startCycle.run(kind, now.toISOString(), 'running').lastInsertRowid);
  }

  /** Ends a cycle with its status and summary (JSON). */
  endCycle(id: number, status: string, summary: unknown, now: Date): void {
    this.#statements.endCycle.run(now.toISOString(), status, JSON.stringify(summary), id);
  }

  /** Recent cycles, newest first. */
  cycles(limit = 20): CycleRow[] {
    return this.#statements.cycles.all(limit) as CycleRow[];
  }

  /** Appends a provisioning log entry (already redacted); returns its id. */
  appendLog(r: ProvisioningReport): number {
    const id = Number(
      this.#statements.appendLog.run(
        r.cycleId,
        r.time,
        r.sourceId,
        r.targetId,
        r.action,
        r.status,
        r.durationMs,
        JSON.stringify(r),
      ).lastInsertRowid,
    );
    r.id = id;
    return id;
  }

  /** Log entries, newest first. */
  log(filter: LogFilter = {}): ProvisioningReport[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.sourceId !== undefined) where.push('source_id = ?'), args.push(filter.sourceId);
    if (filter.cycleId !== undefined) where.push('cycle = ?'), args.push(filter.cycleId);
    if (filter.status !== undefined) where.push('status = ?'), args.push(filter.status);
    const sql = `SELECT id, entry FROM log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    args.push(filter.limit ?? 100);
    return (this.#db.prepare(sql).all(...args) as { id: number; entry: string }[]).map((row) => ({
      ...(JSON.parse(row.entry) as ProvisioningReport),
      id: row.id,
    }));
  }

  /** Removes log entries older than `days`; returns how many. */
  pruneLog(days: number, now: Date): number {
    return this.#statements.pruneLog.run(new Date(now.getTime() - days * 86_400_000).toISOString()).changes;
  }

  /** Closes the file. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

type RawUser = {
  source_id: string;
  hash: string | null;
  target_id: string | null;
  state: UserLinkState;
  updated: string;
};
type RawEscrow = {
  source_id: string;
  action: string;
  attempts: number;
  first_failure: string;
  next_attempt: string;
  error: string;
};

function toUser(r: RawUser): UserRow {
  return { sourceId: r.source_id, hash: r.hash, targetId: r.target_id, state: r.state, updated: r.updated };
}

function toEscrow(r: RawEscrow): EscrowRow {
  return {
    sourceId: r.source_id,
    action: r.action,
    attempts: r.attempts,
    firstFailure: r.first_failure,
    nextAttempt: r.next_attempt,
    error: r.error,
  };
}

function prepare(db: Database.Database) {
  return {
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    allUsers: db.prepare('SELECT * FROM users'),
    getUser: db.prepare('SELECT * FROM users WHERE source_id = ?'),
    putUser: db.prepare(
      'INSERT INTO users (source_id, hash, target_id, state, updated) VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET hash = excluded.hash, target_id = excluded.target_id, state = excluded.state, updated = excluded.updated',
    ),
    deleteUser: db.prepare('DELETE FROM users WHERE source_id = ?'),
    allEscrow: db.prepare('SELECT * FROM escrow'),
    getEscrow: db.prepare('SELECT * FROM escrow WHERE source_id = ?'),
    putEscrow: db.prepare(
      'INSERT INTO escrow (source_id, action, attempts, first_failure, next_attempt, error) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET action = excluded.action, attempts = excluded.attempts, next_attempt = excluded.next_attempt, error = excluded.error',
    ),
    clearEscrow: db.prepare('DELETE FROM escrow WHERE source_id = ?'),
    startCycle: db.prepare('INSERT INTO cycles (kind, started, status) VALUES (?, ?, ?)'),
    endCycle: db.prepare('UPDATE cycles SET ended = ?, status = ?, summary = ? WHERE id = ?'),
    cycles: db.prepare('SELECT * FROM cycles ORDER BY id DESC LIMIT ?'),
    appendLog: db.prepare(
      'INSERT INTO log (cycle, time, source_id, target_id, action, status, duration_ms, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    pruneLog: db.prepare('DELETE FROM log WHERE time < ?'),
  };
}
