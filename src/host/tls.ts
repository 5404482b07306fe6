// The HTTPS server's TLS settings: a given PEM pair or PFX file, or a self-signed certificate generated and kept
// in dataDir/tls; TLS 1.2+ with the ECDHE suites Entra's cloud SCIM client needs.
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { ServerOptions } from 'node:https';
import { Socket, isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { TLSSocket, createSecureContext } from 'node:tls';
import forge from 'node-forge';
import type { TlsConfig } from '../config/host-config.ts';

/**
 * Cipher suites offered: TLS 1.3 defaults, then for TLS 1.2 ECDHE (ECDSA and RSA) with AES-GCM, ChaCha20 and
 * AES-CBC with SHA-256/384 (Entra's cloud client uses the GCM and CBC ones).
 */
export const FERRY_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
].join(':');

/** File names of the generated certificate and key inside dataDir/tls. */
export const GENERATED_CERT_FILE = 'ferry-cert.pem';
/** File name of the generated private key inside dataDir/tls. */
export const GENERATED_KEY_FILE = 'ferry-key.pem';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A generated certificate is replaced when it expires within this many days. */
const RENEW_BEFORE_DAYS = 7;
const VALID_DAYS = 730;
const MIN_RSA_BITS = 2048;

/** The self-signed certificate in use. */
export interface SelfSignedCertificate {
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint, colon-separated hex (as browsers and `openssl x509 -fingerprint -sha256` show it). */
  fingerprint256: string;
  /** Expiry, ISO 8601. */
  validTo: string;
  /** True when created by this call, false when reused from an earlier start. */
  generated: boolean;
}

/** Facts about the certificate a server presents (for the start-up log). */
export interface TlsInfo {
  source: 'generated' | 'pem' | 'pfx';
  fingerprint256: string;
  /** Expiry, ISO 8601. */
  validTo: string;
  /** As X509Certificate.subjectAltName shows it, e.g. `DNS:host, DNS:localhost, IP Address:127.0.0.1`. */
  subjectAltName: string;
}

/** HTTPS server options and what they present. */
export interface LoadedTls {
  options: ServerOptions;
  info: TlsInfo;
}

/** A certificate, key or PFX file that cannot be used; names the file, never a passphrase. */
export class TlsFileError extends Error {
  override readonly name: string = 'TlsFileError';
  /** The file at fault. */
  readonly file: string;

  constructor(file: string, message: string, cause?: unknown) {
    super(`TLS: ${message}`, cause === undefined ? undefined : { cause });
    this.file = file;
  }
}

/** The protocol settings every Ferry HTTPS server uses. */
export function tlsProtocolOptions(): ServerOptions {
  return { minVersion: 'TLSv1.2', ciphers: FERRY_CIPHERS, honorCipherOrder: true };
}

/** How the generated certificate is handled. */
export interface GeneratedCertificateOptions {
  /**
   * Replace a damaged generated pair (unreadable, not PEM, key not matching) with a new one. Off by default: a new
   * certificate has a new fingerprint that clients trusting the old one (Entra) refuse, so the operator decides
   * (`ferry serve --new-certificate`).
   */
  replaceDamaged?: boolean;
  /** Make a new pair even when the one on disk could serve longer (renewal on demand). */
  renew?: boolean;
}

/**
 * The self-signed certificate of `dataDir/tls` for `hostName`: reused while it is valid for more than 7 days,
 * matches its key and names the host; otherwise a new one (RSA 2048, SHA-256, 2 years) replaces it. A damaged pair
 * stops the start with a TlsFileError unless `replaceDamaged`. Key material is never overwritten before the new
 * pair is complete on disk.
 */
export async function ensureSelfSignedCertificate(
  dataDir: string,
  hostName: string,
  opts: GeneratedCertificateOptions = {},
): Promise<SelfSignedCertificate> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, GENERATED_CERT_FILE);
  const keyFile = join(dir, GENERATED_KEY_FILE);
  const existing = opts.renew ? {} : await readReusable(certFile, keyFile, hostName);
  if (existing.pair) return existing.pair;
  if (existing.damaged && !opts.replaceDamaged)
    throw new TlsFileError(
      existing.damaged.file,
      `the generated certificate in ${dir} is damaged (${existing.damaged.why}). Restore ${GENERATED_CERT_FILE} and ${GENERATED_KEY_FILE} from a backup, or start with --new-certificate to make a new one (its new fingerprint must then be trusted by every client).`,
    );

  const { certPem, keyPem } = generateSelfSigned(hostName);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writePairAtomically(certFile, certPem, keyFile, keyPem);
  const x = new X509Certificate(certPem);
  return { certPem, keyPem, fingerprint256: x.fingerprint256, validTo: isoDate(x.validTo), generated: true };
}

