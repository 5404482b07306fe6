// What is known of one connector's application, from the calls Ferry really made: whether it was reachable,
// whether it accepted the connector's credentials, the last import and the last export error. /health and
// /metrics report it, so a host whose application refuses every call does not say "ok".
import { FerryError } from '../errors/catalogue.ts';
import type { HostMetrics } from './metrics.ts';

/** The last import as health reports it. */
export interface ImportHealth {
  kind: 'full' | 'delta';
  at: string;
  durationMs: number;
  objects: number;
  ok: boolean;
  error?: string;
}

/** The last export failure the application caused. */
export interface ExportErrorHealth {
  at: string;
  code: string;
  message: string;
}

/** One connector's health, as /health shows it. */
export interface ConnectorHealthReport {
  name: string;
  status: 'ok' | 'degraded';
  /** undefined until a call told. */
  reachable?: boolean;
  credentialsAccepted?: boolean;
  lastImport?: ImportHealth;
  lastExportError?: ExportErrorHealth;
  /** Why the connector is degraded. */
  problems: string[];
}

/** What a failure says about the application: unreachable, credentials refused, or it answered. */
function verdictOf(e: unknown): 'unreachable' | 'credentials' | 'answered' | 'unknown' {
  const code = e instanceof FerryError ? e.code : undefined;
  const kind = (e as { kind?: unknown } | undefined)?.kind;
  if (code === 'target_credentials' || kind === 'unauthorized') return 'credentials';
  if (code === 'target_unavailable' || kind === 'unavailable' || kind === 'timeout' || kind === 'invalidResponse')
    return 'unreachable';
  if (code?.startsWith('target_') || code === 'export_failed' || typeof kind === 'string') return 'answered';
  return 'unknown';
}

/** The health of one connector, kept up to date by its import and export engines. */
export class ConnectorHealth {
  private reachable?: boolean;
  private credentialsAccepted?: boolean;
  private lastImport?: ImportHealth;
  private lastExportError?: ExportErrorHealth;

  constructor(
    readonly name: string,
    private readonly metrics?: HostMetrics,
  ) {}

  /** A call to the application succeeded: it is reachable and accepts the credentials. */
  succeeded(): void {
    this.setReachable(true);
    this.setCredentials(true);
  }

  /** A call to the application failed with `e`. */
  failed(e: unknown): void {
    switch (verdictOf(e)) {
      case 'credentials':
        this.setReachable(true);
        this.setCredentials(false);
        break;
      case 'unreachable':
        this.setReachable(false);
        break;
      case 'answered':
        this.setReachable(true);
        this.setCredentials(true);
        break;
      case 'unknown':
        break;
    }
  }

  /** An export the application refused or could not take. */
  exportFailed(e: unknown): void {
    this.failed(e);
    const code = e instanceof FerryError ? e.code : 'internal';
    const message = e instanceof Error ? e.message : String(e);
    this.lastExportError = { at: new Date().toISOString(), code, message };
    this.metrics?.exportErrors.inc({ connector: this.name, code });
  }

  /** An import ended (ok or not). */
  imported(last: ImportHealth, error?: unknown): void {
    this.lastImport = last;
    if (last.ok) this.succeeded();
    else this.failed(error);
    const m = this.metrics;
    if (!m) return;
    const labels = { connector: this.name };
    m.lastImportTime.set(labels, Date.parse(last.at) / 1000);
    m.lastImportDuration.set(labels, last.durationMs / 1000);
    m.lastImportObjects.set(labels, last.objects);
    m.lastImportSuccess.set(labels, last.ok ? 1 : 0);
    this.publish();
  }

  /** The report /health shows. */
  report(): ConnectorHealthReport {
    const problems: string[] = [];
    if (this.reachable === false) problems.push('the application is unreachable or failing');
    if (this.credentialsAccepted === false) problems.push("the application refuses the connector's credentials");
    if (this.lastImport && !this.lastImport.ok) problems.push('the last import failed');
    return {
      name: this.name,
      status: problems.length ? 'degraded' : 'ok',
      ...(this.reachable === undefined ? {} : { reachable: this.reachable }),
      ...(this.credentialsAccepted === undefined ? {} : { credentialsAccepted: this.credentialsAccepted }),
      ...(this.lastImport ? { lastImport: this.lastImport } : {}),
      ...(this.lastExportError ? { lastExportError: this.lastExportError } : {}),
      problems,
    };
  }

  private setReachable(v: boolean): void {
    this.reachable = v;
    this.publish();
  }

  private setCredentials(v: boolean): void {
    this.credentialsAccepted = v;
    this.publish();
  }

  private publish(): void {
    const m = this.metrics;
    if (!m) return;
    const labels = { connector: this.name };
    if (this.reachable !== undefined) m.reachable.set(labels, this.reachable ? 1 : 0);
    if (this.credentialsAccepted !== undefined) m.credentialsAccepted.set(labels, this.credentialsAccepted ? 1 : 0);
    m.healthy.set(labels, this.report().status === 'ok' ? 1 : 0);
  }
}
