// The steps of Host.start that open something, each registering how to close it, so a failed start leaves no
// open store, connector or listener behind.
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { HostConfig } from '../config/host-config.ts';
import type { ProvisioningLogStore } from '../space/log-store.ts';
import { InProcessLocks, type ObjectLocks } from '../space/object-locks.ts';
import { PostgresAuditStore } from '../space/postgres-audit-store.ts';
import { PostgresHostRegistry } from '../space/postgres-hosts.ts';
import { PostgresLeases } from '../space/postgres-leases.ts';
import { PostgresLocks } from '../space/postgres-locks.ts';
import { PostgresPools } from '../space/postgres-pool.ts';
import { PostgresSpaceStore } from '../space/postgres-store.ts';
import { SqliteSpaceStore } from '../space/sqlite-store.ts';
import type { SpaceStore } from '../space/store.ts';
import { LocalLeases, type WorkLeases } from '../space/work-leases.ts';
import { SqliteAuditStore } from '../space/sqlite-audit-store.ts';
import type { AuditLogStore } from '../space/audit-store.ts';
import { FERRY_VERSION } from '../version.ts';
import { ProvisioningLog } from '../sync/provisioning-log.ts';
import { ConnectorRuntime } from './connector-runtime.ts';
import type { Logger } from './logger.ts';
import type { HostMetrics } from './metrics.ts';
import { createConnector } from './registry.ts';
import { loadTlsOptions } from './tls.ts';

/** Facts about the certificate in use. */
export interface CertificateInfo {
  source: string;
  fingerprint256: string;
  validTo: string;
  subjectAltName?: string;
}

/** What a start has opened so far, closed newest first when a later step fails. */
export class OpenedResources {
  private readonly closers: { what: string; close: () => Promise<void> }[] = [];

  /** Registers how to close something just opened. */
  add(what: string, close: () => Promise<void>): void {
    this.closers.push({ what, close });
  }

  /** Closes everything, newest first; a close that fails is logged and does not stop the others. */
  async closeAll(logger: Logger): Promise<void> {
    for (const { what, close } of this.closers.splice(0).reverse()) {
      await close().catch((e) => logger.error({ err: String(e) }, `closing ${what} after a failed start failed`));
    }
  }
}

/** The host address to bind: plain HTTP stays on loopback unless forced. */
export function bindAddress(config: HostConfig, logger: Logger): string {
  const h = config.host;
  if (h.http === true && !h.allowNonLoopbackHttp && !isLoopback(h.listen.host)) {
    logger.warn(
      { requested: h.listen.host },
      'plain HTTP is bound to 127.0.0.1 only (set host.allowNonLoopbackHttp to force)',
    );
    return '127.0.0.1';
  }
  return h.listen.host;
}

/** What openStorage opened: the store, the batching log writer, and how writes are serialised. */
export interface Storage {
  store: SpaceStore & ProvisioningLogStore;
  provisioningLog: ProvisioningLog;
  locks: ObjectLocks;
  /** Who runs scheduled imports: this host (SQLite) or whichever host of the cluster holds the lease. */
  leases: WorkLeases;
  /** This host's row among the cluster's hosts (PostgreSQL only). */
  cluster?: PostgresHostRegistry;
  /** The PostgreSQL pools when the store is shared by a cluster. */
  pools?: PostgresPools;
}

/**
 * Opens the store (connector spaces and provisioning log: the data folder's SQLite file, or PostgreSQL shared by a
 * cluster) and the batching log writer.
 */
