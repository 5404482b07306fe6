// The Ferry host: wires configuration, connector space, connectors, the HTTP(S) listener, timers and shutdown.
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { HostConfig } from '../config/host-config.ts';
import { MIN_TOKEN_LENGTH } from '../config/host-config.ts';
import { isWeakToken, tokenProblem } from '../config/secrets.ts';
import { createConnector } from './registry.ts';
import { SqliteSpaceStore } from '../space/sqlite-store.ts';
import type { ProvisioningLogStore } from '../space/log-store.ts';
import type { SpaceStore } from '../space/store.ts';
import { ProvisioningLog } from '../sync/provisioning-log.ts';
import { ConnectorRuntime } from './connector-runtime.ts';
import { createHttpApp } from './http-app.ts';
import { tenantPaths } from './tenant-url.ts';
import { createLogger, type Logger } from './logger.ts';
import { HostMetrics } from './metrics.ts';
import { loadTlsOptions } from './tls.ts';
import { createAdminApp } from './admin-api.ts';
import { FERRY_VERSION } from '../version.ts';
import { tuneHeap } from './heap-tuning.ts';

/** Options for starting a host beyond its configuration. */
export interface HostStartOptions {
  logger?: Logger;
  /** Run the initial full import before start() resolves (tests); default: in the background. */
  awaitInitialImport?: boolean;
  /** Replace a damaged generated certificate with a new one instead of refusing to start (--new-certificate). */
  newCertificate?: boolean;
}

/** Facts about the certificate in use. */
export interface CertificateInfo {
  source: string;
  fingerprint256: string;
  validTo: string;
  subjectAltName?: string;
}

/** A running host. */
export class Host {
  private stopping: Promise<void> | undefined;
  /** Settles when the start-up imports of every connector have finished (successfully or not). */
  initialImport: Promise<void> = Promise.resolve();

  private constructor(
    readonly config: HostConfig,
    readonly logger: Logger,
    readonly store: SpaceStore,
    readonly logStore: ProvisioningLogStore,
    readonly provisioningLog: ProvisioningLog,
    readonly connectors: ConnectorRuntime[],
    readonly metrics: HostMetrics,
    private readonly server: Server,
    private readonly inflight: { count: number },
    readonly baseUrl: string,
    readonly certificate: CertificateInfo | undefined,
  ) {}

