import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import forge from 'node-forge';
import {
  GENERATED_CERT_FILE,
  GENERATED_KEY_FILE,
  TlsFileError,
  ensureSelfSignedCertificate,
  loadTlsOptions,
  type LoadedTls,
} from './tls.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A certificate signed by node-forge for `cn` (used to build PEM and PFX inputs). */
function makeCert(cn: string): {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  certPem: string;
  keyPem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer([{ name: 'commonName', value: cn }]);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: cn }] }]);
  cert.sign(key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

/** Starts an HTTPS server with `tls` on 127.0.0.1:0; returns its port and a closer. */
async function serve(tls: LoadedTls): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer(tls.options, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Handshakes with the server; resolves the negotiated protocol and cipher, rejects on failure. */
function handshake(port: number, opts: ConnectionOptions): Promise<{ protocol: string | null; cipher: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...opts }, () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
      socket.end();
      resolve(result);
    });
    socket.once('error', reject);
  });
}

test('the generated certificate names localhost, 127.0.0.1 and the host, with an RSA key of 2048 bits or more', async (t) => {
  const dir = tempDir(t);
  const c = await ensureSelfSignedCertificate(dir, 'ferry.example.test');
  assert.equal(c.generated, true);
  const x = new X509Certificate(c.certPem);
  const san = x.subjectAltName ?? '';
  assert.match(san, /DNS:ferry\.example\.test/);
  assert.match(san, /DNS:localhost/);
  assert.match(san, /IP Address:127\.0\.0\.1/);
  assert.equal(x.checkHost('localhost'), 'localhost');
  assert.equal(x.checkIP('::1'), '::1');
  assert.match(x.subject, /CN=ferry\.example\.test/);
  assert.ok((createPrivateKey(c.keyPem).asymmetricKeyDetails?.modulusLength ?? 0) >= 2048);
  assert.ok(x.checkPrivateKey(createPrivateKey(c.keyPem)));
  assert.equal(c.fingerprint256, x.fingerprint256);
  const days = (new Date(c.validTo).getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 700 && days < 740, `valid for ${days} days`);
  const parsed = forge.pki.certificateFromPem(c.certPem);
  assert.equal(parsed.siginfo.algorithmOid, forge.pki.oids.sha256WithRSAEncryption);
  const eku = parsed.getExtension('extKeyUsage') as { serverAuth?: boolean } | null;
  assert.equal(eku?.serverAuth, true);
  const ku = parsed.getExtension('keyUsage') as { digitalSignature?: boolean; keyEncipherment?: boolean } | null;
  assert.equal(ku?.digitalSignature, true);
  assert.equal(ku?.keyEncipherment, true);
  if (process.platform !== 'win32') {
    assert.equal(statSync(join(dir, 'tls', GENERATED_KEY_FILE)).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'tls', GENERATED_CERT_FILE)).mode & 0o777, 0o600);
  }
});

test('a second call reuses the same certificate and key', async (t) => {
  const dir = tempDir(t);
  const first = await ensureSelfSignedCertificate(dir, 'host-a');
  const second = await ensureSelfSignedCertificate(dir, 'host-a');
  assert.equal(second.generated, false);
  assert.equal(second.fingerprint256, first.fingerprint256);
  assert.equal(second.keyPem, first.keyPem);
});

test('a generated certificate close to expiry, or for another host name, is replaced', async (t) => {
  const dir = tempDir(t);
  const first = await ensureSelfSignedCertificate(dir, 'host-a');
  const other = await ensureSelfSignedCertificate(dir, 'host-b');
  assert.equal(other.generated, true);
  assert.notEqual(other.fingerprint256, first.fingerprint256);
  // Replace the certificate with one expiring in 3 days.
  const c = makeCert('host-b');
  c.cert.validity.notAfter = new Date(Date.now() + 3 * 86_400_000);
  c.cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: 'host-b' }] }]);
  c.cert.sign(c.key, forge.md.sha256.create());
  writeFileSync(join(dir, 'tls', GENERATED_CERT_FILE), forge.pki.certificateToPem(c.cert));
  writeFileSync(join(dir, 'tls', GENERATED_KEY_FILE), c.keyPem);
  const renewed = await ensureSelfSignedCertificate(dir, 'host-b');
  assert.equal(renewed.generated, true);
});

