// The console's project routes over HTTPS: a web services connector's project (services, operations tree, schema,
// flows at their lines) and discovery from uploaded OpenAPI and WSDL text: a preview that writes nothing, then an
// apply that changes only the discovery section (comments and flows kept) and reopens the connector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CONFIG, type ConsoleClient, type ConsoleHost, startSignedIn } from './console-helpers.ts';

const fixture = (f: string) => readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8');
const PROJECT = fixture('webservice/discovery/fixtures/project-with-flows.yaml');
const OPENAPI = fixture('webservice/discovery/fixtures/openapi30-directory.yaml');
const WSDL = fixture('soap/fixtures/soap12.wsdl');

const WITH_DIR = CONFIG.replace(
  'connectors:\n',
  `connectors:
  - name: DIR
    kind: web-services
    secretToken: "\${env:HR_TOKEN}"
    autosyncMinutes: 0
    capabilities: { import: false }
    connectivity: { project: project.yaml }
    parameters: { apiKey: not-a-real-key-0123 }
    objectTypes:
      - { name: User, anchor: id, attributes: [id, login] }
`,
);

let h: ConsoleHost;
let c: ConsoleClient;
before(async () => {
  ({ h, c } = await startSignedIn(WITH_DIR, { 'project.yaml': PROJECT, 'openapi30-directory.yaml': OPENAPI }));
});
after(() => h.stop());

test('the project: services, operations tree, schema and flows at their lines', async () => {
  const r = await c.api('GET', '/connectors/DIR/project');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.name, 'Directory sync');
  assert.deepEqual(
    r.body.services.map((s: { name: string }) => s.name),
    ['dir', 'audit'],
  );
  const dir = r.body.services[0];
  assert.deepEqual(dir.tree.find((n: { path: string }) => n.path === '/users/{userId}').methods[0], {
    id: 'getUser',
    method: 'GET',
  });
  assert.equal(r.body.schema[0].name, 'User');
  const get = r.body.flows.find((f: { flow: string }) => f.flow === 'get');
  assert.equal(get.objectType, 'User');
  assert.equal(PROJECT.split('\n')[get.line - 1].trim(), 'get:');
  assert.deepEqual(r.body.problems, []);
  assert.equal((await c.api('GET', '/connectors/HR/project')).status, 409);
});

test('discovery from uploaded OpenAPI text: a preview writes nothing; apply keeps flows and comments', async () => {
  const file = join(h.dir, 'project.yaml');
  const body = { kind: 'rest', text: OPENAPI, name: 'openapi30-directory.yaml', service: 'dir' };
  const preview = await c.api('POST', '/connectors/DIR/project/discover', body);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.ok(preview.body.preview.added.includes('listUsers'), JSON.stringify(preview.body.preview));
  assert.equal(readFileSync(file, 'utf8'), PROJECT, 'a preview writes nothing');

  const applied = await c.api('POST', '/connectors/DIR/project/discover?apply=true', body);
  assert.equal(applied.status, 200, JSON.stringify(applied.body));
  assert.deepEqual(applied.body.reload.changed, ['DIR']);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /# ---- flows: hand-written ----/);
  assert.match(text, /listUsers/);
  const after = await c.api('GET', '/connectors/DIR/project');
  assert.ok(after.body.services[0].tree.some((n: { path: string }) => n.path === '/users'));
  const audit = await c.api('GET', '/audit?object=DIR');
  assert.equal(audit.body.records[0].route, '/connectors/:name/project/discover');
});

test('discovery from WSDL text shows services, ports and operations; bad input is refused with the words', async () => {
  const r = await c.api('POST', '/connectors/DIR/project/discover', { kind: 'soap', text: WSDL, service: 'soapsvc' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.ok(r.body.tree.length > 0);
  assert.ok(r.body.tree[0].ports[0].operations.length > 0);
  assert.ok(r.body.preview.serviceAdded);
  const bad = await c.api('POST', '/connectors/DIR/project/discover', { kind: 'rest', text: '[1, 2' });
  assert.equal(bad.status, 400);
  assert.ok(bad.body.error.length > 0);
  const local = await c.api('POST', '/connectors/DIR/project/discover', { kind: 'rest', url: '/etc/passwd' });
  assert.equal(local.status, 400, 'no local files through the API');
});
