// The console's host side over real HTTPS: sign-in into a session cookie, CSRF and the read-only role, the same
// routes under /admin with a bearer token, reload of good and bad files, the audit log and the certificate.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:tls';
import {
  ADMIN,
  CONFIG,
  ConsoleClient,
  type ConsoleHost,
  HR_TOKEN,
  READONLY,
  startConsoleHost,
} from './console-helpers.ts';

let h: ConsoleHost;
before(async () => {
  h = await startConsoleHost();
});
after(() => h.stop());

/** The SHA-256 fingerprint a new TLS connection is shown. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(s.getPeerX509Certificate()?.fingerprint256 ?? '');
      s.end();
    });
    s.on('error', reject);
  });
}

describe('console sessions', () => {
  test('the console page carries a strict CSP and no-sniff', async () => {
    const r = await new ConsoleClient(h).req('GET', '/console/');
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const bare = await new ConsoleClient(h).req('GET', '/console');
    assert.equal(bare.status, 200, '/console leads to /console/');
  });

  test('a wrong token is refused with the error words; the API needs a session', async () => {
    const c = new ConsoleClient(h);
    const r = await c.signIn('not-the-token-at-all');
    assert.equal(r.status, 401);
    assert.match(r.body.error, /Wrong token/);
    assert.equal(r.body.code, 'admin_unauthorized');
    assert.ok(r.body.recommendation);
    assert.equal((await c.api('GET', '/status')).status, 401);
    assert.equal((await c.api('GET', '/session')).status, 401);
  });

  test('admin sign-in sets a hardened cookie; changes need the CSRF header; sign-out ends the session', async () => {
    const c = new ConsoleClient(h);
    const r = await c.signIn(ADMIN);
    assert.equal(r.status, 200);
    assert.equal(r.body.role, 'admin');
    const cookie = r.headers.get('set-cookie') ?? '';
    for (const attr of [/HttpOnly/i, /Secure/i, /SameSite=Strict/i, /Path=\/console/i, /Max-Age=28800/i])
      assert.match(cookie, attr);
    assert.doesNotMatch(cookie, new RegExp(ADMIN), 'the token is not in the cookie');
    const s = await c.api('GET', '/session');
    assert.equal(s.body.csrfToken, c.csrf);
    assert.equal((await c.api('GET', '/status')).body.connectors[0].name, 'HR');

    const refused = await c.api('POST', '/reload', undefined, { csrf: false });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'csrf_refused');
    const forged = await c.req('POST', '/console/api/reload', undefined, { csrf: false, bearer: ADMIN });
    assert.equal(forged.status, 403, 'a bearer header does not replace the CSRF token in the console');
    c.csrf = 'x'.repeat(43);
    assert.equal((await c.api('POST', '/reload')).status, 403);
    c.csrf = s.body.csrfToken;
    assert.equal((await c.api('POST', '/reload')).status, 200);

    const kept = c.cookie;
    assert.equal((await c.api('DELETE', '/session')).status, 204);
    c.cookie = kept; // a copy of the cookie kept after sign-out
    assert.equal((await c.api('GET', '/status')).status, 401);
  });

  test('the read-only role may look but not change, in the console and under /admin', async () => {
    const c = new ConsoleClient(h);
    assert.equal((await c.signIn(READONLY)).body.role, 'readonly');
    assert.equal((await c.api('GET', '/status')).status, 200);
    const r = await c.api('POST', '/reload');
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'read_only');
    assert.match(r.body.error, /read-only/);
    const bare = new ConsoleClient(h);
    assert.equal((await bare.req('GET', '/admin/status', undefined, { bearer: READONLY })).status, 200);
    assert.equal((await bare.req('POST', '/admin/reload', undefined, { bearer: READONLY })).status, 403);
    assert.equal((await bare.req('POST', '/admin/reload', undefined, { bearer: 'wrong-token-xxxxxxxx' })).status, 401);
  });
});

describe('reload', () => {
  test('a good file adds a connector that then answers SCIM; a bad one is refused at its line and changes nothing', async () => {
    const c = new ConsoleClient(h);
    await c.signIn(ADMIN);
    const added = CONFIG.replace(
      'connectors:\n',
      `connectors:
  - name: CRM
    kind: memory
    secretToken: "\${env:HR_TOKEN}"
    objectTypes:
      - { name: User, anchor: userName, attributes: [userName] }
    memory:
      objectTypes:
        - { name: User, anchor: userName, attributes: [{ name: userName, required: true }] }
`,
    );
    writeFileSync(h.file, added);
    const r = await c.api('POST', '/reload');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.added, ['CRM']);
    assert.deepEqual(r.body.unchanged, ['HR']);
    const scim = await c.req('GET', '/connectors/CRM/scim/Users', undefined, { csrf: false, bearer: HR_TOKEN });
    assert.equal(scim.status, 200);

    writeFileSync(h.file, added.replace('pageSize: 500', 'pageSize: -3'));
    const bad = await c.api('POST', '/reload');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'config_invalid');
    const p = bad.body.problems.find((x: { path: string }) => /pageSize/.test(x.path));
    assert.ok(p, JSON.stringify(bad.body.problems));
    assert.ok(p.line > 1);
    const status = await c.api('GET', '/status');
    assert.deepEqual(
      status.body.connectors.map((x: { name: string }) => x.name),
      ['CRM', 'HR'],
    );

    writeFileSync(h.file, CONFIG);
    const back = await c.api('POST', '/reload');
    assert.deepEqual(back.body.removed, ['CRM']);
    const gone = await c.req('GET', '/connectors/CRM/scim/Users', undefined, { csrf: false, bearer: HR_TOKEN });
    assert.equal(gone.status, 404);
  });

  test('a reload keeps the console sessions and their sign-outs', async () => {
    const kept = new ConsoleClient(h);
    await kept.signIn(ADMIN);
    const out = new ConsoleClient(h);
    await out.signIn(ADMIN);
    const copy = out.cookie;
    await out.api('DELETE', '/session');
    assert.equal((await kept.api('POST', '/reload')).status, 200);
    assert.equal((await kept.api('GET', '/status')).status, 200);
    out.cookie = copy;
    assert.equal((await out.api('GET', '/status')).status, 401, 'a signed-out cookie stays refused');
  });

  test('SIGHUP-style reload from the host object applies a changed connector', async () => {
    writeFileSync(h.file, CONFIG.replace('pageSize: 500', 'pageSize: 250'));
    const r = await h.host.reload();
    assert.deepEqual(r.changed, ['HR']);
    assert.equal(h.host.connector('HR')?.config.pageSize, 250);
    writeFileSync(h.file, CONFIG);
    await h.host.reload();
  });
});

describe('audit log', () => {
  test('changes are recorded with role, fingerprint, route and result; never the token', async () => {
    const c = new ConsoleClient(h);
    await c.signIn(ADMIN);
    const r = await c.api('GET', '/audit?route=/reload&limit=100');
    assert.equal(r.status, 200);
    const recs = r.body.records as { role: string; actor: string; route: string; result: string; via: string }[];
    assert.ok(recs.some((x) => x.result === 'success' && x.via === 'console'));
    assert.ok(recs.some((x) => x.result === 'failure'));
    assert.ok(recs.some((x) => x.role === 'readonly' && x.result === 'failure'));
    assert.ok(recs.every((x) => /^[0-9a-f]{12}$/.test(x.actor)));
    const all = JSON.stringify((await c.api('GET', '/audit?limit=1000')).body);
    for (const secret of [ADMIN, READONLY, HR_TOKEN]) assert.ok(!all.includes(secret));
    assert.equal((await c.api('GET', '/audit?result=maybe')).status, 400);
  });
});

describe('certificate', () => {
  test('details in the API, /health and /metrics; renewal switches without dropping an open connection', async () => {
    const c = new ConsoleClient(h);
    await c.signIn(ADMIN);
    const cert = (await c.api('GET', '/certificate')).body;
    assert.equal(cert.source, 'generated');
    assert.match(cert.subjectAltName, /DNS:localhost/);
    assert.ok(cert.expiresInSeconds > 600 * 86400);
    const health = await c.req('GET', '/health');
    assert.equal(health.body.certificate.fingerprint256, cert.fingerprint256);
    const metrics = await c.req('GET', '/metrics');
    assert.match(String(metrics.body), /ferry_tls_certificate_expiry_seconds \d+/);

    assert.equal(await servedFingerprint(h.host.port), cert.fingerprint256);
    // A keep-alive connection opened before the renewal keeps working.
    assert.equal((await c.api('GET', '/status')).status, 200);
    const renewed = await c.api('POST', '/certificate/renew');
    assert.equal(renewed.status, 200);
    assert.notEqual(renewed.body.fingerprint256, cert.fingerprint256);
    assert.equal((await c.api('GET', '/status')).status, 200);
    assert.equal(await servedFingerprint(h.host.port), renewed.body.fingerprint256);
    const onDisk = readFileSync(`${h.dir}/data/tls/ferry-cert.pem`, 'utf8');
    assert.match(onDisk, /BEGIN CERTIFICATE/);
  });
});
