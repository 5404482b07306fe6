// The Ferry host: wires configuration, connector space, connectors, the HTTP(S) listener, timers and shutdown.
import type { RequestListener, Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ConnectorConfig, HostConfig } from '../config/host-config.ts';
import { MIN_TOKEN_LENGTH } from '../config/host-config.ts';
import { isWeakToken, tokenProblem } from '../config/secrets.ts';
import type { AuditLogStore } from '../space/audit-store.ts';
import type { ActivityBucket, LogActivityReader } from '../space/log-activity.ts';
import { PostgresLogActivity } from '../space/postgres-log-activity.ts';
import { SqliteLogActivity } from '../space/sqlite-log-activity.ts';
import type { ProvisioningLogStore } from '../space/log-store.ts';
import type { PostgresHostRegistry } from '../space/postgres-hosts.ts';
import type { SpaceStore } from '../space/store.ts';
import type { ProvisioningLog } from '../sync/provisioning-log.ts';
import type { ConnectorRuntime } from './connector-runtime.ts';
import { createHttpApp, fastReadOf } from './http-app.ts';
import { tenantPaths } from './tenant-url.ts';
import { createLogger, type Logger } from './logger.ts';
import { HostMetrics } from './metrics.ts';
import { AdminState } from './admin-state.ts';
import { buildAdminApps } from './admin-wiring.ts';
import type { HostOperations } from './admin-host-routes.ts';
import { CertificateKeeper, type CertificateDetails } from './cert-renewal.ts';
import { applyConfiguration, reloadConfiguration, type ConfigOrigin, type ReloadResult } from './reload.ts';
import { tuneHeap } from './heap-tuning.ts';
import {
  baseUrlOf,
  bindAddress,
  type CertificateInfo,
  createServer,
  listen,
  OpenedResources,
  openAuditStore,
  openConnectors,
  openStorage,
} from './start-steps.ts';

export type { CertificateInfo } from './start-steps.ts';

/** Options for starting a host beyond its configuration. */
export interface HostStartOptions {
  logger?: Logger;
  /** Run the initial full import before start() resolves (tests); default: in the background. */
  awaitInitialImport?: boolean;
  /** Replace a damaged generated certificate with a new one instead of refusing to start (--new-certificate). */
  newCertificate?: boolean;
  /** The configuration file, so that the host can reload it (SIGHUP, POST /admin/reload) and the console edit it. */
  origin?: ConfigOrigin;
}

/** The app the listener serves now (replaced on a reload) and the start step that opens one connector. */
interface Router {
  app?: Hono;
  openConnector(cc: ConnectorConfig): Promise<ConnectorRuntime>;
  /** The dashboard's activity, from the per-minute rows the log store keeps. */
  activity: LogActivityReader & { close?(): void };
  /** The admin API's limiters and console sessions, kept across reloads. */
  adminState: AdminState;
  startedAt: Date;
}

/** What a running host is made of; start() builds it step by step. */
interface HostParts {
  config: HostConfig;
  logger: Logger;
  store: SpaceStore;
  logStore: ProvisioningLogStore;
  provisioningLog: ProvisioningLog;
  connectors: ConnectorRuntime[];
  metrics: HostMetrics;
  server: Server;
  inflight: { count: number };
  baseUrl: string;
  certificate: CertificateInfo | undefined;
  audit: AuditLogStore;
  router: Router;
  origin?: ConfigOrigin;
  cluster?: PostgresHostRegistry;
}

/** A running host. */
export class Host {
  private stopping: Promise<void> | undefined;
  /** Settles when the start-up imports of every connector have finished (successfully or not). */
  initialImport: Promise<void> = Promise.resolve();
  /** The configuration in use (replaced on a reload). */
  config: HostConfig;
  readonly logger: Logger;
  readonly store: SpaceStore;
  readonly logStore: ProvisioningLogStore;
  readonly provisioningLog: ProvisioningLog;
  readonly connectors: ConnectorRuntime[];
  readonly metrics: HostMetrics;
  readonly baseUrl: string;
  readonly certificate: CertificateInfo | undefined;
  readonly audit: AuditLogStore;
  readonly origin: ConfigOrigin | undefined;
  /** The served certificate's details and renewal (HTTPS only). */
  readonly certificates: CertificateKeeper | undefined;
  private readonly server: Server;
  private readonly inflight: { count: number };
  private readonly router: Router;
  /** This host's membership of a cluster sharing a PostgreSQL store. */
  readonly cluster: PostgresHostRegistry | undefined;
  /** Requests in flight in the app the listener served before the last reload. */
  private generation: { count: number };

