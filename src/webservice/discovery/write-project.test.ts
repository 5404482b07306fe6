// Writing discoveries into project files: a new project that loads, rediscovery that keeps flows, comments and
// other services byte for byte, pruning, discovery by hand, a new service, and refusing a result that breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../project/load-project.ts';
import { DiscoveryError, type DiscoveredService } from './discovered-service.ts';
import { parseDocumentText } from './fetch-document.ts';
import { discoverManual } from './manual.ts';
import { discoverOpenApi } from './openapi.ts';
import { mergeDiscovery, writeDiscovery } from './write-project.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const demoApp = fileURLToPath(new URL('../../../examples/demo-app/openapi.yaml', import.meta.url));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'ferry-discover-'));
const T1 = new Date('2025-03-01T10:00:00.000Z');
const T2 = new Date('2025-03-02T10:00:00.000Z');

function discover(file: string, source: string, extra: { baseUrl?: string } = {}): DiscoveredService {
  return discoverOpenApi(parseDocumentText(readFileSync(file, 'utf8'), file), { source, ...extra });
}

test('a new project: created with the service, a placeholder type and empty flows, and it loads', () => {
  const file = join(tmp(), 'ferry-project.yaml');
  const found = discover(demoApp, 'openapi.yaml', { baseUrl: 'http://127.0.0.1:8080' });
  const report = writeDiscovery(file, found, { now: T1 });
  assert.equal(report.created, true);
  assert.equal(report.service, 'api');
  assert.equal(report.added.length, Object.keys(found.operations).length);
  const { project } = loadProject(file);
  assert.equal(project.name, 'Acme HR Accounts API');
  assert.equal(project.services.api.http.baseUrl, 'http://127.0.0.1:8080');
  assert.equal(project.services.api.discovery.source, 'openapi.yaml');
  assert.equal(project.services.api.discovery.discoveredAt, T1.toISOString());
  assert.deepEqual(project.services.api.discovery.operations.getAccount, found.operations.getAccount);
  assert.deepEqual(project.services.api.discovery.operations, found.operations);
  assert.deepEqual(
    project.schema.objectTypes.map((t) => t.name),
    ['User'],
  );
  assert.deepEqual(project.flows.objectTypes, {});
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# Web service project, started by `ferry discover rest` from openapi\.yaml\./);
  assert.doesNotMatch(text, /[&*]a\d/, 'no YAML anchors or aliases');
  assert.match(
    text,
    /- \{ name: id, in: path, required: true, type: string, description: Account id\. \}/,
    'one parameter per line',
  );
});

test('a new project needs an absolute base URL', () => {
  const file = join(tmp(), 'p.yaml');
  assert.throws(
    () => writeDiscovery(file, discover(demoApp, 'openapi.yaml')),
    (e: unknown) =>
      e instanceof DiscoveryError &&
      /does not exist and the source gives no absolute base URL: pass --endpoint URL/.test(e.message),
  );
  assert.equal(existsSync(file), false);
});

