// The host over real TLS: the generated certificate (SAN, key size, reuse) and a client that verifies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, TOKEN } from '../helpers/test-host.ts';

function certFile(dataDir: string): string {
  const dir = join(dataDir, 'tls');
  const f = readdirSync(dir).find((n) => n.includes('cert'));
  assert.ok(f, 'certificate kept in the data folder');
  return join(dir, f!);
}

test('first start generates a certificate (SAN, RSA ≥ 2048, TLS 1.2+), a verifying client gets in, restart reuses it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-tls-'));
  try {
    const t = await startTestHost({ tls: true, dataDir });
    const pem = readFileSync(certFile(dataDir), 'utf8');
    const x = new X509Certificate(pem);
    assert.match(x.subjectAltName ?? '', /DNS:localhost/);
    assert.match(x.subjectAltName ?? '', /DNS:ferry-test\.local/);
    assert.match(x.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.ok((x.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048);
    assert.equal(t.host.certificate?.fingerprint256, x.fingerprint256);

    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `https://localhost:${t.host.port}/connectors/APP1/scim/ServiceProviderConfig`,
        { ca: pem, headers: { Authorization: `Bearer ${TOKEN}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);

    const proto = await new Promise<string>((resolve, reject) => {
      const s = connect(
        {
          host: '127.0.0.1',
          port: t.host.port,
          ca: pem,
          servername: 'localhost',
          maxVersion: 'TLSv1.2',
          ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
        },
        () => {
          resolve(`${s.getProtocol()} ${s.getCipher().name}`);
          s.end();
        },
      );
      s.on('error', reject);
    });
    assert.equal(proto, 'TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384');

    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(
        { host: '127.0.0.1', port: t.host.port, rejectUnauthorized: false, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' },
        () => {
          s.end();
          resolve(false);
        },
      );
      s.on('error', () => resolve(true));
    });
    assert.equal(refused, true, 'TLS 1.1 is refused');
    await t.stop({ keepData: true });

    const again = await startTestHost({ tls: true, dataDir });
    assert.equal(again.host.certificate?.fingerprint256, x.fingerprint256, 'the certificate is reused');
    await again.stop({ keepData: true });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
