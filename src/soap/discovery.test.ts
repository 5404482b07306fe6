// A WSDL as a project discovery: operation ids (Port.Operation when a name repeats), base URL and paths from the
// addresses, --port and --endpoint, and the merge into a project file that keeps flows and comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mergeDiscovery } from '../webservice/discovery/write-project.ts';
import { parseProject } from '../webservice/project/load-project.ts';
import { soapDiscovery } from './discovery.ts';
import { formatSoapTree, sketchMessage } from './sketch.ts';
import { loadWsdl } from './wsdl.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const multi = await loadWsdl(fixture('multi/multi.wsdl'));
const accounts = await loadWsdl(fixture('accounts/accounts.wsdl'));

test('ids: the operation name, or Port.Operation when it repeats across ports; POST to the address path', () => {
  const found = soapDiscovery(multi, { source: 'multi.wsdl' });
  assert.equal(found.kind, 'soap');
  assert.equal(found.title, 'Users');
  assert.equal(found.baseUrl, 'https://users.example.com');
  assert.deepEqual(Object.keys(found.operations), [
    'UsersSoap.GetUser',
    'UsersSoap.Ping',
    'UsersSoap12.GetUser',
    'UsersSoap12.Ping',
    'ReadLog',
  ]);
  const get = found.operations['UsersSoap12.GetUser'];
  assert.equal(get.method, 'POST');
  assert.equal(get.path, '/svc/users.asmx');
  assert.deepEqual(get.parameters, []);
  assert.equal(get.soap?.port, 'UsersSoap12');
  assert.equal(get.soap?.version, '1.2');
  assert.equal(found.operations.ReadLog.path, '/log?tenant=7', 'the query of an address is kept');
  assert.match(
    found.warnings.join('\n'),
    /port "AuditSoap" of service "Audit" is at https:\/\/audit\.example\.com, not https:\/\/users\.example\.com/,
  );
  assert.match(
    found.warnings.join('\n'),
    /operation names repeat across ports, so those operations are stored as Port\.Operation; --port UsersSoap keeps one port, with plain names/,
  );
});

test('--port keeps one port with plain names; --endpoint replaces the addresses', () => {
  const one = soapDiscovery(multi, { port: 'Users.UsersSoap12' });
  assert.deepEqual(Object.keys(one.operations), ['GetUser', 'Ping']);
  assert.equal(one.operations.GetUser.soap?.version, '1.2');
  assert.throws(
    () => soapDiscovery(multi, { port: 'Nope' }),
    /the WSDL has no SOAP port "Nope" \(it has: Users\.UsersSoap, Users\.UsersSoap12, Audit\.AuditSoap\)/,
  );
  const moved = soapDiscovery(accounts, { endpoint: 'http://127.0.0.1:8080/test/accounts' });
  assert.equal(moved.baseUrl, 'http://127.0.0.1:8080');
  assert.equal(moved.operations.GetAccount.path, '/test/accounts');
  assert.equal(
    moved.operations.GetAccount.soap?.address,
    'https://accounts.example.com/soap/v1/accounts',
    "the WSDL's own address is still recorded",
  );
  assert.equal(moved.operations.GetAccount.summary, 'Reads one account by its id.');
  assert.throws(
    () => soapDiscovery(accounts, { endpoint: 'not a url' }),
    /--endpoint not a url: not an absolute http\(s\) URL/,
  );
});

test("a relative address resolves against the WSDL's URL, or leaves the base URL to the person", async () => {
  const wsdl = await loadWsdl(fixture('public/BLZService.wsdl'));
  const relative = {
    ...wsdl,
    services: wsdl.services.map((s) => ({
      ...s,
      ports: s.ports.map((p) => ({ ...p, address: '/calculator/calculator.asmx' })),
    })),
  };
  assert.equal(
    soapDiscovery(relative, { documentUrl: 'https://host.example.com/x?wsdl' }).baseUrl,
    'https://host.example.com',
  );
  const local = soapDiscovery(relative, {});
  assert.equal(local.baseUrl, undefined);
  assert.equal(Object.values(local.operations)[0].path, '/calculator/calculator.asmx');
});

