// The provisioning log part of the SQLite connector space: appended on every SCIM request, so the write path is
// one cached insert per record in one transaction per batch.
import type Database from 'better-sqlite3';
import { latencyClass } from './latency-buckets.ts';
import type { LogQuery, ProvisioningRecord } from './log-store.ts';
import { logRecordOf, type LogRow } from './log-rows.ts';

/** Records a query returns when it gives no limit. */
export const DEFAULT_LOG_LIMIT = 100;

/** Appends to, queries and prunes the provisioning_log table. */
export class SqliteLog {
  private readonly insert: Database.Statement;
  private readonly appendMany: (records: ProvisioningRecord[]) => void;
  private readonly prune: Database.Statement;
  private readonly pruneActivity: Database.Statement;
  private readonly pruneLatency: Database.Statement;
  /** Query statements by the set of filters they use (at most 2^6 shapes). */
  private readonly queries = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO provisioning_log (time, connector, object_type, object, action, status, duration_ms, steps, error, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertActivity = db.prepare(
      `INSERT INTO provisioning_activity (minute, connector, status, n, total_ms, max_ms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (minute, connector, status) DO UPDATE SET
         n = n + excluded.n, total_ms = total_ms + excluded.total_ms, max_ms = max(max_ms, excluded.max_ms)`,
    );
    const upsertLatency = db.prepare(
      `INSERT INTO provisioning_latency (minute, connector, class, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (minute, connector, class) DO UPDATE SET n = n + excluded.n`,
    );
    this.appendMany = db.transaction((records: ProvisioningRecord[]) => {
      // One upsert per minute, connector and result (and latency class) of the batch, not per record.
      const activity = new Map<string, [string, string, string, number, number, number]>();
      const latency = new Map<string, [string, string, number, number]>();
      for (const r of records) {
        const minute = r.time.slice(0, 16);
        const key = `${minute}\u0000${r.connector}\u0000${r.status}`;
        const a = activity.get(key);
        if (a) {
          a[3]++;
          a[4] += r.durationMs;
          a[5] = Math.max(a[5], r.durationMs);
        } else activity.set(key, [minute, r.connector, r.status, 1, r.durationMs, r.durationMs]);
        const cls = latencyClass(r.durationMs);
        const lkey = `${minute}\u0000${r.connector}\u0000${cls}`;
        const l = latency.get(lkey);
        if (l) l[3]++;
        else latency.set(lkey, [minute, r.connector, cls, 1]);
      }
      for (const a of activity.values()) upsertActivity.run(...a);
      for (const l of latency.values()) upsertLatency.run(...l);
      for (const r of records) {
        this.insert.run(
          r.time,
          r.connector,
          r.objectType,
          r.object ?? null,
          r.action,
          r.status,
          r.durationMs,
          r.steps === undefined ? null : JSON.stringify(r.steps),
          r.error === undefined ? null : JSON.stringify(r.error),
          r.requestId ?? null,
        );
      }
    });
    this.prune = db.prepare('DELETE FROM provisioning_log WHERE time < ?');
    this.pruneActivity = db.prepare('DELETE FROM provisioning_activity WHERE minute < substr(?, 1, 16)');
    this.pruneLatency = db.prepare('DELETE FROM provisioning_latency WHERE minute < substr(?, 1, 16)');
  }

  /** Writes a batch of records in one transaction. */
  append(records: ProvisioningRecord[]): void {
    if (records.length > 0) this.appendMany(records);
  }

  /** Records matching every given filter, newest first. */
  query(q: LogQuery): ProvisioningRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    add('connector = ?', q.connector);
    add('object = ?', q.object);
    add('status = ?', q.status);
    add('action = ?', q.action);
    add('time >= ?', q.since);
    add('time < ?', q.until);
    add('id < ?', q.beforeId);
    const key = where.join(' AND ');
    let stmt = this.queries.get(key);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT * FROM provisioning_log ${key ? `WHERE ${key}` : ''} ORDER BY id DESC LIMIT ?`);
      this.queries.set(key, stmt);
    }
    const limit = q.limit !== undefined && q.limit >= 0 ? Math.floor(q.limit) : DEFAULT_LOG_LIMIT;
    return (stmt.all(...params, limit) as LogRow[]).map(logRecordOf);
  }

  /** Deletes records older than the given ISO time; returns how many. */
  pruneOlderThan(olderThanIso: string): number {
    this.pruneActivity.run(olderThanIso);
    this.pruneLatency.run(olderThanIso);
    return this.prune.run(olderThanIso).changes;
  }
}