test("the HTTPS server accepts Entra's TLS 1.2 ECDHE suites and refuses TLS 1.1", async (t) => {
  const dir = tempDir(t);
  const tls = await loadTlsOptions(undefined, dir, 'ferry.example.test');
  assert.equal(tls.info.source, 'generated');
  assert.equal(tls.options.minVersion, 'TLSv1.2');
  assert.equal(tls.options.honorCipherOrder, true);
  const server = await serve(tls);
  t.after(() => server.close());
  const ca = new X509Certificate(tls.options.cert as string).toString();
  for (const cipher of [
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES128-SHA256',
    'ECDHE-RSA-AES256-SHA384',
  ]) {
    const r = await handshake(server.port, { ca, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: cipher });
    assert.equal(r.protocol, 'TLSv1.2');
    assert.equal(r.cipher, cipher);
  }
  const modern = await handshake(server.port, { ca });
  assert.equal(modern.protocol, 'TLSv1.3');
  await assert.rejects(
    handshake(server.port, { ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    // The server answers with a protocol_version alert (the client did offer TLS 1.1).
    (err: NodeJS.ErrnoException) => err.code === 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  );
  // Static-RSA key exchange (no forward secrecy) is not offered.
  await assert.rejects(
    handshake(server.port, { ca, maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' }),
    /handshake failure/,
  );
});

test('a PEM certificate and key load, and serve', async (t) => {
  const dir = tempDir(t);
  const c = makeCert('app.example.test');
  writeFileSync(join(dir, 'c.pem'), c.certPem);
  writeFileSync(join(dir, 'k.pem'), c.keyPem);
  const tls = await loadTlsOptions({ cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') }, dir, 'unused');
  assert.equal(tls.info.source, 'pem');
  assert.equal(tls.info.subjectAltName, 'DNS:app.example.test');
  assert.equal(tls.info.fingerprint256, new X509Certificate(c.certPem).fingerprint256);
  const server = await serve(tls);
  t.after(() => server.close());
  const r = await handshake(server.port, { ca: c.certPem, servername: 'app.example.test' });
  assert.ok(r.protocol);
});

test('an encrypted PEM key loads with its passphrase, and a wrong one names the key file only', async (t) => {
  const dir = tempDir(t);
  const c = makeCert('enc.example.test');
  const encrypted = createPrivateKey(c.keyPem).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: 'pem-pass-123',
  });
  writeFileSync(join(dir, 'c.pem'), c.certPem);
  writeFileSync(join(dir, 'k.pem'), encrypted);
  const ok = await loadTlsOptions(
    { cert: join(dir, 'c.pem'), key: join(dir, 'k.pem'), passphrase: 'pem-pass-123' },
    dir,
    'x',
  );
  assert.equal(ok.info.source, 'pem');
  await assert.rejects(
    loadTlsOptions({ cert: join(dir, 'c.pem'), key: join(dir, 'k.pem'), passphrase: 'not-it-999' }, dir, 'x'),
    (err: Error) => {
      assert.ok(err instanceof TlsFileError);
      assert.equal(err.file, join(dir, 'k.pem'));
      assert.match(err.message, /k\.pem/);
      assert.doesNotMatch(err.message, /not-it-999/);
      return true;
    },
  );
});

test('a PFX file loads with its passphrase, and a wrong passphrase is a clear error without the passphrase', async (t) => {
  const dir = tempDir(t);
  const c = makeCert('pfx.example.test');
  const asn1 = forge.pkcs12.toPkcs12Asn1(c.key, [c.cert], 'pfx-pass-123', { algorithm: '3des' });
  const pfxFile = join(dir, 'h.pfx');
  writeFileSync(pfxFile, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  const tls = await loadTlsOptions({ pfx: pfxFile, passphrase: 'pfx-pass-123' }, dir, 'unused');
  assert.equal(tls.info.source, 'pfx');
  assert.equal(tls.info.fingerprint256, new X509Certificate(c.certPem).fingerprint256);
  assert.match(tls.info.subjectAltName, /pfx\.example\.test/);
  const server = await serve(tls);
  t.after(() => server.close());
  const r = await handshake(server.port, {
    ca: c.certPem,
    servername: 'pfx.example.test',
    maxVersion: 'TLSv1.2',
    ciphers: 'ECDHE-RSA-AES256-SHA384',
  });
  assert.equal(r.cipher, 'ECDHE-RSA-AES256-SHA384');

  await assert.rejects(loadTlsOptions({ pfx: pfxFile, passphrase: 'wrong-secret-42' }, dir, 'x'), (err: Error) => {
    assert.ok(err instanceof TlsFileError);
    assert.match(err.message, /h\.pfx/);
    assert.match(err.message, /passphrase/);
    assert.doesNotMatch(err.message, /wrong-secret-42|pfx-pass-123/);
    return true;
  });
});

test('a missing certificate file is an error naming it', async (t) => {
  const dir = tempDir(t);
  const missing = join(dir, 'nope.pem');
  await assert.rejects(loadTlsOptions({ cert: missing, key: join(dir, 'k.pem') }, dir, 'x'), (err: Error) => {
    assert.ok(err instanceof TlsFileError);
    assert.equal(err.file, missing);
    assert.match(err.message, /nope\.pem.*ENOENT/);
    return true;
  });
  await assert.rejects(loadTlsOptions({ pfx: join(dir, 'gone.pfx') }, dir, 'x'), /gone\.pfx cannot be read \(ENOENT\)/);
});

test('a key that does not belong to the certificate is refused', async (t) => {
  const dir = tempDir(t);
  const a = makeCert('a.test');
  const b = makeCert('b.test');
  writeFileSync(join(dir, 'c.pem'), a.certPem);
  writeFileSync(join(dir, 'k.pem'), b.keyPem);
  await assert.rejects(
    loadTlsOptions({ cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') }, dir, 'x'),
    /does not match/,
  );
});

test('a damaged generated pair stops the start with a clear message and is left as it was', async (t) => {
  const dir = tempDir(t);
  const first = await ensureSelfSignedCertificate(dir, 'host-a');
  const keyFile = join(dir, 'tls', GENERATED_KEY_FILE);
  const certFile = join(dir, 'tls', GENERATED_CERT_FILE);
  writeFileSync(certFile, '-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n');
  await assert.rejects(ensureSelfSignedCertificate(dir, 'host-a'), (err: Error) => {
    assert.ok(err instanceof TlsFileError);
    assert.match(err.message, /damaged/);
    assert.match(err.message, /--new-certificate/);
    return true;
  });
  assert.equal(readFileSync(keyFile, 'utf8'), first.keyPem, 'the key is untouched');
  // Asked for, a new pair replaces it.
  const renewed = await ensureSelfSignedCertificate(dir, 'host-a', { replaceDamaged: true });
  assert.equal(renewed.generated, true);
  assert.notEqual(renewed.fingerprint256, first.fingerprint256);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
});

test('a directory where the certificate should be never costs the key, even with --new-certificate', async (t) => {
  const dir = tempDir(t);
  const first = await ensureSelfSignedCertificate(dir, 'host-a');
  const keyFile = join(dir, 'tls', GENERATED_KEY_FILE);
  const certFile = join(dir, 'tls', GENERATED_CERT_FILE);
  rmSync(certFile);
  mkdirSync(certFile);
  await assert.rejects(ensureSelfSignedCertificate(dir, 'host-a'), /damaged.*EISDIR/);
  await assert.rejects(ensureSelfSignedCertificate(dir, 'host-a', { replaceDamaged: true }), /is not a file/);
  assert.equal(readFileSync(keyFile, 'utf8'), first.keyPem, 'the key is untouched');
  assert.deepEqual(
    readdirSync(join(dir, 'tls')).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary files are left',
  );
});
