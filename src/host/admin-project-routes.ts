// The console's project routes: the web service project of a connector, and discovery from an OpenAPI document or
// a WSDL (file, URL or uploaded text): a preview of what would change in the project, then, with apply=true, the
// change written (only services.<name>.discovery; flows and comments untouched) and the connector reopened.
import type { Context, Hono } from 'hono';
import { mergeDiscovery, writeDiscovery } from '../webservice/discovery/write-project.ts';
import { discoverDocument } from '../webservice/discovery/discover-document.ts';
import { readFileSync, existsSync } from 'node:fs';
import type { AdminEnv } from './admin-auth.ts';
import { apiError } from './admin-error.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import { projectView } from './project-view.ts';
import type { ReloadResult } from './reload.ts';

/** What the project routes need. */
export interface ProjectRouteDeps {
  connectors: ConnectorRuntime[];
  /** Reopens the named connectors (their project changed) with the configuration file as it is. */
  refresh(names: string[]): Promise<ReloadResult>;
}

interface DiscoverBody {
  kind?: unknown;
  url?: unknown;
  text?: unknown;
  name?: unknown;
  service?: unknown;
  port?: unknown;
  endpoint?: unknown;
  prune?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Registers GET /connectors/:name/project and POST /connectors/:name/project/discover. */
export function projectRoutes(app: Hono<AdminEnv>, d: ProjectRouteDeps): void {
  const projectOf = (c: Context): string | Response => {
    const rt = d.connectors.find((x) => x.config.name === c.req.param('name'));
    if (!rt) return apiError(c, 'admin_not_found', `No connector named "${c.req.param('name')}".`);
    const file = rt.config.connectivity.project;
    if (rt.config.kind !== 'web-services' || !file)
      return apiError(
        c,
        'admin_conflict',
        `Connector ${rt.config.name} is not a web services connector: it has no project.`,
      );
    return file;
  };

  app.get('/connectors/:name/project', (c) => {
    const file = projectOf(c);
    return typeof file === 'string' ? c.json(projectView(file)) : file;
  });

  app.post('/connectors/:name/project/discover', async (c) => {
    const file = projectOf(c);
    if (typeof file !== 'string') return file;
    const b = ((await c.req.json().catch(() => undefined)) ?? {}) as DiscoverBody;
    if (b.kind !== 'rest' && b.kind !== 'soap') return apiError(c, 'admin_bad_request', 'kind must be rest or soap.');
    const url = str(b.url);
    if (url !== undefined && !/^https?:\/\//i.test(url))
      return apiError(c, 'admin_bad_request', 'url must be an http(s) URL (upload a file as text instead).');
    let discovery: Awaited<ReturnType<typeof discoverDocument>>;
    try {
      discovery = await discoverDocument({
        kind: b.kind,
        location: url,
        text: typeof b.text === 'string' ? b.text : undefined,
        name: str(b.name),
        port: str(b.port),
        endpoint: str(b.endpoint),
      });
    } catch (e) {
      return apiError(c, 'admin_bad_request', e instanceof Error ? e.message : String(e));
    }
    const opts = { service: str(b.service), prune: b.prune === true };
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    let preview: ReturnType<typeof mergeDiscovery>['report'];
    try {
      preview = mergeDiscovery(existing, file, discovery.found, opts).report;
    } catch (e) {
      return apiError(c, 'admin_bad_request', e instanceof Error ? e.message : String(e));
    }
    const body = {
      preview,
      operations: discovery.found.operations,
      warnings: discovery.found.warnings,
      ...(discovery.tree ? { tree: discovery.tree } : {}),
    };
    if (c.req.query('apply') !== 'true') return c.json(body);
    if (preview.problems.length)
      return apiError(c, 'admin_conflict', `The project would no longer load: ${preview.problems.join('; ')}`);
    const name = c.req.param('name');
    c.set('audit', {
      object: name,
      after: { service: preview.service, added: preview.added, updated: preview.updated, removed: preview.removed },
    });
    const written = writeDiscovery(file, discovery.found, opts);
    return c.json({ ...body, applied: written, reload: await d.refresh([name]) });
  });
}
