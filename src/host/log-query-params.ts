// The provisioning-log filters of an admin request, shared by the list (/logs) and the download (/logs/export) so
// that both read the same filters the same way.
import type { Context } from 'hono';
import type { LogQuery, ProvisioningRecord } from '../space/log-store.ts';

const STATUSES: readonly string[] = ['success', 'failure', 'skipped'];

/** The log filters of a request (connector, object, action, status, since, until, before), or what is wrong. */
export function logQueryOf(c: Context): LogQuery | string {
  const q: LogQuery = {};
  for (const k of ['connector', 'object', 'action'] as const) {
    const v = c.req.query(k);
    if (v) q[k] = v;
  }
  // Times are compared as stored (ISO 8601 in UTC), so any other spelling of a time is normalised first.
  for (const k of ['since', 'until'] as const) {
    const v = c.req.query(k);
    if (!v) continue;
    const t = Date.parse(v);
    if (Number.isNaN(t)) return `${k} must be a date and time (ISO 8601, e.g. 2030-01-31T12:00:00Z).`;
    q[k] = new Date(t).toISOString();
  }
  const status = c.req.query('status');
  if (status) {
    if (!STATUSES.includes(status)) return 'status must be success, failure or skipped.';
    q.status = status as ProvisioningRecord['status'];
  }
  const before = c.req.query('before');
  if (before) {
    const id = Number(before);
    if (!Number.isInteger(id) || id < 1) return 'before must be the id of a record (a positive integer).';
    q.beforeId = id;
  }
  return q;
}