const PROJECT = `# Accounts over SOAP: my notes stay.
name: Accounts
parameters: []
services:
  acc:
    http:
      baseUrl: https://accounts.example.com   # the test system
    discovery:
      operations: {}
schema:
  objectTypes:
    - name: User
      anchor: id
      attributes: [ { name: id, readOnly: true }, { name: login } ]
flows:
  objectTypes:
    User:
      get:
        # read one account
        - call: GetAccount
          args: { id: "{{ anchor }}" }
          as: got
        - emit: { anchor: "{{ anchor }}", attributes: { login: "{{ got.body.account.login }}" } }
`;

test('merged into a project: kind soap, operations added, flows and comments kept; rediscovery changes nothing', () => {
  const found = soapDiscovery(accounts, { source: 'accounts.wsdl' });
  const first = mergeDiscovery(PROJECT, 'p.yaml', found, { now: new Date('2026-01-01T00:00:00Z') });
  assert.deepEqual(first.report.added, ['GetAccount', 'CreateAccount', 'ListAccounts', 'DeleteAccount']);
  assert.equal(first.report.kindSet, 'soap');
  assert.deepEqual(first.report.problems, []);
  assert.ok(first.text.startsWith('# Accounts over SOAP: my notes stay.\n'));
  assert.ok(first.text.includes('baseUrl: https://accounts.example.com   # the test system'));
  assert.ok(first.text.includes(PROJECT.slice(PROJECT.indexOf('schema:'))), 'schema and flows byte for byte');
  assert.match(
    first.text,
    /\n {4}kind: soap\nschema:/,
    'the kind is added at the end of the service, leaving the rest as written',
  );
  assert.match(
    first.text,
    /- \{ name: id, namespace: urn:example:accounts, type: token, minOccurs: 1, maxOccurs: 1 \}/,
    'leaves on one line',
  );
  const project = parseProject(first.text, 'p.yaml').project;
  assert.equal(project.services.acc.kind, 'soap');
  assert.deepEqual(
    project.services.acc.discovery.operations.GetAccount.soap,
    accounts.services[0].ports[0].operations[0].soap,
  );
  const again = mergeDiscovery(first.text, 'p.yaml', found, { now: new Date('2026-01-02T00:00:00Z') });
  assert.deepEqual(again.report.unchanged, ['GetAccount', 'CreateAccount', 'ListAccounts', 'DeleteAccount']);
  assert.equal(again.report.kindSet, undefined);
  assert.equal(again.text, first.text.replace('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'));
});

test('the tree: service → port → operation, each message on one line', () => {
  const tree = formatSoapTree(multi, new Map([['Users\u0000UsersSoap\u0000GetUser', 'UsersSoap.GetUser']]));
  assert.equal(
    tree.split('\n').slice(0, 4).join('\n'),
    `Users
  UsersSoap  SOAP 1.1, binding UsersSoap, https://users.example.com/svc/users.asmx
    GetUser [UsersSoap.GetUser](id: string) → GetUserResult?: {id: string, name?: string, roles?: {…}}
    Ping() → PingResult: dateTime`,
  );
  assert.match(
    tree,
    /Audit\n {2}AuditSoap {2}SOAP 1\.1, binding AuditSoap, https:\/\/audit\.example\.com\/log\?tenant=7\n {4}ReadLog\(since: dateTime\) → line\?: string\[\]\n$/,
  );
  const rpc = sketchMessage(
    [
      { name: 'title', type: 'string', minOccurs: 1, maxOccurs: 1 },
      { name: 'tags', type: 'string', minOccurs: 0, maxOccurs: 'unbounded' },
    ],
    'rpc',
  );
  assert.equal(rpc, 'title: string, tags?: string[]');
});
