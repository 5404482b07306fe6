// The read-only data routes of the console: connector-space search with keyset paging, one object with its
// provisioning-log history, the provisioning log as a streamed CSV or JSON download, the history of runs, and the
// dashboard (health of every connector, activity per interval over the last hours).
import type { Context, Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { ProvisioningLogStore, ProvisioningRecord } from '../space/log-store.ts';
import type { ActivityBucket } from '../space/log-activity.ts';
import type { SpaceStore } from '../space/store.ts';
import type { ProvisioningLog } from '../sync/provisioning-log.ts';
import type { AdminEnv } from './admin-auth.ts';
import { apiError } from './admin-error.ts';
import type { CertificateDetails } from './cert-renewal.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import { logQueryOf } from './log-query-params.ts';

/** What the data routes read. */
export interface DataRouteDeps {
  connectors: ConnectorRuntime[];
  store: SpaceStore;
  logStore: ProvisioningLogStore;
  provisioningLog: ProvisioningLog;
  /** Activity per bucket (SQLite); undefined when the store cannot aggregate it. */
  activity(from: Date, to: Date, bucketSeconds: number): Promise<ActivityBucket[] | undefined>;
  certificate(): CertificateDetails | undefined;
  tenantUrl(name: string, exposure: string): string;
}

const EXPORT_PAGE = 1000;
const EXPORT_MAX = 1_000_000;
const CSV_COLUMNS = [
  'id',
  'time',
  'connector',
  'objectType',
  'object',
  'action',
  'status',
  'durationMs',
  'error',
  'recommendation',
  'requestId',
] as const;

/** A number query parameter within bounds, or an error message. */
function intParam(c: Context, name: string, dflt: number, min: number, max: number): number | string {
  const raw = c.req.query(name);
  const v = raw === undefined ? dflt : Number(raw);
  return Number.isInteger(v) && v >= min && v <= max ? v : `${name} must be an integer from ${min} to ${max}.`;
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvLine(r: ProvisioningRecord): string {
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    id: r.id,
    time: r.time,
    connector: r.connector,
    objectType: r.objectType,
    object: r.object,
    action: r.action,
    status: r.status,
    durationMs: r.durationMs,
    error: r.error?.message,
    recommendation: r.error?.recommendation,
    requestId: r.requestId,
  };
  return `${CSV_COLUMNS.map((k) => csvCell(row[k])).join(',')}\r\n`;
}

/** Registers the data routes. */
export function dataRoutes(app: Hono<AdminEnv>, d: DataRouteDeps): void {
  const find = (c: Context) => d.connectors.find((x) => x.config.name === c.req.param('name'));
  const noConnector = (c: Context) => apiError(c, 'admin_not_found', `No connector named "${c.req.param('name')}".`);

  app.get('/connectors/:name/space/:objectType', async (c) => {
    const rt = find(c);
    if (!rt) return noConnector(c);
    const type = c.req.param('objectType');
    if (!rt.setups.some((s) => s.runtime.name === type))
      return apiError(c, 'admin_not_found', `Connector ${rt.config.name} has no object type "${type}".`);
    const limit = intParam(c, 'limit', 50, 1, 1000);
    if (typeof limit === 'string') return apiError(c, 'admin_bad_request', limit);
    const attribute = c.req.query('attribute');
    const value = c.req.query('value');
    const name = rt.config.name;
    if (attribute && value !== undefined) {
      const found = await d.store.findByAttribute(name, type, attribute, value);
      const after = c.req.query('after');
      const sorted = found.sort((a, b) => (a.anchor < b.anchor ? -1 : 1)).filter((o) => !after || o.anchor > after);
      const page = sorted.slice(0, limit);
      return c.json({ objects: page, ...(sorted.length > limit ? { next: page.at(-1)?.anchor } : {}) });
    }
    const prefix = c.req.query('prefix') ?? '';
    let after = c.req.query('after');
    const objects = [];
    if (prefix && after === undefined) {
      const exact = await d.store.get(name, type, prefix);
      if (exact) objects.push(exact);
      after = prefix;
    }
    const rows = await d.store.scan(name, type, { afterAnchor: after, limit: limit + 1 });
    for (const o of rows) {
      if (prefix && !o.anchor.startsWith(prefix)) break;
      objects.push(o);
    }
    const page = objects.slice(0, limit);
    return c.json({ objects: page, ...(objects.length > limit ? { next: page.at(-1)?.anchor } : {}) });
  });

  app.get('/connectors/:name/space/:objectType/:anchor', async (c) => {
    const rt = find(c);
    if (!rt) return noConnector(c);
    const object = await d.store.get(rt.config.name, c.req.param('objectType'), c.req.param('anchor'));
    if (!object) return apiError(c, 'admin_not_found', `No object "${c.req.param('anchor')}" in this connector space.`);
    await d.provisioningLog.flush();
    const log = await d.logStore.queryLog({ connector: rt.config.name, object: object.anchor, limit: 100 });
    return c.json({ object, log });
  });

  app.get('/logs/export', async (c) => {
    const format = c.req.query('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') return apiError(c, 'admin_bad_request', 'format must be csv or json.');
    const q = logQueryOf(c);
    if (typeof q === 'string') return apiError(c, 'admin_bad_request', q);
    await d.provisioningLog.flush();
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="ferry-provisioning-log.${format}"`);
    return stream(c, async (s) => {
      let sent = 0;
      let beforeId = q.beforeId;
      await s.write(format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '[');
      while (sent < EXPORT_MAX) {
        const page = await d.logStore.queryLog({ ...q, beforeId, limit: EXPORT_PAGE });
        if (page.length === 0) break;
        let chunk = '';
        for (const r of page) {
          chunk += format === 'csv' ? csvLine(r) : `${sent > 0 ? ',' : ''}\n${JSON.stringify(r)}`;
          sent++;
        }
        if (chunk) await s.write(chunk);
        beforeId = page.at(-1)?.id;
        if (page.length < EXPORT_PAGE) break;
      }
      if (format === 'json') await s.write('\n]\n');
    });
  });

  app.get('/runs', async (c) => {
    const limit = intParam(c, 'limit', 50, 1, 1000);
    if (typeof limit === 'string') return apiError(c, 'admin_bad_request', limit);
    const connector = c.req.query('connector') || undefined;
    await d.provisioningLog.flush();
    const kinds = await Promise.all(
      ['import-full', 'import-delta'].map((action) => d.logStore.queryLog({ connector, action, limit })),
    );
    const runs = kinds
      .flat()
      .sort((a, b) => (b.id ?? 0) - (a.id ?? 0))
      .slice(0, limit)
      .map((r) => ({
        id: r.id,
        connector: r.connector,
        kind: r.action === 'import-delta' ? 'delta' : 'full',
        at: r.time,
        durationMs: r.durationMs,
        status: r.status,
        objectTypes: r.steps?.map((s) => ({ objectType: s.name, counts: s.detail })) ?? [],
        ...(r.error ? { error: r.error } : {}),
      }));
    return c.json({ runs, running: d.connectors.filter((x) => x.importStatus.running).map((x) => x.config.name) });
  });

  app.get('/dashboard', async (c) => {
    const hours = intParam(c, 'hours', 24, 1, 24 * 31);
    const buckets = intParam(c, 'buckets', 48, 1, 1000);
    if (typeof hours === 'string') return apiError(c, 'admin_bad_request', hours);
    if (typeof buckets === 'string') return apiError(c, 'admin_bad_request', buckets);
    await d.provisioningLog.flush();
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3_600_000);
    const bucketSeconds = Math.max(1, Math.round((hours * 3600) / buckets));
    return c.json({
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds,
      certificate: d.certificate() ?? null,
      connectors: d.connectors.map((rt) => ({
        name: rt.config.name,
        kind: rt.config.kind,
        tenantUrl: d.tenantUrl(rt.config.name, rt.config.exposure),
        health: rt.health.report(),
        import: rt.importStatus,
      })),
      ...activityOf(await d.activity(from, to, bucketSeconds)),
    });
  });
}

function activityOf(a: ActivityBucket[] | undefined): { activity: ActivityBucket[]; activityAvailable: boolean } {
  return { activity: a ?? [], activityAvailable: a !== undefined };
}