/**
 * HTTPS options for the configured certificate (PEM pair or PFX), or for the generated self-signed one when
 * `tls` is absent. Throws a TlsFileError naming the file when a file is missing, unreadable or does not decrypt.
 */
export async function loadTlsOptions(
  tls: TlsConfig | undefined,
  dataDir: string,
  hostName: string,
  generated: GeneratedCertificateOptions = {},
): Promise<LoadedTls> {
  if (!tls) {
    const c = await ensureSelfSignedCertificate(dataDir, hostName, generated);
    const x = new X509Certificate(c.certPem);
    return {
      options: { ...tlsProtocolOptions(), cert: c.certPem, key: c.keyPem },
      info: {
        source: 'generated',
        fingerprint256: c.fingerprint256,
        validTo: c.validTo,
        subjectAltName: x.subjectAltName ?? '',
      },
    };
  }
  if ('pfx' in tls) return loadPfx(resolve(tls.pfx), tls.passphrase);
  return loadPem(resolve(tls.cert), resolve(tls.key), tls.passphrase);
}

async function loadPem(certFile: string, keyFile: string, passphrase: string | undefined): Promise<LoadedTls> {
  const certPem = await readTlsFile(certFile, 'certificate file');
  const keyPem = await readTlsFile(keyFile, 'key file');
  let x: X509Certificate;
  try {
    x = new X509Certificate(certPem);
  } catch (err) {
    throw new TlsFileError(certFile, `certificate file ${certFile} holds no PEM certificate`, err);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) });
  } catch (err) {
    const why =
      /PRIVATE KEY-----/.test(keyPem) && /ENCRYPTED/.test(keyPem)
        ? 'wrong or missing passphrase'
        : 'not a PEM private key';
    throw new TlsFileError(keyFile, `key file ${keyFile} cannot be used (${why})`, err);
  }
  if (!x.checkPrivateKey(key))
    throw new TlsFileError(keyFile, `key file ${keyFile} does not match certificate file ${certFile}`);
  const options: ServerOptions = {
    ...tlsProtocolOptions(),
    cert: certPem,
    key: keyPem,
    ...(passphrase === undefined ? {} : { passphrase }),
  };
  checkContext(options, certFile);
  return { options, info: infoOf('pem', x) };
}

async function loadPfx(pfxFile: string, passphrase: string | undefined): Promise<LoadedTls> {
  const pfx = await readTlsFile(pfxFile, 'PFX file', null);
  const options: ServerOptions = { ...tlsProtocolOptions(), pfx, ...(passphrase === undefined ? {} : { passphrase }) };
  const context = checkContext(options, pfxFile);
  const socket = new TLSSocket(new Socket(), { isServer: true, secureContext: context });
  const raw = socket.getCertificate();
  socket.destroy();
  if (!raw || !('raw' in raw) || !raw.raw) throw new TlsFileError(pfxFile, `PFX file ${pfxFile} holds no certificate`);
  return { options, info: infoOf('pfx', new X509Certificate(raw.raw)) };
}

/** Builds the secure context once, so that a bad file fails at start with its name rather than at the first client. */
function checkContext(options: ServerOptions, file: string): ReturnType<typeof createSecureContext> {
  try {
    return createSecureContext(options);
  } catch (err) {
    const reason = (err as Error).message;
    const what = options.pfx ? `PFX file ${file}` : `certificate file ${file}`;
    const hint = /mac verify|bad decrypt/i.test(reason) ? 'wrong passphrase or damaged file' : reason;
    throw new TlsFileError(file, `${what} cannot be used (${hint})`, err);
  }
}

async function readTlsFile(file: string, what: string): Promise<string>;
async function readTlsFile(file: string, what: string, encoding: null): Promise<Buffer>;
async function readTlsFile(file: string, what: string, encoding: 'utf8' | null = 'utf8'): Promise<string | Buffer> {
  try {
    return encoding ? await readFile(file, encoding) : await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new TlsFileError(file, `${what} ${file} cannot be read (${code})`, err);
  }
}

function infoOf(source: TlsInfo['source'], x: X509Certificate): TlsInfo {
  return {
    source,
    fingerprint256: x.fingerprint256,
    validTo: isoDate(x.validTo),
    subjectAltName: x.subjectAltName ?? '',
  };
}

