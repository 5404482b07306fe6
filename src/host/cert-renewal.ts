// The certificate the host serves: what it is (subject, SAN, expiry) for /health, /metrics and the admin API, a
// warning in the log 30 days before it expires, and renewal of a generated self-signed certificate, automatically
// before it expires or on demand, applied with server.setSecureContext so no connection is dropped.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server as HttpsServer } from 'node:https';
import type { HostConfig } from '../config/host-config.ts';
import type { Logger } from './logger.ts';
import type { HostMetrics } from './metrics.ts';
import { ensureSelfSignedCertificate, GENERATED_CERT_FILE, tlsProtocolOptions } from './tls.ts';

const DAY_MS = 86_400_000;
/** The log warns of an expiry this close. */
export const WARN_DAYS = 30;
/** A generated certificate is renewed this close to its expiry. */
const AUTO_RENEW_DAYS = 30;
/** How often the expiry is looked at. */
const CHECK_EVERY_MS = 6 * 3_600_000;

/** What the console and /health show of the certificate. */
export interface CertificateDetails {
  source: 'generated' | 'pem' | 'pfx';
  subject: string;
  issuer: string;
  subjectAltName: string;
  validFrom: string;
  validTo: string;
  expiresInSeconds: number;
  fingerprint256: string;
  /** Only a generated certificate can be renewed by the host. */
  renewable: boolean;
}

/** Details of a PEM certificate. */
export function detailsOf(source: CertificateDetails['source'], pem: string | Buffer): CertificateDetails {
  const x = new X509Certificate(pem);
  const validTo = new Date(x.validTo);
  return {
    source,
    subject: x.subject.replaceAll('\n', ', '),
    issuer: x.issuer.replaceAll('\n', ', '),
    subjectAltName: x.subjectAltName ?? '',
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    expiresInSeconds: Math.round((validTo.getTime() - Date.now()) / 1000),
    fingerprint256: x.fingerprint256,
    renewable: source === 'generated',
  };
}

/** Keeps track of the served certificate; renews a generated one. */
export class CertificateKeeper {
  private current: CertificateDetails | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: HostConfig,
    private readonly server: HttpsServer,
    private readonly logger: Logger,
    private readonly metrics: HostMetrics,
  ) {}

  /** Reads the certificate in use (undefined for plain HTTP or a PFX whose details are not read). */
  async load(): Promise<CertificateDetails | undefined> {
    const h = this.config.host;
    if (h.http) return undefined;
    const tls = h.tls;
    if (tls && 'pfx' in tls) return undefined;
    const file = tls ? tls.cert : join(h.dataDir, 'tls', GENERATED_CERT_FILE);
    this.set(detailsOf(tls ? 'pem' : 'generated', await readFile(file)));
    return this.current;
  }

  /** The certificate's details with the expiry counted now. */
  details(): CertificateDetails | undefined {
    const c = this.current;
    if (!c) return undefined;
    return { ...c, expiresInSeconds: Math.round((Date.parse(c.validTo) - Date.now()) / 1000) };
  }

  /** Makes a new self-signed certificate and serves it from now on (connections open keep theirs). */
  async renew(): Promise<CertificateDetails> {
    const h = this.config.host;
    if (!this.current?.renewable)
      throw new Error(
        'Only a generated self-signed certificate can be renewed by the host; replace the files instead.',
      );
    const pair = await ensureSelfSignedCertificate(h.dataDir, h.hostName ?? 'localhost', { renew: true });
    this.server.setSecureContext({ ...tlsProtocolOptions(), cert: pair.certPem, key: pair.keyPem });
    this.set(detailsOf('generated', pair.certPem));
    this.logger.info({ validTo: pair.validTo, fingerprint256: pair.fingerprint256 }, 'TLS certificate renewed');
    return this.current as CertificateDetails;
  }

  /** Checks now and every 6 hours: warns of a near expiry; renews a generated certificate that is close. */
  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One check (exposed for tests through start()). */
  async check(): Promise<void> {
    const c = this.details();
    if (!c) return;
    this.metrics.certificateExpiry.set(c.expiresInSeconds);
    const days = c.expiresInSeconds / (DAY_MS / 1000);
    if (c.renewable && days < AUTO_RENEW_DAYS) {
      await this.renew().catch((e) => this.logger.error({ err: String(e) }, 'TLS certificate renewal failed'));
      return;
    }
    if (days < WARN_DAYS)
      this.logger.warn(
        { validTo: c.validTo, days: Math.floor(days) },
        'the TLS certificate expires in less than 30 days: replace it',
      );
  }

  private set(d: CertificateDetails): void {
    this.current = d;
    this.metrics.certificateExpiry.set(d.expiresInSeconds);
  }
}
