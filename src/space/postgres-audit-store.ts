// The audit log on PostgreSQL: one log for every host of a cluster (they are one service to an operator).
import { auditRecordOf, type AuditRow } from './audit-rows.ts';
import type { AuditLogStore, AuditQuery, AuditRecord } from './audit-store.ts';
import { guarded, type PostgresPools } from './postgres-pool.ts';

const DEFAULT_LIMIT = 100;

/** Filters of AuditQuery: column and operator. */
const FILTERS: [keyof AuditQuery, string][] = [
  ['actor', 'actor ='],
  ['role', 'role ='],
  ['route', 'route ='],
  ['object', 'object ='],
  ['result', 'result ='],
  ['since', 'time >='],
  ['until', 'time <'],
  ['beforeId', 'id <'],
];

/** The audit_log table of a PostgreSQL store (the pools belong to the space store, which closes them). */
export class PostgresAuditStore implements AuditLogStore {
  constructor(private readonly pools: PostgresPools) {}

  async appendAudit(r: AuditRecord): Promise<number> {
    const { rows } = await guarded(() =>
      this.pools.query.query<{ id: string }>(
        `INSERT INTO audit_log (time, role, actor, address, via, method, route, object, before, after, result, status, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          r.time,
          r.role,
          r.actor,
          r.address,
          r.via,
          r.method,
          r.route,
          r.object ?? null,
          r.before === undefined ? null : JSON.stringify(r.before),
          r.after === undefined ? null : JSON.stringify(r.after),
          r.result,
          r.status,
          r.error ?? null,
        ],
      ),
    );
    return Number(rows[0].id);
  }

  async queryAudit(q: AuditQuery): Promise<AuditRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    for (const [k, sql] of FILTERS) {
      if (q[k] === undefined) continue;
      params.push(q[k]);
      where.push(`${sql} $${params.length}`);
    }
    params.push(q.limit ?? DEFAULT_LIMIT);
    const { rows } = await guarded(() =>
      this.pools.query.query<AuditRow>(
        `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      ),
    );
    return rows.map(auditRecordOf);
  }

  async revokeSession(id: string, expires: number): Promise<void> {
    await guarded(() =>
      this.pools.query.query(
        `WITH gone AS (DELETE FROM console_revocations WHERE expires <= $3)
         INSERT INTO console_revocations (id, expires) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET expires = EXCLUDED.expires`,
        [id, expires, Date.now()],
      ),
    );
  }

  async revokedSessions(now: number): Promise<Map<string, number>> {
    const { rows } = await guarded(() =>
      this.pools.query.query<{ id: string; expires: string }>(
        'SELECT id, expires FROM console_revocations WHERE expires > $1',
        [now],
      ),
    );
    return new Map(rows.map((r) => [r.id, Number(r.expires)]));
  }

  async close(): Promise<void> {}
}
