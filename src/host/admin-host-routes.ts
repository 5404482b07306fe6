// Admin routes about the host itself: reload, the certificate, the configuration's JSON Schema.
import type { Hono } from 'hono';
import { ConfigError } from '../config/config-error.ts';
import { hostConfigJsonSchema } from '../config/host-config-json-schema.ts';
import type { AdminEnv } from './admin-auth.ts';
import { apiError } from './admin-error.ts';
import type { ActivityBucket } from '../space/log-activity.ts';
import type { CertificateDetails } from './cert-renewal.ts';
import type { ConfigOrigin, ReloadResult } from './reload.ts';

/** What the host does for these routes. */
export interface HostOperations {
  /** Reloads the configuration file; throws ConfigError when it is refused (nothing changed). `refresh`: reopen these. */
  reload(refresh?: readonly string[]): Promise<ReloadResult>;
  certificate(): CertificateDetails | undefined;
  renewCertificate(): Promise<CertificateDetails>;
  /** The configuration file the host was started from, if any. */
  origin(): ConfigOrigin | undefined;
  /** The host's base URL (https://host:port). */
  baseUrl(): string;
  /** Provisioning activity per bucket; undefined when the store cannot aggregate it. */
  activity(from: Date, to: Date, bucketSeconds: number): Promise<ActivityBucket[] | undefined>;
}

/** The answer to a refused or failed reload. */
export function reloadFailure(c: Parameters<typeof apiError>[0], e: unknown): Response {
  if (e instanceof ConfigError)
    return apiError(c, 'config_invalid', 'The configuration file was refused; the running one is kept.', [
      ...e.problems,
    ]);
  return apiError(
    c,
    'config_invalid',
    `The new configuration could not be applied (the running one is kept): ${e instanceof Error ? e.message : String(e)}`,
  );
}

/** POST /reload, GET /certificate, POST /certificate/renew, GET /config/schema. */
export function hostRoutes(app: Hono<AdminEnv>, ops: HostOperations): void {
  app.post('/reload', async (c) => {
    try {
      return c.json(await ops.reload());
    } catch (e) {
      return reloadFailure(c, e);
    }
  });
  app.get('/certificate', (c) => {
    const cert = ops.certificate();
    return cert ? c.json(cert) : c.json({ source: 'none', renewable: false });
  });
  app.post('/certificate/renew', async (c) => {
    const before = ops.certificate();
    if (!before?.renewable)
      return apiError(
        c,
        'admin_conflict',
        'Only a generated self-signed certificate can be renewed by the host; replace the configured files instead.',
      );
    const after = await ops.renewCertificate();
    c.set('audit', {
      object: 'certificate',
      before: { fingerprint256: before.fingerprint256, validTo: before.validTo },
      after: { fingerprint256: after.fingerprint256, validTo: after.validTo },
    });
    return c.json(after);
  });
  // The schema as committed for editors: keys the loader fills in (an object type's resource and dn) are optional.
  app.get('/config/schema', (c) => c.json(hostConfigJsonSchema()));
}
