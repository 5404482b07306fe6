// What a SCIM client sees when the application refuses: the class (4xx the object's fault, 5xx transient) and the
// words must be right, and /health and /metrics must tell the truth per connector. Against the real demo app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoApp, startDemoHost, type DemoApp } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';
import type { ConnectorHealthReport } from '../../src/host/connector-health.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = (n: string, extra: Record<string, unknown> = {}) => ({
  schemas: [CORE, ENT],
  userName: `${n}@acme.test`,
  name: { givenName: n, familyName: 'Tester' },
  emails: [{ type: 'work', value: `${n}@acme.test`, primary: true }],
  active: true,
  ...extra,
});
const health = async (t: TestHost) => {
  const r = await fetch(`${t.host.baseUrl}/health`);
  return { status: r.status, body: (await r.json()) as { status: string; connectors: ConnectorHealthReport[] } };
};
const connectorHealth = async (t: TestHost, name: string) =>
  (await health(t)).body.connectors.find((c) => c.name === name) as ConnectorHealthReport;
const metrics = async (t: TestHost) => (await fetch(`${t.host.baseUrl}/metrics`)).text();

describe('the application refuses the object', () => {
  let demo: DemoApp;
  let t: TestHost;
  before(async () => {
    demo = await startDemoApp();
    t = await startDemoHost(demo);
  });
  after(async () => {
    await t?.stop();
    await demo?.stop();
  });

  test("an invalid e-mail is 400 invalidValue with the application's message", async () => {
    const r = await t.scim('SCIMAPP', '/Users', {
      method: 'POST',
      json: user('bad', { emails: [{ type: 'work', value: 'not an address', primary: true }] }),
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.scimType, 'invalidValue');
    assert.match(r.body.detail, /is not a valid e-mail address/);
    assert.doesNotMatch(r.body.detail, /refused the export/);
  });

  test('a manager that does not exist in the application is 400 invalidValue', async () => {
    const r = await t.scim('SCIMAPP', '/Users', {
      method: 'POST',
      json: user('orphan', { [ENT]: { manager: { value: 'acc_doesnotexist' } } }),
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.scimType, 'invalidValue');
  });

  test('an object gone from the application: DELETE is 204, PATCH is 404, and the space lets go of it', async () => {
    for (const [method, status] of [
      ['DELETE', 204],
      ['PATCH', 404],
    ] as const) {
      const made = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user(`gone${method}`) });
      assert.equal(made.status, 201, made.text);
      assert.equal((await demo.api('DELETE', `/api/v1/accounts/${made.body.id}`)).status, 204);
      const json =
        method === 'PATCH'
          ? {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [{ op: 'replace', path: 'displayName', value: 'X' }],
            }
          : undefined;
      const r = await t.scim('SCIMAPP', `/Users/${made.body.id}`, { method, json });
      assert.equal(r.status, status, `${method}: ${r.text}`);
      assert.equal((await t.scim('SCIMAPP', `/Users/${made.body.id}`)).status, 404, method);
    }
  });

  test('health is ok after the import, with the import and the application reachable', async () => {
    const h = await health(t);
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    const c = h.body.connectors.find((x) => x.name === 'SCIMAPP')!;
    assert.equal(c.reachable, true);
    assert.equal(c.credentialsAccepted, true);
    assert.equal(c.lastImport?.ok, true);
    assert.equal(c.lastImport?.objects, 0, 'the application starts empty');
    assert.equal(typeof c.lastImport?.durationMs, 'number');
    assert.ok(!Number.isNaN(Date.parse(c.lastImport?.at ?? '')));
    assert.match(await metrics(t), /ferry_last_import_success\{connector="SCIMAPP"\} 1/);
  });

  test('an application 500 is 503 with Retry-After; health turns degraded with the last export error', async () => {
    await demo.api('POST', '/_faults', { status: 500, method: 'POST', path: '/api/v1/accounts', times: 1 });
    const r = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user('down') });
    assert.equal(r.status, 503, r.text);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const c = await connectorHealth(t, 'SCIMAPP');
    assert.equal(c.status, 'degraded');
    assert.equal(c.reachable, false);
    assert.equal(c.lastExportError?.code, 'target_unavailable');
    assert.equal((await health(t)).body.status, 'degraded');
    const m = await metrics(t);
    assert.match(m, /ferry_connector_application_reachable\{connector="SCIMAPP"\} 0/);
    assert.match(m, /ferry_connector_healthy\{connector="SCIMAPP"\} 0/);
    assert.match(m, /ferry_export_errors_total\{connector="SCIMAPP",code="target_unavailable"\} 1/);
    // The application is back: the next export succeeds and the connector is healthy again.
    const ok = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user('back') });
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await connectorHealth(t, 'SCIMAPP')).status, 'ok');
  });
});