  private constructor(parts: HostParts) {
    this.config = parts.config;
    this.logger = parts.logger;
    this.store = parts.store;
    this.logStore = parts.logStore;
    this.provisioningLog = parts.provisioningLog;
    this.connectors = parts.connectors;
    this.metrics = parts.metrics;
    this.server = parts.server;
    this.inflight = parts.inflight;
    this.baseUrl = parts.baseUrl;
    this.certificate = parts.certificate;
    this.audit = parts.audit;
    this.origin = parts.origin;
    this.router = parts.router;
    this.cluster = parts.cluster;
    this.generation = parts.inflight;
    this.certificates = parts.config.host.http
      ? undefined
      : new CertificateKeeper(parts.config, parts.server as unknown as HttpsServer, parts.logger, parts.metrics);
  }

  /**
   * Starts a host from a validated configuration. What can be checked without opening anything is checked first;
   * a later step that fails closes whatever the earlier steps opened (listener, connectors, store) and rethrows.
   */
  static async start(config: HostConfig, opts: HostStartOptions = {}): Promise<Host> {
    const h = config.host;
    tuneHeap();
    const logger = opts.logger ?? createLogger(h.log.level);
    checkTokens(config, logger);
    const useHttp = h.http === true;
    const bindHost = bindAddress(config, logger);
    const opened = new OpenedResources();
    try {
      const storage = await openStorage(config, logger, opened);
      const { store, provisioningLog } = storage;
      const metrics = new HostMetrics();
      // Hosts of a cluster are scraped side by side: each series names its host.
      if (storage.cluster) metrics.registry.setDefaultLabels({ ferry_host: storage.cluster.id });
      const audit = openAuditStore(h.dataDir, storage);
      opened.add('the audit log', () => audit.close());
      const connectors = await openConnectors(config, storage, logger, metrics, opened);
      const inflight = { count: 0 };
      const activity: Router['activity'] = storage.pools
        ? new PostgresLogActivity(storage.pools)
        : new SqliteLogActivity(join(h.dataDir, 'space.db'));
      opened.add('the activity reader', async () => activity.close?.());
      const router: Router = {
        activity,
        adminState: new AdminState(),
        startedAt: new Date(),
        openConnector: async (cc) => {
          const one = new OpenedResources();
          try {
            const [rt] = await openConnectors({ ...config, connectors: [cc] }, storage, logger, metrics, one);
            return rt;
          } catch (e) {
            await one.closeAll(logger);
            throw e;
          }
        },
      };
      let self: Host | undefined;
      const ops = hostOperations(() => self);
      const cluster = storage.cluster;
      const { adminState, startedAt } = router;
      const parts = {
        connectors,
        store,
        provisioningLog,
        metrics,
        logger,
        inflight,
        audit,
        ops,
        cluster,
        adminState,
        startedAt,
      };
      router.app = buildApp(config, parts);
      const hono = getRequestListener((req, env) => (router.app as Hono).fetch(req, env));
      // Entra's matching query skips Hono (fast-read.ts); everything else, and whatever that path leaves, goes on.
      const listener: RequestListener = (req, res) => {
        if (!fastReadOf(router.app as Hono)?.(req, res)) void hono(req, res);
      };
      const { server, certificate } = await createServer(config, opts, listener);
      await listen(server, h.listen.port, bindHost, opened);
      const host = new Host({
        config,
        logger,
        store,
        logStore: store,
        provisioningLog,
        connectors,
        metrics,
        server,
        inflight,
        baseUrl: baseUrlOf(server, bindHost, useHttp),
        certificate,
        audit,
        router,
        origin: opts.origin,
        cluster,
      });
      self = host;
      if (cluster) {
        await cluster.start(host.baseUrl);
        opened.add('the cluster membership', () => cluster.stop());
      }
      await host.certificates?.load();
      host.certificates?.start();
      await host.begin(opts);
      return host;
    } catch (e) {
      await opened.closeAll(logger);
      throw e;
    }
  }

