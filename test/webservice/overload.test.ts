// A slow or failing application behind the web services connector (issue 10 §3-4): requests queued behind a
// stalled call are answered 503 with Retry-After after the queue deadline, not when the client gives up; a
// circular bulk reference whose completing update fails is reported as what happened (created, 409), not 5xx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoApp, startDemoHost, type DemoApp } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const QUEUE_TIMEOUT_MS = 500;

let demo: DemoApp;
let t: TestHost;
let projectDir: string;
const scim = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('SCIMAPP', path, init);

before(async () => {
  // The demo project with one connection to the application and a short queue deadline.
  projectDir = mkdtempSync(join(tmpdir(), 'ferry-overload-'));
  const source = fileURLToPath(new URL('../../examples/demo-app/', import.meta.url));
  const project = readFileSync(join(source, 'acme-project.yaml'), 'utf8').replace(
    'limits: { concurrency: 8 }',
    `limits: { concurrency: 1, queueTimeoutMs: ${QUEUE_TIMEOUT_MS} }`,
  );
  assert.match(project, /queueTimeoutMs/);
  writeFileSync(join(projectDir, 'acme-project.yaml'), project);
  copyFileSync(join(source, 'openapi.yaml'), join(projectDir, 'openapi.yaml'));
  demo = await startDemoApp();
  t = await startDemoHost(demo, {
    mutate: (c) => {
      const scimApp = c.connectors.find((x) => x.name === 'SCIMAPP');
      if (!scimApp?.connectivity) throw new Error('the demo configuration has no SCIMAPP connectivity');
      scimApp.connectivity.project = join(projectDir, 'acme-project.yaml');
    },
  });
});
after(async () => {
  await t?.stop();
  await demo?.stop();
  rmSync(projectDir, { recursive: true, force: true });
});

const createUser = async (name: string) => {
  const r = await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: `${name}@acme.test` } });
  assert.equal(r.status, 201, r.text);
  return r.body.id as string;
};
const retitle = (id: string, title: string) =>
  scim(`/Users/${id}`, {
    method: 'PATCH',
    json: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: title }] },
  });

test('a request queued behind a stalled call gets 503 with Retry-After at the queue deadline', async () => {
  const stalled = await createUser('stalled');
  const queued = await createUser('queued');
  await demo.api('POST', '/_faults', { method: 'PATCH', path: `/api/v1/accounts/${stalled}`, latencyMs: 6000 });
  try {
    const first = retitle(stalled, 'slow');
    // Let the first PATCH take the one connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const t0 = performance.now();
    const second = await retitle(queued, 'waiting');
    const waited = performance.now() - t0;
    assert.equal(second.status, 503, second.text);
    assert.ok(Number(second.headers.get('retry-after')) >= 1, `Retry-After: ${second.headers.get('retry-after')}`);
    assert.match(second.body.detail, /busy/);
    // Answered at the deadline, long before the stalled call ends (6 s) or a client gives up.
    assert.ok(waited < 4000, `answered after ${waited.toFixed(0)} ms`);
    assert.equal((await first).status, 200);
  } finally {
    await demo.api('DELETE', '/_faults');
  }
  const after = await scim(`/Users/${queued}`);
  assert.equal(after.body.title, undefined, 'the refused change was not made');
});

test('a circular bulk reference whose completing update fails in the application is 409 with the location, not 5xx', async () => {
  // The two creates succeed; the update that adds the second one's manager fails (the application is "down").
  await demo.api('POST', '/_faults', { method: 'PATCH', path: '/api/v1/accounts/*', status: 503, times: 10 });
  let ops: { bulkId: string; status: string; location?: string; response?: { detail: string } }[];
  try {
    const r = await scim('/Bulk', {
      method: 'POST',
      json: {
        schemas: [BULK_REQUEST],
        Operations: [
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'a',
            data: { schemas: [USER, ENT], userName: 'cycle.a@acme.test', [ENT]: { manager: { value: 'bulkId:b' } } },
          },
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'b',
            data: { schemas: [USER, ENT], userName: 'cycle.b@acme.test', [ENT]: { manager: { value: 'bulkId:a' } } },
          },
        ],
      },
    });
    assert.equal(r.status, 200, r.text);
    ops = r.body.Operations;
  } finally {
    await demo.api('DELETE', '/_faults');
  }
  const [a, b] = ops;
  assert.equal(a.status, '201', JSON.stringify(ops));
  assert.equal(b.status, '409', JSON.stringify(ops));
  assert.match(b.response!.detail, /created \(see location\) without its circular reference to bulkId "a"/);
  assert.ok(b.location, 'the created resource is located');
  const created = await scim(b.location!.slice(b.location!.indexOf('/Users/')));
  assert.equal(created.status, 200, created.text);
  assert.equal(created.body.userName, 'cycle.b@acme.test');
});