describe('the application refuses the connector credentials', () => {
  let demo: DemoApp;
  let t: TestHost;
  before(async () => {
    demo = await startDemoApp();
    t = await startDemoHost(demo, { env: { FERRY_DEMO_APP_KEY: 'a-wrong-api-key-0123456789' } });
  });
  after(async () => {
    await t?.stop();
    await demo?.stop();
  });

  test('a 401 is 503 naming the credentials and the parameter; the connector is unhealthy', async () => {
    const r = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user('cred') });
    assert.equal(r.status, 503, r.text);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.match(r.body.detail, /refused the connector's credentials/);
    assert.match(r.body.detail, /apiKey/);
    assert.doesNotMatch(r.body.detail, /a-wrong-api-key/);
    const c = await connectorHealth(t, 'SCIMAPP');
    assert.equal(c.status, 'degraded');
    assert.equal(c.credentialsAccepted, false);
    assert.equal(c.lastImport?.ok, false, 'the start-up import was refused too');
    assert.match(await metrics(t), /ferry_connector_credentials_accepted\{connector="SCIMAPP"\} 0/);
    // The import's provisioning log record recommends checking the credentials, not reachability.
    await t.host.provisioningLog.flush();
    const [rec] = await t.host.logStore.queryLog({ connector: 'SCIMAPP', action: 'import-full', limit: 1 });
    assert.match(rec.error?.recommendation ?? '', /credential/);
    assert.doesNotMatch(rec.error?.recommendation ?? '', /reachable/);
  });
});

describe('a project maps "400 … already exists" to 409', () => {
  let demo: DemoApp;
  let t: TestHost;
  let dir: string;
  before(async () => {
    demo = await startDemoApp({ args: ['--duplicates-as-400'] });
    // The demo project with a service row: this application answers a duplicate with 400 "… already exists".
    dir = mkdtempSync(join(tmpdir(), 'ferry-errors-'));
    const src = fileURLToPath(new URL('../../examples/demo-app/', import.meta.url));
    copyFileSync(join(src, 'openapi.yaml'), join(dir, 'openapi.yaml'));
    const project = readFileSync(join(src, 'acme-project.yaml'), 'utf8').replace(
      '      limits: { concurrency: 8 }\n',
      '      limits: { concurrency: 8 }\n      errors: [{ status: 400, match: "already exists", kind: uniqueness }]\n',
    );
    assert.match(project, /errors: \[/);
    writeFileSync(join(dir, 'project.yaml'), project);
    t = await startDemoHost(demo, {
      mutate: (c) => {
        const scimapp = c.connectors.find((x) => x.name === 'SCIMAPP')!;
        scimapp.connectivity.project = join(dir, 'project.yaml');
      },
    });
  });
  after(async () => {
    await t?.stop();
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with the row: 409 uniqueness; without it (APP1, the plain project): 400 invalidValue', async () => {
    // Created behind Ferry's back, so its own uniqueness check cannot see it: the application must answer.
    const made = await demo.api('POST', '/api/v1/accounts', { login: 'twin@acme.test' });
    assert.equal(made.status, 201, made.text);
    const dup = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: user('twin') });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.body.scimType, 'uniqueness');
    assert.match(dup.body.detail, /already exists/);
    const plain = await t.scim('APP1', '/Users', {
      method: 'POST',
      json: { schemas: [CORE], userName: 'twin@acme.test' },
    });
    assert.equal(plain.status, 400, plain.text);
    assert.equal(plain.body.scimType, 'invalidValue');
  });
});