/** What is on disk: a pair to reuse, nothing (or one due for renewal), or a damaged pair and why. */
interface ExistingPair {
  pair?: SelfSignedCertificate;
  damaged?: { file: string; why: string };
}

/** The generated pair when it can serve for more than 7 days more; whether what is there is damaged otherwise. */
async function readReusable(certFile: string, keyFile: string, hostName: string): Promise<ExistingPair> {
  const certPem = await readIfThere(certFile);
  const keyPem = await readIfThere(keyFile);
  if (certPem === undefined && keyPem === undefined) return {};
  if (typeof certPem !== 'string')
    return { damaged: { file: certFile, why: `${certFile}: ${certPem?.code ?? 'missing'}` } };
  if (typeof keyPem !== 'string')
    return { damaged: { file: keyFile, why: `${keyFile}: ${keyPem?.code ?? 'missing'}` } };
  let x: X509Certificate;
  let key: KeyObject;
  try {
    x = new X509Certificate(certPem);
  } catch {
    return { damaged: { file: certFile, why: `${certFile} holds no PEM certificate` } };
  }
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return { damaged: { file: keyFile, why: `${keyFile} holds no PEM private key` } };
  }
  if (!x.checkPrivateKey(key)) return { damaged: { file: keyFile, why: 'the key does not match the certificate' } };
  // Renewal is routine: a certificate about to expire, for another host name or with a weak key is replaced.
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const namesHost = isIP(hostName) ? x.checkIP(hostName) !== undefined : x.checkHost(hostName) !== undefined;
  const fresh = new Date(x.validTo).getTime() - Date.now() > RENEW_BEFORE_DAYS * DAY_MS;
  if (!fresh || !namesHost || bits < MIN_RSA_BITS) return {};
  return {
    pair: { certPem, keyPem, fingerprint256: x.fingerprint256, validTo: isoDate(x.validTo), generated: false },
  };
}

/** The file's text; undefined when absent; the error when it cannot be read (a directory, no permission). */
async function readIfThere(file: string): Promise<string | NodeJS.ErrnoException | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code === 'ENOENT' ? undefined : err;
  }
}

/** A new RSA 2048 key (native) and a self-signed server certificate for it (node-forge). */
function generateSelfSigned(hostName: string): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: MIN_RSA_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serialNumber();
  const notBefore = new Date(Date.now() - 5 * 60 * 1000); // tolerate clients whose clock is a little behind
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + VALID_DAYS * DAY_MS);
  const subject = [
    { name: 'commonName', value: hostName.slice(0, 64) },
    { name: 'organizationName', value: 'Ferry (self-signed)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: altNames(hostName) },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

/** SAN entries: the host name (DNS or IP), localhost, 127.0.0.1 and ::1, without repeats. */
function altNames(hostName: string): { type: number; value?: string; ip?: string }[] {
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const name of [hostName, 'localhost', '127.0.0.1', '::1']) {
    if (isIP(name)) ips.add(name);
    else dns.add(name.toLowerCase());
  }
  return [...[...dns].map((value) => ({ type: 2, value })), ...[...ips].map((ip) => ({ type: 7, ip }))];
}

/** A random positive 128-bit serial number, as hex. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/**
 * Writes a certificate and its key, readable by their owner only: both go to temporary files first and replace the
 * old pair only once complete, so a failure (a full disk, a directory in the way) leaves the old key untouched.
 */
async function writePairAtomically(certFile: string, certPem: string, keyFile: string, keyPem: string): Promise<void> {
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const temps = [`${certFile}${suffix}`, `${keyFile}${suffix}`];
  try {
    for (const [file, text] of [
      [temps[0], certPem],
      [temps[1], keyPem],
    ]) {
      await writeFile(file, text, { mode: 0o600, flag: 'wx' });
      await chmod(file, 0o600);
    }
    for (const target of [certFile, keyFile]) {
      const s = await stat(target).catch(() => undefined);
      if (s && !s.isFile())
        throw new TlsFileError(target, `${target} is not a file: the new certificate cannot be kept`);
    }
    await rename(temps[0], certFile);
    await rename(temps[1], keyFile);
  } finally {
    await Promise.all(temps.map((f) => rm(f, { force: true })));
  }
}

function isoDate(x509Date: string): string {
  const d = new Date(x509Date);
  return Number.isNaN(d.getTime()) ? x509Date : d.toISOString();
}
