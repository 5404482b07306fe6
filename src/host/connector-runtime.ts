// One running connector: its connector instance, object types, export and import engines, SCIM services and
// autosync timer.
import type { ConnectorConfig } from '../config/host-config.ts';
import type { Connector } from '../connector/types.ts';
import type { ResourceService } from '../scim/resource-service.ts';
import { InProcessLocks, type ObjectLocks } from '../space/object-locks.ts';
import type { SpaceStore } from '../space/store.ts';
import { LocalLeases, type WorkLeases } from '../space/work-leases.ts';
import { ExportEngine } from '../sync/export-engine.ts';
import { DeletionsHeldError } from '../sync/deletion-threshold.ts';
import { ImportEngine, type ImportProgress, type ImportReport, type ImportRunOptions } from '../sync/import-engine.ts';
import type { ProvisioningSink } from '../sync/provisioning-log.ts';
import { ScimResourceService } from '../sync/scim-resource-service.ts';
import { FerryError, importRecommendation, type ErrorCode } from '../errors/catalogue.ts';
import { ConnectorHealth } from './connector-health.ts';
import type { Logger } from './logger.ts';
import type { HostMetrics } from './metrics.ts';
import { setupObjectType, type ObjectTypeSetup } from './object-type-setup.ts';

/** How often a host of a cluster looks whether a connector's import is due and its lease free. */
const LEASE_POLL_MS = Number(process.env.FERRY_LEASE_POLL_MS) || 5_000;

/** State of the last import, for /health and the admin API. */
export interface ImportStatus {
  running: boolean;
  last?: {
    kind: 'full' | 'delta';
    at: string;
    ok: boolean;
    durationMs: number;
    error?: string;
    objects: number;
    /** Removals held over the deletion threshold, per object type: waiting for `--allow-deletes`. */
    held?: Record<string, number>;
  };
}