  /** Starts a host from a validated configuration. */
  static async start(config: HostConfig, opts: HostStartOptions = {}): Promise<Host> {
    const h = config.host;
    tuneHeap();
    const logger = opts.logger ?? createLogger(h.log.level);
    for (const c of config.connectors) {
      const why = tokenProblem(c.secretToken, MIN_TOKEN_LENGTH);
      if (why) throw new Error(`connector ${c.name}: the secret token ${why}.`);
      if (isWeakToken(c.secretToken))
        logger.warn({ connector: c.name }, 'the secret token is easy to guess; `ferry token new` makes a strong one');
    }
    const useHttp = h.http === true;
    let bindHost = h.listen.host;
    if (useHttp && !h.allowNonLoopbackHttp && !isLoopback(bindHost)) {
      logger.warn(
        { requested: bindHost },
        'plain HTTP is bound to 127.0.0.1 only (set host.allowNonLoopbackHttp to force)',
      );
      bindHost = '127.0.0.1';
    }
    // The data folder holds the connector spaces, the provisioning log and the generated key: its owner only.
    mkdirSync(h.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(h.dataDir, 0o700);
    const store = await SqliteSpaceStore.open(join(h.dataDir, 'space.db'));
    if (process.env.FERRY_SQLITE_WRITER !== 'off') store.useWriterThread();
    const metrics = new HostMetrics();
    const plog = new ProvisioningLog(store, {
      onError: (e) => logger.error({ err: String(e) }, 'provisioning log write failed'),
    });
    const connectors: ConnectorRuntime[] = [];
    try {
      for (const cc of config.connectors) {
        const connector = createConnector(cc, h.dataDir, logger);
        const rt = new ConnectorRuntime(cc, connector, store, plog, logger, metrics, h.provisioningLog.logReads);
        await rt.open();
        connectors.push(rt);
      }
    } catch (e) {
      await Promise.all(connectors.map((c) => c.close()));
      await store.close();
      throw e;
    }
    const inflight = { count: 0 };
    const adminProblem = h.adminToken === undefined ? undefined : tokenProblem(h.adminToken, MIN_TOKEN_LENGTH);
    if (adminProblem) throw new Error(`host.adminToken ${adminProblem}.`);
    if (h.adminToken !== undefined && isWeakToken(h.adminToken))
      logger.warn('host.adminToken is easy to guess; `ferry token new` makes a strong one');
    const metricsProblem = h.metricsToken === undefined ? undefined : tokenProblem(h.metricsToken, MIN_TOKEN_LENGTH);
    if (metricsProblem) throw new Error(`host.metricsToken ${metricsProblem}.`);
    if (h.metricsToken !== undefined && isWeakToken(h.metricsToken))
      logger.warn('host.metricsToken is easy to guess; `ferry token new` makes a strong one');
    const admin = h.adminToken
      ? createAdminApp({
          token: h.adminToken,
          connectors,
          store,
          logStore: store,
          provisioningLog: plog,
          startedAt: new Date(),
          version: FERRY_VERSION,
        })
      : undefined;
    const app = createHttpApp({
      connectors,
      metrics,
      logger,
      maxBodyBytes: h.bodyLimitBytes,
      inflight,
      admin,
      metricsToken: h.metricsToken,
      health: () => {
        const each = connectors.map((c) => ({ ...c.health.report(), import: c.importStatus }));
        return { status: each.some((c) => c.status !== 'ok') ? 'degraded' : 'ok', connectors: each };
      },
    });
    const listener = getRequestListener(app.fetch);
    let server: Server;
    let certificate: CertificateInfo | undefined;
    if (useHttp) {
      server = createHttpServer(listener);
    } else {
      const tls = await loadTlsOptions(h.tls, h.dataDir, h.hostName ?? hostname(), {
        replaceDamaged: opts.newCertificate === true,
      });
      certificate = tls.info;
      server = createHttpsServer(tls.options, listener) as unknown as Server;
    }
    server.keepAliveTimeout = 65_000; // longer than common client/proxy idle timeouts
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(h.listen.port, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const shownHost =
      bindHost === '0.0.0.0' || bindHost === '::' ? 'localhost' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
    const baseUrl = `${useHttp ? 'http' : 'https'}://${shownHost}:${port}`;
    const host = new Host(
      config,
      logger,
      store,
      store,
      plog,
      connectors,
      metrics,
      server,
      inflight,
      baseUrl,
      certificate,
    );
    logger.info(
      { url: baseUrl, connectors: connectors.flatMap((c) => tenantPaths(c.config).map((t) => t.path)) },
      'ferry host listening',
    );
    host.initialImport = Promise.all(
      connectors.filter((c) => c.config.capabilities.import).map((c) => c.runImport('full').catch(() => undefined)),
    ).then(() => undefined);
    for (const c of connectors) c.startTimer();
    host.startLogRetention();
    if (opts.awaitInitialImport) await host.initialImport;
    return host;
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
      const closed = new Promise<void>((r) => this.server.close(() => r()));
      this.server.closeIdleConnections?.();
      const deadline = Date.now() + graceMs;
      while (this.inflight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      this.server.closeAllConnections?.();
      await closed;
      await Promise.all(this.connectors.map((c) => c.close()));
      await this.provisioningLog.flush();
      await this.store.close();
      await this.logStore.close();
      this.logger.info('ferry host stopped');
    })();
    return this.stopping;
  }
}

function isLoopback(h: string): boolean {
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}
