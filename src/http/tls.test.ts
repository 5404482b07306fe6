// TLS: a server certificate from a private CA, and a server that requires a client certificate.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { HttpService } from './client.ts';
import { HttpCallError } from './http-call-error.ts';
import { createTestCa, type CertKey, type TestCa } from '../test-support/pki.ts';
import { sendJson, startTestServer, type TestServer } from '../test-support/http-server.ts';

let ca: TestCa;
let server: CertKey;
let client: CertKey;
let rogueClient: CertKey;

before(() => {
  ca = createTestCa();
  server = ca.issueServer();
  client = ca.issueClient('ferry-client');
  rogueClient = createTestCa('Rogue CA').issueClient('ferry-client');
});

async function mtlsServer(): Promise<TestServer> {
  return startTestServer(
    (req, res) => {
      const peer = (req.raw.socket as TLSSocket).getPeerCertificate();
      sendJson(res, 200, { cn: peer.subject?.CN });
    },
    { ...server, ca: ca.cert, requestCert: true, rejectUnauthorized: true },
  );
}

async function failure(p: Promise<unknown>): Promise<HttpCallError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof HttpCallError, `expected an HttpCallError, got ${String(e)}`);
  return e;
}

test('a server certificate from a custom CA is trusted through tls.ca', async () => {
  const srv = await startTestServer((_req, res) => sendJson(res, 200, { ok: true }), server);
  const svc = new HttpService({ baseUrl: srv.url, tls: { ca: ca.cert } });
  try {
    const res = await svc.request({ method: 'GET', path: '/x' });
    assert.deepEqual(res.json, { ok: true });
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('an untrusted server certificate fails at once, as unavailable, with the reason', async () => {
  const srv = await startTestServer((_req, res) => sendJson(res, 200, {}), server);
  const svc = new HttpService({ baseUrl: srv.url, retry: { baseDelayMs: 1 } });
  try {
    const e = await failure(svc.request({ method: 'GET', path: '/x' }));
    assert.equal(e.kind, 'unavailable');
    assert.equal(e.attempts, 1, 'retrying cannot fix trust');
    assert.match(
      e.message,
      /not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/,
    );
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('rejectUnauthorized: false accepts any server certificate (test systems)', async () => {
  const srv = await startTestServer((_req, res) => sendJson(res, 200, {}), server);
  const svc = new HttpService({ baseUrl: srv.url, tls: { rejectUnauthorized: false } });
  try {
    assert.equal((await svc.request({ method: 'GET', path: '/x' })).status, 200);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('a client certificate the server requires, through tls.cert/key (with another auth beside it)', async () => {
  const srv = await mtlsServer();
  const svc = new HttpService({
    baseUrl: srv.url,
    tls: { ca: ca.cert, cert: client.cert, key: client.key },
    auth: { type: 'bearer', token: 'also-a-bearer-token' },
  });
  try {
    const res = await svc.request({ method: 'GET', path: '/x' });
    assert.deepEqual(res.json, { cn: 'ferry-client' });
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('a client certificate through auth: clientCertificate', async () => {
  const srv = await mtlsServer();
  const svc = new HttpService({
    baseUrl: srv.url,
    auth: { type: 'clientCertificate', cert: client.cert, key: client.key, ca: ca.cert },
  });
  try {
    const res = await svc.request({ method: 'GET', path: '/x' });
    assert.deepEqual(res.json, { cn: 'ferry-client' });
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('no client certificate: unauthorized (the TLS 1.3 alert), not retried', async () => {
  const srv = await mtlsServer();
  const svc = new HttpService({ baseUrl: srv.url, tls: { ca: ca.cert }, retry: { baseDelayMs: 1 } });
  try {
    const e = await failure(svc.request({ method: 'GET', path: '/x' }));
    assert.equal(e.kind, 'unauthorized', `${e.message} (${e.code})`);
    assert.equal(e.attempts, 1);
    assert.match(e.message, /refused the client certificate \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)/);
  } finally {
    await svc.close();
    await srv.close();
  }
});

test('a client certificate from another CA: the failure names the certificate', async () => {
  // Node's server closes such a connection without a TLS alert, so the client cannot be sure why: the message
  // says what is likely, and the kind stays 'unavailable' unless an alert proved it (other servers send one).
  const srv = await mtlsServer();
  const svc = new HttpService({
    baseUrl: srv.url,
    tls: { ca: ca.cert, cert: rogueClient.cert, key: rogueClient.key },
    retry: { baseDelayMs: 1, maxAttempts: 2 },
  });
  try {
    const e = await failure(svc.request({ method: 'GET', path: '/x' }));
    assert.ok(e.kind === 'unauthorized' || e.kind === 'unavailable', e.kind);
    assert.match(e.message, /client certificate/);
  } finally {
    await svc.close();
    await srv.close();
  }
});
