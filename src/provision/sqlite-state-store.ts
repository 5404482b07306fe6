// The state of a provisioning job in one SQLite file (provisioning.db in the job's state folder). Synchronous
// underneath (better-sqlite3); async only to share the StateStore interface with PostgreSQL.
//
// A user's link and escrow writes are committed in groups (write-behind): a commit per user was the largest part of
// the sync process's own CPU after HTTP (bench:cycle). Every read, every other write and close() commit what waits
// first, so the store reads its own writes. A crash loses at most WRITE_DELAY_MS of links, which the next cycle
// redoes safely: a user without a link is matched in the target by its filter first, as Entra does.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ProvisioningReport } from './report.ts';
import {
  type CycleRow,
  type EscrowRow,
  type LogFilter,
  pruneBefore,
  RUN_META_KEY,
  type RunClaim,
  runClaimOf,
  type StateStore,
  escrowOf,
  type RawEscrow,
  type RawUser,
  userOf,
  type UserRow,
} from './state-store.ts';

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

/** Link and escrow writes committed together at most (a cycle has several users in flight). */
const WRITE_BATCH = 64;
/** How long a link or escrow write may wait for others before it is committed. */
const WRITE_DELAY_MS = 50;

/** The state file of a job (`provisioning.db` in the state folder). */
export class SqliteStateStore implements StateStore {
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepare>;
  readonly #appendMany: (reports: ProvisioningReport[]) => void;
  readonly #runAll: (ops: (() => void)[]) => void;
  readonly #claim: Database.Transaction<(holder: string, now: number, ttlMs: number) => RunClaim | undefined>;
  readonly #release: Database.Transaction<(holder: string) => void>;
  /** Writes waiting for their group's commit (see the top of this file), in order. */
  #queued: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** A group commit that failed on its timer: the next call reports it. */
  #failed: unknown;

