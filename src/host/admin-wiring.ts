// Puts the admin routes together and mounts them twice: /admin behind a bearer token and /console/api behind a
// console session (one implementation), each change audited.
import type { ClusterSnapshot } from '../space/postgres-hosts.ts';
import type { Hono } from 'hono';
import type { HostConfig } from '../config/host-config.ts';
import type { AuditLogStore } from '../space/audit-store.ts';
import type { ProvisioningLogStore } from '../space/log-store.ts';
import type { SpaceStore } from '../space/store.ts';
import type { ProvisioningLog } from '../sync/provisioning-log.ts';
import { FERRY_VERSION } from '../version.ts';
import { createAdminRoutes } from './admin-api.ts';
import { adminBearerAuth, AdminTokens, type AdminEnv } from './admin-auth.ts';
import { hostRoutes, type HostOperations } from './admin-host-routes.ts';
import { AdminState } from './admin-state.ts';
import { configRoutes } from './admin-config-routes.ts';
import { dataRoutes } from './admin-data-routes.ts';
import { projectRoutes } from './admin-project-routes.ts';
import { tokenRoutes } from './admin-token-routes.ts';
import { ConfigEditor } from './config-editor.ts';
import { createConsoleApp } from './console-app.ts';
import { scimPrefixes } from './scim-prefixes.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import type { Logger } from './logger.ts';
import { Hono as HonoApp } from 'hono';

/** What the admin API and the console are built from. */
export interface AdminParts {
  config: HostConfig;
  connectors: ConnectorRuntime[];
  store: SpaceStore & ProvisioningLogStore;
  provisioningLog: ProvisioningLog;
  audit: AuditLogStore;
  logger: Logger;
  startedAt: Date;
  ops: HostOperations;
  /** Limiters and sessions kept across reloads (default: new ones). */
  state?: AdminState;
  /** The hosts of the cluster sharing the store (PostgreSQL only). */
  cluster?: () => ClusterSnapshot;
}

/** The /admin app (absent without an admin token) and the /console app (a page saying how to turn it on, then). */
export function buildAdminApps(p: AdminParts): { admin?: Hono; console: Hono } {
  const h = p.config.host;
  if (!h.adminToken) return { console: createConsoleApp({}) as unknown as Hono };
  const tenantUrl = (name: string, exposure: string) =>
    `${p.ops.baseUrl()}${scimPrefixes(name)[exposure === 'ecma' ? 0 : 1]}`;
  const routes = createAdminRoutes({
    connectors: p.connectors,
    store: p.store,
    logStore: p.store,
    provisioningLog: p.provisioningLog,
    audit: p.audit,
    logger: p.logger,
    startedAt: p.startedAt,
    version: FERRY_VERSION,
    cluster: p.cluster,
    extend: (app) => {
      hostRoutes(app, p.ops);
      configRoutes(app, {
        editor: () => {
          const origin = p.ops.origin();
          return origin ? new ConfigEditor(origin) : undefined;
        },
        reload: () => p.ops.reload(),
        tenantUrl,
      });
      projectRoutes(app, { connectors: p.connectors, refresh: (names) => p.ops.reload(names) });
      tokenRoutes(app, p.connectors);
      dataRoutes(app, {
        connectors: p.connectors,
        store: p.store,
        logStore: p.store,
        provisioningLog: p.provisioningLog,
        activity: (from, to, size) => p.ops.activity(from, to, size),
        certificate: () => p.ops.certificate(),
        tenantUrl,
      });
    },
  });
  const tokens = new AdminTokens(h.adminToken, h.adminReadOnlyToken);
  const state = p.state ?? new AdminState();
  const admin = new HonoApp<AdminEnv>();
  admin.use('*', adminBearerAuth(tokens, state.adminLimiter));
  admin.route('/', routes);
  const console = createConsoleApp({
    tokens,
    adminToken: h.adminToken,
    routes,
    sessions: state.sessionsFor(h.adminToken, p.audit),
    limiter: state.consoleLimiter,
  });
  return { admin: admin as unknown as Hono, console: console as unknown as Hono };
}
