// Prometheus metrics of the host (text format at GET /metrics).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The host's metrics, on a registry of its own (several hosts can live in one process, as in tests). */
export class HostMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'ferry_scim_requests_total',
    help: 'SCIM requests by connector, method, resource and status',
    labelNames: ['connector', 'method', 'resource', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'ferry_scim_request_duration_seconds',
    help: 'SCIM request duration',
    labelNames: ['connector', 'method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly exports = new Counter({
    name: 'ferry_exports_total',
    help: 'Exports to applications by connector, kind and outcome',
    labelNames: ['connector', 'action', 'status'] as const,
    registers: [this.registry],
  });
  readonly imports = new Counter({
    name: 'ferry_imports_total',
    help: 'Imports by connector, kind and outcome',
    labelNames: ['connector', 'kind', 'status'] as const,
    registers: [this.registry],
  });
  readonly importedObjects = new Counter({
    name: 'ferry_imported_objects_total',
    help: 'Objects read by imports',
    labelNames: ['connector', 'object_type'] as const,
    registers: [this.registry],
  });
  readonly spaceObjects = new Gauge({
    name: 'ferry_space_objects',
    help: 'Objects in the connector space after the last import',
    labelNames: ['connector', 'object_type'] as const,
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'ferry_auth_failures_total',
    help: 'Requests refused for a missing or wrong token',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });

  readonly certificateExpiry = new Gauge({
    name: 'ferry_tls_certificate_expiry_seconds',
    help: 'Seconds until the TLS certificate the host serves expires (negative: expired)',
    registers: [this.registry],
  });

  readonly healthy = new Gauge({
    name: 'ferry_connector_healthy',
    help: '1 when the connector is healthy, 0 when degraded (see /health for why)',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly reachable = new Gauge({
    name: 'ferry_connector_application_reachable',
    help: '1 when the last call reached the application, 0 when it was unreachable, timed out or failed (5xx)',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly credentialsAccepted = new Gauge({
    name: 'ferry_connector_credentials_accepted',
    help: "1 when the application accepted the connector's credentials on the last call, 0 when it refused them",
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly lastImportTime = new Gauge({
    name: 'ferry_last_import_timestamp_seconds',
    help: 'When the last import ended (Unix time)',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly lastImportDuration = new Gauge({
    name: 'ferry_last_import_duration_seconds',
    help: 'How long the last import took',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly lastImportObjects = new Gauge({
    name: 'ferry_last_import_objects',
    help: 'Objects the last import read',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly lastImportSuccess = new Gauge({
    name: 'ferry_last_import_success',
    help: '1 when the last import succeeded, 0 when it failed',
    labelNames: ['connector'] as const,
    registers: [this.registry],
  });
  readonly exportErrors = new Counter({
    name: 'ferry_export_errors_total',
    help: 'Exports that failed, by connector and error code',
    labelNames: ['connector', 'code'] as const,
    registers: [this.registry],
  });
  readonly unexpectedErrors = new Counter({
    name: 'ferry_unexpected_errors_total',
    help: 'Unexpected errors (bugs) answered 500, each logged with its stack and request id',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ferry_' });
  }
}