test('rediscovery: flows, comments and other services unchanged byte for byte; operations added and updated', () => {
  const dir = tmp();
  const file = join(dir, 'project.yaml');
  copyFileSync(fixture('project-with-flows.yaml'), file);
  const before = readFileSync(file, 'utf8');
  const flowsBefore = loadProject(file).project.flows;
  const found = discover(fixture('openapi30-directory.yaml'), 'openapi30-directory.yaml');
  const report = writeDiscovery(file, found, { now: T1 });
  assert.equal(report.service, 'dir', 'the first service by default');
  assert.deepEqual(report.added, [
    'listUsers',
    'createUser',
    'patchUsersByUserId2',
    'patchUsersByUserId',
    'getOrgUnit',
  ]);
  assert.deepEqual(report.updated, ['getUser']);
  assert.deepEqual(report.missing, ['legacyExport', 'oldUnused']);
  assert.deepEqual(report.removed, []);
  assert.deepEqual(report.problems, []);

  const after = readFileSync(file, 'utf8');
  const head = before.slice(0, before.indexOf('        discovery:'));
  const tail = before.slice(before.indexOf('                # trailing comment of the operations'));
  assert.ok(after.startsWith(head), 'everything before the discovery block is unchanged');
  assert.ok(after.endsWith(tail), 'everything after it (the other service, schema, flows) is unchanged');
  assert.match(after, /# keep in step with the vendor's file/);
  assert.match(after, /# written by hand before the OpenAPI document existed\n {16}getUser:\n {20}method: GET/);
  assert.match(
    after,
    /legacyExport:\n {20}method: GET\n {20}path: \/export\n {16}oldUnused: \{ method: GET, path: \/old \}\n/,
    'operations missing from the source are kept as written',
  );

  const { project } = loadProject(file);
  assert.deepEqual(project.flows, flowsBefore);
  assert.equal(project.services.dir.discovery.discoveredAt, T1.toISOString());
  assert.equal(project.services.dir.http.retry.maxAttempts, 2);
  assert.deepEqual(Object.keys(project.services.audit.discovery.operations), ['writeAudit']);
  assert.deepEqual(project.services.dir.discovery.operations.getUser, found.operations.getUser);

  // The same discovery again changes nothing but the time.
  const again = writeDiscovery(file, found, { now: T2 });
  assert.deepEqual([again.added, again.updated, again.unchanged.length], [[], [], 6]);
  assert.equal(readFileSync(file, 'utf8'), after.replace(T1.toISOString(), T2.toISOString()));
});

test('--prune removes operations the source lost, except those a flow calls', () => {
  const file = join(tmp(), 'project.yaml');
  copyFileSync(fixture('project-with-flows.yaml'), file);
  const report = writeDiscovery(file, discover(fixture('openapi30-directory.yaml'), 'openapi30-directory.yaml'), {
    prune: true,
    now: T1,
  });
  assert.deepEqual(report.removed, ['oldUnused']);
  assert.deepEqual(report.keptInUse, ['legacyExport']);
  const ops = loadProject(file).project.services.dir.discovery.operations;
  assert.equal(ops.oldUnused, undefined);
  assert.deepEqual(ops.legacyExport, { method: 'GET', path: '/export', parameters: [] });
  assert.doesNotMatch(readFileSync(file, 'utf8'), /oldUnused/);
});

test('discovery by hand adds one operation and leaves the source and the others alone', () => {
  const file = join(tmp(), 'project.yaml');
  copyFileSync(fixture('project-with-flows.yaml'), file);
  const found = discoverManual({
    method: 'GET',
    path: '/groups/{gid}',
    operationId: 'getGroup',
    endpoint: 'http://other.example',
    sampleResponse: '{"id":"g1","name":"Admins"}',
  });
  const report = writeDiscovery(file, found, { mode: 'add', now: T1 });
  assert.deepEqual([report.added, report.missing], [['getGroup'], []]);
  assert.equal(report.baseUrlIgnored, 'http://other.example', "the service's own base URL is kept");
  const { project } = loadProject(file);
  assert.equal(project.services.dir.http.baseUrl, 'https://acme.directory.example.com/api/v2');
  const d = project.services.dir.discovery;
  assert.equal(d.source, 'openapi30-directory.yaml');
  assert.deepEqual(Object.keys(d.operations), ['getUser', 'legacyExport', 'oldUnused', 'getGroup']);
  assert.deepEqual(d.operations.getGroup.responses?.['200'].example, { id: 'g1', name: 'Admins' });
});

test('a new service in an existing project, and a base URL added where a service has none', () => {
  const dir = tmp();
  const file = join(dir, 'project.yaml');
  copyFileSync(fixture('project-with-flows.yaml'), file);
  const before = readFileSync(file, 'utf8');
  const found = discover(fixture('openapi31-tickets.json'), 'tickets.json', { baseUrl: 'https://tickets.example.com' });
  const report = writeDiscovery(file, found, { service: 'tickets', now: T1 });
  assert.equal(report.serviceAdded, true);
  const after = readFileSync(file, 'utf8');
  assert.ok(after.startsWith(before.slice(0, before.indexOf('\nschema:'))), 'the services before are unchanged');
  assert.ok(after.endsWith(before.slice(before.indexOf('\nschema:'))), 'schema and flows are unchanged');
  const { project } = loadProject(file);
  assert.equal(project.services.tickets.http.baseUrl, 'https://tickets.example.com');
  assert.deepEqual(Object.keys(project.services.tickets.discovery.operations), [
    'get_ticket',
    'deleteTicketsByTicketId',
  ]);

  const noBase = `name: P
services:
  app:
    http:
      timeouts: { requestMs: 5000 }   # slow app
schema:
  objectTypes:
    - { name: User, anchor: id, attributes: [{ name: id }] }
flows: {}
`;
  const { text, report: r2 } = mergeDiscovery(
    noBase,
    'p.yaml',
    discoverManual({ method: 'GET', path: '/ping', endpoint: 'http://app.local:81' }),
    { mode: 'add', now: T1 },
  );
  assert.equal(r2.baseUrlAdded, 'http://app.local:81');
  assert.equal(
    text,
    `name: P
services:
  app:
    http:
      timeouts: { requestMs: 5000 }   # slow app
      baseUrl: http://app.local:81
    discovery:
      discoveredAt: ${T1.toISOString()}
      operations:
        getPing:
          method: GET
          path: /ping
          parameters: []
schema:
  objectTypes:
    - { name: User, anchor: id, attributes: [{ name: id }] }
flows: {}
`,
  );
  assert.deepEqual(r2.problems, []);
});

test('a result that would not load is refused (nothing written) unless forced', () => {
  const file = join(tmp(), 'project.yaml');
  const text = `name: P
services:
  app:
    http: { baseUrl: "http://app.local" }
    discovery:
      operations:
        getUser: { method: GET, path: "/users/{id}" }
schema:
  objectTypes:
    - { name: User, anchor: id, attributes: [{ name: id }] }
flows:
  objectTypes:
    User:
      get:
        - call: getUser
          path: { id: "{{ anchor }}" }
`;
  writeFileSync(file, text);
  const renamed = discoverManual({ method: 'GET', path: '/users/{userId}', operationId: 'getUser' });
  assert.throws(
    () => writeDiscovery(file, renamed),
    (e: unknown) =>
      e instanceof DiscoveryError &&
      /would no longer load .*nothing was written[\s\S]*the operation's path needs "userId"[\s\S]*--force/.test(
        e.message,
      ),
  );
  assert.equal(readFileSync(file, 'utf8'), text);
  const forced = writeDiscovery(file, renamed, { force: true });
  assert.match(forced.problems.join('\n'), /needs "userId"/);
  assert.match(readFileSync(file, 'utf8'), /path: \/users\/\{userId\}/);
});

test('a project file that is not valid YAML is reported with its line', () => {
  assert.throws(
    () =>
      mergeDiscovery(
        'name: P\nservices: [\n',
        'p.yaml',
        discoverManual({ method: 'GET', path: '/x', endpoint: 'http://a' }),
      ),
    /p\.yaml:\d+:\d+: not valid YAML/,
  );
  assert.throws(
    () =>
      mergeDiscovery(
        'name: P\nservices: 3\n',
        'p.yaml',
        discoverManual({ method: 'GET', path: '/x', endpoint: 'http://a' }),
      ),
    /"services" must be a map/,
  );
  assert.throws(
    () =>
      mergeDiscovery('name: P\n', 'p.yaml', discoverManual({ method: 'GET', path: '/x', endpoint: 'http://a' }), {
        service: 'bad name',
      }),
    /service name "bad name"/,
  );
});