export async function openStorage(config: HostConfig, logger: Logger, opened: OpenedResources): Promise<Storage> {
  const dataDir = config.host.dataDir;
  // The data folder holds the connector spaces, the provisioning log and the generated key: its owner only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const s = config.host.store;
  let store: SpaceStore & ProvisioningLogStore;
  let locks: ObjectLocks = new InProcessLocks();
  let leases: WorkLeases = new LocalLeases();
  let pools: PostgresPools | undefined;
  let cluster: PostgresHostRegistry | undefined;
  if (s?.kind === 'postgres') {
    pools = await PostgresPools.open({
      url: s.url,
      schema: s.schema,
      poolSize: s.poolSize,
      // The message only: an error object of pg may carry connection details.
      onIdleError: (e) => logger.warn({ err: e.message }, 'a PostgreSQL connection was lost; it is reopened on use'),
    });
    store = new PostgresSpaceStore(pools);
    locks = new PostgresLocks(pools);
    cluster = new PostgresHostRegistry(
      pools,
      `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      FERRY_VERSION,
    );
    leases = new PostgresLeases(pools, cluster.id);
  } else {
    const sqlite = SqliteSpaceStore.open(join(dataDir, 'space.db'));
    if (process.env.FERRY_SQLITE_WRITER !== 'off') sqlite.useWriterThread();
    store = sqlite;
  }
  const provisioningLog = new ProvisioningLog(store, {
    onError: (e) => logger.error({ err: String(e) }, 'provisioning log write failed'),
  });
  opened.add('the store', async () => {
    await provisioningLog.flush();
    await store.close();
  });
  return { store, provisioningLog, locks, leases, cluster, pools };
}

/** The audit log: beside the connector spaces (the SQLite file, or the cluster's PostgreSQL schema). */
export function openAuditStore(dataDir: string, storage: Storage): AuditLogStore {
  return storage.pools ? new PostgresAuditStore(storage.pools) : SqliteAuditStore.open(join(dataDir, 'space.db'));
}

/** Creates and opens the runtime of every configured connector. */
export async function openConnectors(
  config: HostConfig,
  storage: Storage,
  logger: Logger,
  metrics: HostMetrics,
  opened: OpenedResources,
): Promise<ConnectorRuntime[]> {
  const { store, provisioningLog, locks, leases } = storage;
  const h = config.host;
  const connectors: ConnectorRuntime[] = [];
  for (const cc of config.connectors) {
    const connector = createConnector(cc, h.dataDir, logger);
    const rt = new ConnectorRuntime(
      cc,
      connector,
      store,
      provisioningLog,
      logger,
      metrics,
      h.provisioningLog.logReads,
      locks,
      leases,
    );
    // Registered before open: an open that fails half-way may hold callers or files already.
    opened.add(`connector ${cc.name}`, () => rt.close());
    await rt.open();
    connectors.push(rt);
  }
  return connectors;
}

/** The HTTP or HTTPS server (loading or generating the certificate), not yet listening. */
export async function createServer(
  config: HostConfig,
  opts: { newCertificate?: boolean },
  listener: RequestListener,
): Promise<{ server: Server; certificate: CertificateInfo | undefined }> {
  const h = config.host;
  let server: Server;
  let certificate: CertificateInfo | undefined;
  if (h.http === true) {
    server = createHttpServer(listener);
  } else {
    const tls = await loadTlsOptions(h.tls, h.dataDir, h.hostName ?? hostname(), {
      replaceDamaged: opts.newCertificate === true,
    });
    certificate = tls.info;
    server = createHttpsServer(tls.options, listener) as unknown as Server;
  }
  server.keepAliveTimeout = 65_000; // longer than common client/proxy idle timeouts
  return { server, certificate };
}

/** Listens on the port; the listener is closed if a later step fails. */
export async function listen(server: Server, port: number, bindHost: string, opened: OpenedResources): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  opened.add('the listener', () => new Promise<void>((r) => server.close(() => r())));
}

/** The base URL clients use: a wildcard bind address is shown as localhost. */
export function baseUrlOf(server: Server, bindHost: string, useHttp: boolean): string {
  const port = (server.address() as AddressInfo).port;
  const shownHost =
    bindHost === '0.0.0.0' || bindHost === '::' ? 'localhost' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return `${useHttp ? 'http' : 'https'}://${shownHost}:${port}`;
}

function isLoopback(h: string): boolean {
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}