  private constructor(db: Database.Database) {
    this.#db = db;
    db.exec(SCHEMA);
    const st = prepare(db);
    this.#statements = st;
    // One transaction per batch: a commit per entry was the largest part of a cycle's own CPU (bench:cycle).
    this.#appendMany = db.transaction((reports: ProvisioningReport[]) => {
      for (const r of reports) {
        const { lastInsertRowid } = st.appendLog.run(
          r.cycleId,
          r.time,
          r.sourceId,
          r.targetId,
          r.action,
          r.status,
          r.durationMs,
          JSON.stringify(r),
        );
        r.id = Number(lastInsertRowid);
      }
    });
    this.#runAll = db.transaction((ops: (() => void)[]) => {
      for (const op of ops) op();
    });
    const held = () => runClaimOf((st.getMeta.get(RUN_META_KEY) as { value: string } | undefined)?.value);
    this.#claim = db.transaction((holder: string, now: number, ttlMs: number) => {
      const current = held();
      if (current && current.holder !== holder && Date.parse(current.expires) > now) return current;
      st.setMeta.run(RUN_META_KEY, JSON.stringify({ holder, expires: new Date(now + ttlMs).toISOString() }));
      return undefined;
    });
    this.#release = db.transaction((holder: string) => {
      if (held()?.holder === holder) st.deleteMeta.run(RUN_META_KEY);
    });
  }

  async claimRun(holder: string, now: Date, ttlMs: number): Promise<RunClaim | undefined> {
    this.#flush();
    // IMMEDIATE: the write lock first, so that two processes cannot both read "free" and both take the run.
    return this.#claim.immediate(holder, now.getTime(), ttlMs);
  }

  async releaseRun(holder: string): Promise<void> {
    this.#flush();
    this.#release.immediate(holder);
  }

  /** Queues a write for the next group commit. */
  #defer(op: () => void): void {
    this.#throwFailed();
    this.#queued.push(op);
    if (this.#queued.length >= WRITE_BATCH) this.#commitQueued();
    else
      this.#timer ??= setTimeout(() => {
        try {
          this.#commitQueued();
        } catch (e) {
          this.#failed = e;
        }
      }, WRITE_DELAY_MS);
  }

  /** Commits what waits (and reports a failed group commit) before any other statement runs. */
  #flush(): void {
    this.#throwFailed();
    if (this.#queued.length > 0) this.#commitQueued();
  }

  #throwFailed(): void {
    if (this.#failed === undefined) return;
    const e = this.#failed;
    this.#failed = undefined;
    throw e;
  }

  #commitQueued(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const ops = this.#queued;
    this.#queued = [];
    if (ops.length > 0) this.#runAll(ops);
  }

  /** Opens (creating) the state of a job in `dir`; ':memory:' gives a throwaway one. */
  static open(dir: string): SqliteStateStore {
    const memory = dir === ':memory:';
    if (!memory) mkdirSync(dir, { recursive: true });
    const db = new Database(memory ? ':memory:' : join(dir, 'provisioning.db'), { timeout: 5000 });
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return new SqliteStateStore(db);
  }

  async getMeta(key: string): Promise<string | undefined> {
    this.#flush();
    return (this.#statements.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#flush();
    this.#statements.setMeta.run(key, value);
  }

  async allUsers(): Promise<Map<string, UserRow>> {
    this.#flush();
    const out = new Map<string, UserRow>();
    for (const r of this.#statements.allUsers.all() as RawUser[]) out.set(r.source_id, userOf(r));
    return out;
  }

  async getUser(sourceId: string): Promise<UserRow | undefined> {
    this.#flush();
    const r = this.#statements.getUser.get(sourceId) as RawUser | undefined;
    return r && userOf(r);
  }

  async putUser(row: Omit<UserRow, 'updated'>, now: Date): Promise<void> {
    const updated = now.toISOString();
    this.#defer(() => this.#statements.putUser.run(row.sourceId, row.hash, row.targetId, row.state, updated));
  }

  async forgetUser(sourceId: string): Promise<void> {
    this.#defer(() => {
      this.#statements.deleteUser.run(sourceId);
      this.#statements.clearEscrow.run(sourceId);
    });
  }

  async allEscrow(): Promise<Map<string, EscrowRow>> {
    this.#flush();
    const out = new Map<string, EscrowRow>();
    for (const r of this.#statements.allEscrow.all() as RawEscrow[]) out.set(r.source_id, escrowOf(r));
    return out;
  }

  async getEscrow(sourceId: string): Promise<EscrowRow | undefined> {
    this.#flush();
    const r = this.#statements.getEscrow.get(sourceId) as RawEscrow | undefined;
    return r && escrowOf(r);
  }

  async putEscrow(e: EscrowRow): Promise<void> {
    this.#defer(() =>
      this.#statements.putEscrow.run(e.sourceId, e.action, e.attempts, e.firstFailure, e.nextAttempt, e.error),
    );
  }

  async clearEscrow(sourceId: string): Promise<void> {
    this.#defer(() => this.#statements.clearEscrow.run(sourceId));
  }

  async startCycle(kind: string, now: Date): Promise<number> {
    this.#flush();
    return Number(this.#statements.startCycle.run(kind, now.toISOString(), 'running').lastInsertRowid);
  }

  async endCycle(id: number, status: string, summary: unknown, now: Date): Promise<void> {
    this.#flush();
    this.#statements.endCycle.run(now.toISOString(), status, JSON.stringify(summary), id);
  }

  async cycles(limit = 20): Promise<CycleRow[]> {
    this.#flush();
    return this.#statements.cycles.all(limit) as CycleRow[];
  }

  async appendLog(reports: ProvisioningReport[]): Promise<void> {
    this.#flush();
    if (reports.length > 0) this.#appendMany(reports);
  }

  async log(filter: LogFilter = {}): Promise<ProvisioningReport[]> {
    this.#flush();
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      if (value === undefined) return;
      where.push(sql);
      args.push(value);
    };
    add('source_id = ?', filter.sourceId);
    add('cycle = ?', filter.cycleId);
    add('status = ?', filter.status);
    const sql = `SELECT id, entry FROM log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    args.push(filter.limit ?? 100);
    return (this.#db.prepare(sql).all(...args) as { id: number; entry: string }[]).map((row) => ({
      ...(JSON.parse(row.entry) as ProvisioningReport),
      id: row.id,
    }));
  }

  async pruneLog(days: number, now: Date): Promise<number> {
    this.#flush();
    return this.#statements.pruneLog.run(pruneBefore(days, now)).changes;
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    try {
      this.#flush();
    } finally {
      this.#db.close();
    }
  }
}

function prepare(db: Database.Database) {
  return {
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
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