  /** Announces the host and starts its background work: the start-up imports, autosync and log retention. */
  private async begin(opts: HostStartOptions): Promise<void> {
    const connectors = this.connectors;
    this.logger.info(
      { url: this.baseUrl, connectors: connectors.flatMap((c) => tenantPaths(c.config).map((t) => t.path)) },
      'ferry host listening',
    );
    for (const c of connectors) c.startTimer();
    // A cluster's imports are not each host's: the host that gets a connector's import lease runs them (its
    // first poll, started by startTimer, may be this one).
    this.initialImport = Promise.all(
      connectors
        .filter((c) => c.config.capabilities.import)
        .map((c) => (c.importsShared ? c.firstLeasePoll : c.runImport('full').catch(() => undefined))),
    ).then(() => undefined);
    this.startLogRetention();
    if (opts.awaitInitialImport) await this.initialImport;
  }

  private retentionTimer: NodeJS.Timeout | undefined;

  /** Prunes the provisioning log now and every 6 hours, keeping host.provisioningLog.retentionDays. */
  private startLogRetention(): void {
    const prune = () => {
      const cutoff = new Date(Date.now() - this.config.host.provisioningLog.retentionDays * 86_400_000).toISOString();
      this.logStore.pruneLog(cutoff).then(
        (n) => n && this.logger.info({ removed: n, before: cutoff }, 'provisioning log pruned'),
        (e) => this.logger.error({ err: String(e) }, 'provisioning log pruning failed'),
      );
    };
    prune();
    this.retentionTimer = setInterval(prune, 6 * 3_600_000);
    this.retentionTimer.unref();
  }

  /**
   * Reloads the configuration file (checked first); throws ConfigError and changes nothing when it is refused.
   * Connectors named in `refresh` are reopened even if their settings are the same (their project changed).
   */
  async reload(refresh: readonly string[] = []): Promise<ReloadResult> {
    if (!this.origin) {
      if (refresh.length) return applyConfiguration(this.config, this.reloadTarget(), refresh);
      throw new Error('This host was not started from a configuration file: nothing to reload.');
    }
    return reloadConfiguration(this.origin, this.reloadTarget(), refresh);
  }

  /** Applies an already checked configuration (the console's editor checks before it saves). */
  apply(config: HostConfig): Promise<ReloadResult> {
    return applyConfiguration(config, this.reloadTarget());
  }

  private reloadTarget() {
    return {
      config: this.config,
      connectors: this.connectors,
      logger: this.logger,
      openConnector: (cc: ConnectorConfig) => this.router.openConnector(cc),
      swap: (config: HostConfig, connectors: ConnectorRuntime[]) => this.swap(config, connectors),
    };
  }

  /** Serves a new configuration from now on; resolves once the requests the old app had begun have finished. */
  private async swap(config: HostConfig, connectors: ConnectorRuntime[]): Promise<void> {
    this.config = config;
    this.connectors.splice(0, this.connectors.length, ...connectors);
    const old = this.generation;
    const total = this.inflight;
    const gen = { n: 0 };
    // Counts requests of the new app on their own and in the host's total (which stop() waits for).
    this.generation = {
      get count() {
        return gen.n;
      },
      set count(v: number) {
        total.count += v - gen.n;
        gen.n = v;
      },
    };
    this.router.app = buildApp(config, {
      connectors: this.connectors,
      store: this.store as SpaceStore & ProvisioningLogStore,
      provisioningLog: this.provisioningLog,
      metrics: this.metrics,
      logger: this.logger,
      inflight: this.generation,
      audit: this.audit,
      ops: hostOperations(() => this),
      adminState: this.router.adminState,
      startedAt: this.router.startedAt,
      cluster: this.cluster,
    });
    const deadline = Date.now() + 30_000;
    while (old.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Provisioning activity per bucket for the dashboard. */
  activity(from: Date, to: Date, bucketSeconds: number): Promise<ActivityBucket[]> {
    return this.router.activity.activity(from, to, bucketSeconds);
  }

  /** The port the host listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The runtime of one connector. */
  connector(name: string): ConnectorRuntime | undefined {
    return this.connectors.find((c) => c.config.name === name);
  }

  /** Graceful shutdown: stop accepting, let requests in flight finish (up to graceMs), flush logs, close. */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info('ferry host stopping');
      if (this.retentionTimer) clearInterval(this.retentionTimer);
      this.certificates?.stop();
      const closed = new Promise<void>((r) => this.server.close(() => r()));
      this.server.closeIdleConnections?.();
      const deadline = Date.now() + graceMs;
      while (this.inflight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      this.server.closeAllConnections?.();
      await closed;
      await Promise.all(this.connectors.map((c) => c.close()));
      await this.cluster?.stop();
      await this.provisioningLog.flush();
      await this.store.close();
      await this.logStore.close();
      await this.audit.close();
      this.router.activity.close?.();
      this.logger.info('ferry host stopped');
    })();
    return this.stopping;
  }
}