/** A connector as the host runs it. */
export class ConnectorRuntime {
  readonly services: ResourceService[] = [];
  readonly setups: ObjectTypeSetup[] = [];
  readonly importStatus: ImportStatus = { running: false };
  /** What the calls to the application said of it (for /health and /metrics). */
  readonly health: ConnectorHealth;
  private importer!: ImportEngine;
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly config: ConnectorConfig,
    readonly connector: Connector,
    private readonly store: SpaceStore,
    private readonly log: ProvisioningSink,
    private readonly logger: Logger,
    private readonly metrics: HostMetrics,
    private readonly logReads: boolean,
    private readonly locks: ObjectLocks = new InProcessLocks(),
    private readonly leases: WorkLeases = new LocalLeases(),
  ) {
    this.health = new ConnectorHealth(config.name, metrics);
  }

  /** Opens the connector and builds every object type; throws SetupError on a configuration mismatch. */
  async open(): Promise<void> {
    await this.connector.open();
    const types = await this.connector.schema();
    const caps = this.config.capabilities;
    const engine = new ExportEngine(
      this.config.name,
      this.connector,
      this.store,
      {
        exportType: caps.exportType,
        objectConfirmation: caps.objectConfirmation,
        objectRename: caps.objectRename,
        exportEnabled: caps.export,
        exportPasswordInFirstPass: caps.exportPasswordInFirstPass,
      },
      this.health,
    );
    // Reference attributes of every type: a deleted object is removed from them in the space at once.
    engine.references = types.flatMap((t) =>
      t.attributes
        .filter((a) => a.type === 'reference' && a.referenceTo)
        .map((a) => ({ objectType: t.name, attribute: a.name, referenceTo: a.referenceTo as string })),
    );
    this.importer = new ImportEngine(
      this.config.name,
      this.connector,
      this.store,
      this.config.pageSize,
      this.config.deletionThreshold,
    );
    for (const ot of this.config.objectTypes) {
      const s = setupObjectType(this.config, ot, types);
      if (this.setups.some((x) => x.info.endpoint.toLowerCase() === s.info.endpoint.toLowerCase())) {
        throw new Error(`connector ${this.config.name}: two object types are served at ${s.info.endpoint}.`);
      }
      this.setups.push(s);
      await this.store.configureIndex(this.config.name, s.runtime.name, s.indexed);
      this.services.push(
        new ScimResourceService({
          connector: this.config.name,
          type: s.info,
          runtime: s.runtime,
          mapper: s.mapper,
          deprovisioning: ot.deprovisioning,
          store: this.store,
          engine,
          log: this.log,
          logReads: this.logReads,
          indexedPaths: s.indexedPaths,
          locks: this.locks,
        }),
      );
    }
  }

  /** Runs a full or delta import of every object type (joins one already running). */
  async runImport(
    kind: 'full' | 'delta',
    onProgress?: (p: ImportProgress) => void,
    opts: ImportRunOptions = {},
    /** Also abandons the import (between pages) when it aborts: the import lease passed to another host. */
    leaseLost?: AbortSignal,
  ): Promise<ImportReport> {
    if (!this.config.capabilities.import) throw new Error(`Import is disabled for connector ${this.config.name}.`);
    const t0 = Date.now();
    this.importStatus.running = true;
    try {
      const report = await this.importer.run(
        kind,
        this.setups.map((s) => s.runtime),
        onProgress,
        leaseLost ? AbortSignal.any([this.abort.signal, leaseLost]) : this.abort.signal,
        opts,
      );
      const objects = report.types.reduce((n, t) => n + t.objects, 0);
      this.importStatus.last = { kind, at: new Date().toISOString(), ok: true, durationMs: report.durationMs, objects };
      this.health.imported(this.importStatus.last);
      this.metrics.imports.inc({ connector: this.config.name, kind, status: 'success' });
      for (const t of report.types) {
        this.metrics.importedObjects.inc({ connector: this.config.name, object_type: t.objectType }, t.objects);
        this.metrics.spaceObjects.set(
          { connector: this.config.name, object_type: t.objectType },
          await this.store.count(this.config.name, t.objectType),
        );
      }
      this.log.record({
        time: new Date().toISOString(),
        connector: this.config.name,
        objectType: report.types.map((t) => t.objectType).join(','),
        action: `import-${kind}`,
        status: 'success',
        durationMs: report.durationMs,
        steps: report.types.map((t) => ({
          name: t.objectType,
          durationMs: 0,
          detail: `${t.objects} read, ${t.added} added, ${t.updated} updated, ${t.removed} removed`,
        })),
      });
      this.logger.info(
        { connector: this.config.name, kind, durationMs: report.durationMs, types: report.types },
        'import finished',
      );
      return report;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const held = e instanceof DeletionsHeldError ? e : undefined;
      this.importStatus.last = {
        kind,
        at: new Date().toISOString(),
        ok: false,
        durationMs: Date.now() - t0,
        error: message,
        objects: 0,
        ...(held ? { held: Object.fromEntries(held.held.map((h) => [h.objectType, h.wouldRemove])) } : {}),
      };
      this.health.imported(this.importStatus.last, e);
      this.metrics.imports.inc({ connector: this.config.name, kind, status: 'failure' });
      this.log.record({
        time: new Date().toISOString(),
        connector: this.config.name,
        objectType: '*',
        action: `import-${kind}`,
        status: 'failure',
        durationMs: Date.now() - t0,
        error: held
          ? {
              code: 'deletions_held' satisfies ErrorCode,
              message,
              recommendation: `Check the application: if it really lost these objects, run "ferry import ${this.config.name} --allow-deletes"; otherwise fix it and import again (the connector space kept every object).`,
            }
          : {
              code: 'import_failed' satisfies ErrorCode,
              message,
              recommendation: importRecommendation(e),
            },
      });
      this.logger.error({ connector: this.config.name, kind, err: message }, 'import failed');
      throw e;
    } finally {
      this.importStatus.running = this.importer.busy;
    }
  }

  /**
   * Starts an import an operator asked for (admin API, console, `ferry import`). In a cluster it first takes the
   * connector's import lease, as scheduled imports do, so that it never races another host's import: refused
   * with import_leased, naming the holder, when another host (or this one's scheduled run) holds it. Resolves
   * once the import runs; `report` settles when it ends.
   */
  async startImport(
    kind: 'full' | 'delta',
    onProgress?: (p: ImportProgress) => void,
    opts: ImportRunOptions = {},
  ): Promise<{ report: Promise<ImportReport> }> {
    if (!this.leases.shared || this.importer.busy) return { report: this.runImport(kind, onProgress, opts) };
    const claim = await this.leases.claimNow(importLeaseName(this.config.name));
    if ('holder' in claim) {
      throw new FerryError(
        'import_leased',
        `An import of connector ${this.config.name} is running on host ${claim.holder}; this one was not started.`,
      );
    }
    const report = claim.lease.run((lost) => this.runImport(kind, onProgress, opts, lost), this.abort.signal);
    return { report };
  }

  /** True when the hosts of a cluster share this connector's scheduled imports (see startTimer). */
  get importsShared(): boolean {
    return this.leases.shared;
  }

  /**
   * Starts the autosync timer (periodic full import). With a shared store, the imports are the cluster's: the
   * host polls for the import lease now and every few seconds, and imports when it gets it and one is due
   * (never done, the autosync period passed, or its holder died). `firstLeasePoll` settles when the first poll
   * (and the import it ran, if any) has.
   */
  startTimer(): void {
    const minutes = this.config.autosyncMinutes;
    if (this.timer) clearInterval(this.timer);
    if (!this.config.capabilities.import) return;
    if (this.leases.shared) {
      this.timer = setInterval(() => void this.pollImportLease(), LEASE_POLL_MS);
      this.timer.unref();
      this.firstLeasePoll = this.pollImportLease();
      return;
    }
    if (!minutes) return;
    this.timer = setInterval(() => {
      this.runImport('full').catch(() => undefined); // already logged
    }, minutes * 60_000);
    this.timer.unref();
  }

  private polling = false;
  /** Settles when the first poll for the import lease (and its import, if it ran one) has settled. */
  firstLeasePoll: Promise<void> = Promise.resolve();

  /** Takes the import lease if free and due, and imports under it. */
  private async pollImportLease(): Promise<void> {
    if (this.polling || this.importer.busy || this.abort.signal.aborted) return;
    this.polling = true;
    const minutes = this.config.autosyncMinutes;
    await this.leases
      .runIfDue(
        importLeaseName(this.config.name),
        minutes ? minutes * 60_000 : undefined,
        (lost) => this.runImport('full', undefined, {}, lost),
        this.abort.signal,
      )
      // A failed import is logged by runImport; an unreachable database is reported by the requests needing it.
      .catch(() => undefined)
      .finally(() => {
        this.polling = false;
      });
  }

  /** Stops the timer, abandons a running import between pages, closes the connector. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    await this.connector.close().catch(() => undefined);
  }
}

/** The lease under which a connector's imports run, scheduled or asked for, one host at a time. */
function importLeaseName(connector: string): string {
  return `import:${connector}`;
}
