// The audit log in the host's SQLite database (its own table and connection: WAL lets it write beside the
// connector space's writer).
import Database from 'better-sqlite3';
import { auditRecordOf, type AuditRow } from './audit-rows.ts';
import type { AuditLogStore, AuditQuery, AuditRecord } from './audit-store.ts';

const DEFAULT_LIMIT = 100;

/** Filters of AuditQuery and their SQL conditions. */
const FILTERS: [keyof AuditQuery, string][] = [
  ['actor', 'actor = @actor'],
  ['role', 'role = @role'],
  ['route', 'route = @route'],
  ['object', 'object = @object'],
  ['result', 'result = @result'],
  ['since', 'time >= @since'],
  ['until', 'time < @until'],
  ['beforeId', 'id < @beforeId'],
];

/** The audit_log table of a SQLite database file. */
export class SqliteAuditStore implements AuditLogStore {
  private readonly insert: Database.Statement;
  private closed = false;

  private constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_log (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        time    TEXT NOT NULL,
        role    TEXT NOT NULL,
        actor   TEXT NOT NULL,
        address TEXT NOT NULL,
        via     TEXT NOT NULL,
        method  TEXT NOT NULL,
        route   TEXT NOT NULL,
        object  TEXT,
        before  TEXT,
        after   TEXT,
        result  TEXT NOT NULL,
        status  INTEGER NOT NULL,
        error   TEXT
      );
      CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log (time);
      CREATE INDEX IF NOT EXISTS audit_log_object ON audit_log (object, id);
      CREATE TABLE IF NOT EXISTS console_revocations (id TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID;
    `);
    this.insert = db.prepare(
      `INSERT INTO audit_log (time, role, actor, address, via, method, route, object, before, after, result, status, error)
       VALUES (@time, @role, @actor, @address, @via, @method, @route, @object, @before, @after, @result, @status, @error)`,
    );
  }

  /** Opens the audit table in a database file (':memory:' for a throwaway one). */
  static open(file: string): SqliteAuditStore {
    return new SqliteAuditStore(new Database(file));
  }

  async revokeSession(id: string, expires: number): Promise<void> {
    this.db.transaction(() => {
      // Expired sign-outs say nothing any more (their cookies are refused for their expiry): dropped here.
      this.db.prepare('DELETE FROM console_revocations WHERE expires <= ?').run(Date.now());
      this.db.prepare('INSERT OR REPLACE INTO console_revocations (id, expires) VALUES (?, ?)').run(id, expires);
    })();
  }

  async revokedSessions(now: number): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT id, expires FROM console_revocations WHERE expires > ?').all(now) as {
      id: string;
      expires: number;
    }[];
    return new Map(rows.map((r) => [r.id, r.expires]));
  }

  async appendAudit(r: AuditRecord): Promise<number> {
    const info = this.insert.run({
      time: r.time,
      role: r.role,
      actor: r.actor,
      address: r.address,
      via: r.via,
      method: r.method,
      route: r.route,
      object: r.object ?? null,
      before: r.before === undefined ? null : JSON.stringify(r.before),
      after: r.after === undefined ? null : JSON.stringify(r.after),
      result: r.result,
      status: r.status,
      error: r.error ?? null,
    });
    return Number(info.lastInsertRowid);
  }

  async queryAudit(q: AuditQuery): Promise<AuditRecord[]> {
    const used = FILTERS.filter(([k]) => q[k] !== undefined);
    const where = used.length ? `WHERE ${used.map(([, sql]) => sql).join(' AND ')}` : '';
    const params: Record<string, unknown> = { limit: q.limit ?? DEFAULT_LIMIT };
    for (const [k] of used) params[k] = q[k];
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT @limit`)
      .all(params) as AuditRow[];
    return rows.map(auditRecordOf);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
