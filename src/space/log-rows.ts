// A provisioning_log row as both backends store it, and the record it stands for.
import type { ProvisioningRecord } from './log-store.ts';

/** One row of the provisioning_log table (PostgreSQL returns a bigint id as text). */
export interface LogRow {
  id: number | string;
  time: string;
  connector: string;
  object_type: string;
  object: string | null;
  action: string;
  status: ProvisioningRecord['status'];
  duration_ms: number;
  steps: string | null;
  error: string | null;
  request_id: string | null;
}

/** The record a row stands for. */
export function logRecordOf(row: LogRow): ProvisioningRecord {
  const r: ProvisioningRecord = {
    id: Number(row.id),
    time: row.time,
    connector: row.connector,
    objectType: row.object_type,
    action: row.action,
    status: row.status,
    durationMs: row.duration_ms,
  };
  if (row.object !== null) r.object = row.object;
  if (row.steps !== null) r.steps = JSON.parse(row.steps) as NonNullable<ProvisioningRecord['steps']>;
  if (row.error !== null) r.error = JSON.parse(row.error) as NonNullable<ProvisioningRecord['error']>;
  if (row.request_id !== null) r.requestId = row.request_id;
  return r;
}
