import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import forge from 'node-forge';
import type { HostConfig } from '../config/host-config.ts';
import { CertificateKeeper } from './cert-renewal.ts';
import { createLogger } from './logger.ts';
import { HostMetrics } from './metrics.ts';

/** A self-signed certificate for localhost that expires in `days`. */
function expiringIn(days: number): { cert: string; key: string } {
  const k = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(k.publicKey);
  c.serialNumber = '01';
  c.validity.notBefore = new Date(Date.now() - 86_400_000);
  c.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  const subject = [{ name: 'commonName', value: 'localhost' }];
  c.setSubject(subject);
  c.setIssuer(subject);
  c.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }]);
  c.sign(forge.pki.privateKeyFromPem(k.privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(c), key: k.privateKey };
}

function setup(tls: HostConfig['host']['tls']) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-cert-'));
  let log = '';
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _e, cb) {
        log += chunk.toString();
        cb();
      },
    }),
  );
  const contexts: unknown[] = [];
  const server = { setSecureContext: (o: unknown) => contexts.push(o) } as unknown as Server;
  const config = { host: { dataDir, hostName: 'localhost', tls } } as unknown as HostConfig;
  const metrics = new HostMetrics();
  return { dataDir, keeper: new CertificateKeeper(config, server, logger, metrics), contexts, metrics, log: () => log };
}

test('a generated certificate close to its expiry is renewed and served without a restart', async () => {
  const s = setup(undefined);
  try {
    const old = expiringIn(10);
    mkdirSync(join(s.dataDir, 'tls'));
    writeFileSync(join(s.dataDir, 'tls', 'ferry-cert.pem'), old.cert);
    writeFileSync(join(s.dataDir, 'tls', 'ferry-key.pem'), old.key);
    const before = await s.keeper.load();
    assert.equal(before?.renewable, true);
    assert.ok((before?.expiresInSeconds ?? 0) < 11 * 86400);
    await s.keeper.check();
    const after = s.keeper.details();
    assert.notEqual(after?.fingerprint256, before?.fingerprint256);
    assert.ok((after?.expiresInSeconds ?? 0) > 700 * 86400);
    assert.equal(s.contexts.length, 1, 'the new pair is applied to the server');
    assert.notEqual(readFileSync(join(s.dataDir, 'tls', 'ferry-cert.pem'), 'utf8'), old.cert);
    assert.match(s.log(), /TLS certificate renewed/);
    const gauge = (await s.metrics.registry.getSingleMetric('ferry_tls_certificate_expiry_seconds')?.get())?.values[0];
    assert.ok((gauge?.value ?? 0) > 700 * 86400);
  } finally {
    rmSync(s.dataDir, { recursive: true, force: true });
  }
});

test('a configured certificate close to its expiry is warned of, not replaced', async () => {
  const pair = expiringIn(20);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cert-pem-'));
  writeFileSync(join(dir, 'c.pem'), pair.cert);
  writeFileSync(join(dir, 'k.pem'), pair.key);
  const s = setup({ cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') });
  try {
    const d = await s.keeper.load();
    assert.equal(d?.source, 'pem');
    assert.equal(d?.renewable, false);
    await s.keeper.check();
    assert.equal(s.contexts.length, 0);
    assert.match(s.log(), /expires in less than 30 days/);
    await assert.rejects(s.keeper.renew(), /Only a generated self-signed certificate/);
  } finally {
    rmSync(s.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
