// An audit_log row as both backends store it, and the record it stands for.
import type { AuditRecord } from './audit-store.ts';

/** One row of the audit_log table (PostgreSQL returns a bigint id as text). */
export interface AuditRow {
  id: number | string;
  time: string;
  role: AuditRecord['role'];
  actor: string;
  address: string;
  via: AuditRecord['via'];
  method: string;
  route: string;
  object: string | null;
  before: string | null;
  after: string | null;
  result: AuditRecord['result'];
  status: number;
  error: string | null;
}

/** The record a row stands for. */
export function auditRecordOf(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    time: row.time,
    role: row.role,
    actor: row.actor,
    address: row.address,
    via: row.via,
    method: row.method,
    route: row.route,
    ...(row.object === null ? {} : { object: row.object }),
    ...(row.before === null ? {} : { before: JSON.parse(row.before) as unknown }),
    ...(row.after === null ? {} : { after: JSON.parse(row.after) as unknown }),
    result: row.result,
    status: row.status,
    ...(row.error === null ? {} : { error: row.error }),
  };
}