/** Refuses secret tokens too short or malformed and warns of weak ones: before anything is opened. */
function checkTokens(config: HostConfig, logger: Logger): void {
  for (const c of config.connectors) {
    const why = tokenProblem(c.secretToken, MIN_TOKEN_LENGTH);
    if (why) throw new Error(`connector ${c.name}: the secret token ${why}.`);
    if (isWeakToken(c.secretToken))
      logger.warn({ connector: c.name }, 'the secret token is easy to guess; `ferry token new` makes a strong one');
  }
  const h = config.host;
  const adminProblem = h.adminToken === undefined ? undefined : tokenProblem(h.adminToken, MIN_TOKEN_LENGTH);
  if (adminProblem) throw new Error(`host.adminToken ${adminProblem}.`);
  if (h.adminToken !== undefined && isWeakToken(h.adminToken))
    logger.warn('host.adminToken is easy to guess; `ferry token new` makes a strong one');
  const metricsProblem = h.metricsToken === undefined ? undefined : tokenProblem(h.metricsToken, MIN_TOKEN_LENGTH);
  if (metricsProblem) throw new Error(`host.metricsToken ${metricsProblem}.`);
  if (h.metricsToken !== undefined && isWeakToken(h.metricsToken))
    logger.warn('host.metricsToken is easy to guess; `ferry token new` makes a strong one');
}

/** The parts the HTTP app serves. */
interface AppParts {
  connectors: ConnectorRuntime[];
  store: SpaceStore & ProvisioningLogStore;
  provisioningLog: ProvisioningLog;
  metrics: HostMetrics;
  logger: Logger;
  inflight: { count: number };
  audit: AuditLogStore;
  ops: HostOperations;
  cluster?: PostgresHostRegistry;
  adminState: AdminState;
  startedAt: Date;
}

/** The host operations the admin routes call, on the host once it exists. */
function hostOperations(host: () => Host | undefined): HostOperations {
  const need = () => {
    const h = host();
    if (!h) throw new Error('The host is still starting.');
    return h;
  };
  return {
    reload: (refresh) => need().reload(refresh),
    certificate: (): CertificateDetails | undefined => host()?.certificates?.details(),
    origin: () => host()?.origin,
    activity: async (from, to, bucketSeconds) => host()?.activity(from, to, bucketSeconds),
    baseUrl: () => host()?.baseUrl ?? '',
    renewCertificate: () => {
      const keeper = need().certificates;
      if (!keeper) throw new Error('The host serves plain HTTP: there is no certificate.');
      return keeper.renew();
    },
  };
}

/** The HTTP app: the SCIM services of every connector, /health, /metrics and (with an admin token) /admin. */
function buildApp(config: HostConfig, p: AppParts): Hono {
  const h = config.host;
  const { admin, console } = buildAdminApps({
    config,
    connectors: p.connectors,
    store: p.store,
    provisioningLog: p.provisioningLog,
    audit: p.audit,
    logger: p.logger,
    startedAt: p.startedAt,
    ops: p.ops,
    state: p.adminState,
    cluster: p.cluster ? () => (p.cluster as PostgresHostRegistry).snapshot() : undefined,
  });
  return createHttpApp({
    connectors: p.connectors,
    metrics: p.metrics,
    logger: p.logger,
    maxBodyBytes: h.bodyLimitBytes,
    inflight: p.inflight,
    admin,
    console,
    authLimiter: p.adminState.scimLimiter,
    metricsToken: h.metricsToken,
    health: () => {
      const each = p.connectors.map((c) => ({ ...c.health.report(), import: c.importStatus }));
      const certificate = p.ops.certificate();
      const cluster = p.cluster?.snapshot();
      return {
        status: each.some((c) => c.status !== 'ok') || cluster?.store === 'unreachable' ? 'degraded' : 'ok',
        connectors: each,
        ...(certificate ? { certificate } : {}),
        ...(cluster ? { cluster } : {}),
      };
    },
  });
}
