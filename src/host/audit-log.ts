// Records every change made through the admin API or the console in the audit log: who (role, token fingerprint,
// address), when, what (route and object), before/after as the route tells it (secrets masked), and the result.
// The read route lists the records with filters.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { AuditLogStore, AuditQuery, AuditRecord } from '../space/audit-store.ts';
import { maskSecrets } from './mask-secrets.ts';
import { apiError } from './admin-error.ts';
import { CHANGE_METHODS, type AdminEnv } from './admin-auth.ts';
import type { Logger } from './logger.ts';

/** The route pattern a request matched, without the /admin or /console/api prefix. */
function routeOf(c: Context): string {
  const matched = c.req.matchedRoutes.filter((r) => r.method !== 'ALL').at(-1)?.path ?? c.req.path;
  return matched.replace(/^\/(admin|console\/api)(?=\/)/, '');
}

/** Middleware writing one audit record per change, after the route answered. */
export function auditChanges(store: AuditLogStore, logger: Logger): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (!CHANGE_METHODS.has(c.req.method)) return next();
    await next();
    const actor = c.get('actor');
    const note = c.get('audit');
    const status = c.res.status;
    let error: string | undefined;
    if (status >= 400) {
      const body = (await c.res
        .clone()
        .json()
        .catch(() => undefined)) as { error?: unknown } | undefined;
      error = typeof body?.error === 'string' ? body.error : `HTTP ${status}`;
    }
    const record: AuditRecord = {
      time: new Date().toISOString(),
      role: actor.role,
      actor: actor.fingerprint,
      address: actor.address,
      via: actor.via,
      method: c.req.method,
      route: routeOf(c),
      object: note?.object ?? c.req.param('name'),
      ...(note?.before === undefined ? {} : { before: maskSecrets(note.before) }),
      ...(note?.after === undefined ? {} : { after: maskSecrets(note.after) }),
      result: status < 400 ? 'success' : 'failure',
      status,
      ...(error === undefined ? {} : { error }),
    };
    await store.appendAudit(record).catch((e) => logger.error({ err: String(e) }, 'audit log write failed'));
  };
}

const AUDIT_FILTERS = ['actor', 'route', 'object', 'since', 'until'] as const;

/** GET /audit: the audit log, newest first, with filters and beforeId paging. */
export function auditRoutes(app: Hono<AdminEnv>, store: AuditLogStore): void {
  app.get('/audit', async (c) => {
    const q: AuditQuery = {};
    for (const k of AUDIT_FILTERS) {
      const v = c.req.query(k);
      if (v) q[k] = v;
    }
    const role = c.req.query('role');
    if (role) {
      if (role !== 'admin' && role !== 'readonly')
        return apiError(c, 'admin_bad_request', 'role must be admin or readonly.');
      q.role = role;
    }
    const result = c.req.query('result');
    if (result) {
      if (result !== 'success' && result !== 'failure')
        return apiError(c, 'admin_bad_request', 'result must be success or failure.');
      q.result = result;
    }
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return apiError(c, 'admin_bad_request', 'limit must be an integer from 1 to 1000.');
    q.limit = limit;
    const before = c.req.query('before');
    if (before) q.beforeId = Number(before);
    return c.json({ records: await store.queryAudit(q) });
  });
}
