// The admin routes, served twice with one implementation: under /admin behind a bearer token (the CLI) and under
// /console/api behind a console session (the browser). Status, imports with streamed progress, connection tests,
// the provisioning log, and the routes of the console's pages (admin-*-routes.ts). Every change is audited.
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import type { AuditLogStore } from '../space/audit-store.ts';
import type { ProvisioningLogStore } from '../space/log-store.ts';
import type { ClusterSnapshot } from '../space/postgres-hosts.ts';
import type { SpaceStore } from '../space/store.ts';
import type { ProvisioningLog } from '../sync/provisioning-log.ts';
import { type AdminEnv, refuseReadOnly } from './admin-auth.ts';
import { FerryError } from '../errors/catalogue.ts';
import { apiError } from './admin-error.ts';
import { auditChanges, auditRoutes } from './audit-log.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import type { Logger } from './logger.ts';
import { logQueryOf } from './log-query-params.ts';

/** What the admin routes need. */
export interface AdminDeps {
  /** The running connectors (the host replaces the array's content on a reload). */
  connectors: ConnectorRuntime[];
  store: SpaceStore;
  logStore: ProvisioningLogStore;
  provisioningLog: ProvisioningLog;
  audit: AuditLogStore;
  logger: Logger;
  startedAt: Date;
  version: string;
  /** The hosts of the cluster sharing the store (PostgreSQL only). */
  cluster?: () => ClusterSnapshot;
  /** Adds more routes (reload, configuration, certificates …) after the built-in ones. */
  extend?: (app: Hono<AdminEnv>) => void;
}

/** Builds the admin routes (without authentication: the mount adds it and sets the actor). */
export function createAdminRoutes(d: AdminDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const problem = (c: Context, status: number, detail: string) =>
    apiError(c, status === 404 ? 'admin_not_found' : status === 409 ? 'admin_conflict' : 'admin_bad_request', detail);
  app.use('*', auditChanges(d.audit, d.logger));
  app.use('*', refuseReadOnly);
  const find = (c: Context) => d.connectors.find((x) => x.config.name === c.req.param('name'));

  app.get('/status', async (c) =>
    c.json({
      version: d.version,
      startedAt: d.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - d.startedAt.getTime()) / 1000),
      connectors: await Promise.all(
        d.connectors.map(async (rt) => ({
          name: rt.config.name,
          kind: rt.config.kind,
          exposure: rt.config.exposure,
          autosyncMinutes: rt.config.autosyncMinutes,
          capabilities: rt.connector.capabilities,
          objectTypes: await Promise.all(
            rt.setups.map(async (s) => ({
              name: s.runtime.name,
              endpoint: s.info.endpoint,
              objects: await d.store.count(rt.config.name, s.runtime.name),
            })),
          ),
          import: rt.importStatus,
        })),
      ),
      ...(d.cluster ? { cluster: d.cluster() } : {}),
    }),
  );

  app.post('/connectors/:name/test', async (c) => {
    const rt = find(c);
    if (!rt) return problem(c, 404, `No connector named "${c.req.param('name')}".`);
    const r = await rt.connector.test();
    return c.json(r, r.ok ? 200 : 502);
  });

  app.post('/connectors/:name/import', async (c) => {
    const rt = find(c);
    if (!rt) return problem(c, 404, `No connector named "${c.req.param('name')}".`);
    const kind = c.req.query('kind') === 'delta' ? 'delta' : 'full';
    // An operator's go-ahead for removals over the connector's deletion threshold.
    const allowDeletes = c.req.query('allowDeletes') === 'true';
    if (!rt.config.capabilities.import) return problem(c, 409, `Import is disabled for connector ${rt.config.name}.`);
    const estimate: Record<string, number> = {};
    for (const s of rt.setups) estimate[s.runtime.name] = await d.store.count(rt.config.name, s.runtime.name);
    // Progress before the stream is open waits in `early`.
    const early: unknown[] = [];
    let emit = (o: unknown) => void early.push(o);
    let started: Awaited<ReturnType<ConnectorRuntime['startImport']>>;
    try {
      // In a cluster this takes the import lease first: refused (409 import_leased) while another host imports.
      started = await rt.startImport(kind, (p) => emit({ event: 'progress', ...p }), { allowDeletes });
    } catch (e) {
      if (e instanceof FerryError) return apiError(c, e.code, e.message);
      throw e;
    }
    started.report.catch(() => undefined); // awaited in the stream below
    // NDJSON: one progress line per page, then the report (or the error) as the last line.
    return stream(c, async (s) => {
      c.header('Content-Type', 'application/x-ndjson');
      const write = (o: unknown) => s.write(`${JSON.stringify(o)}\n`);
      await write({ event: 'started', kind, estimate });
      for (const o of early) await write(o);
      emit = (o) => void write(o);
      try {
        await write({ event: 'done', report: await started.report });
      } catch (e) {
        await write({ event: 'failed', error: e instanceof Error ? e.message : String(e) });
      }
    });
  });

  app.get('/logs', async (c) => {
    await d.provisioningLog.flush();
    const q = logQueryOf(c);
    if (typeof q === 'string') return problem(c, 400, q);
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return problem(c, 400, 'limit must be an integer from 1 to 1000.');
    q.limit = limit;
    return c.json({ records: await d.logStore.queryLog(q) });
  });
  auditRoutes(app, d.audit);
  d.extend?.(app);
  return app;
}
