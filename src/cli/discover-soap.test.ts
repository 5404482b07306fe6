// `ferry discover soap` end to end: with --json and --project, from a file and from a URL on 127.0.0.1, rediscovery
// from the recorded source, and clear errors with exit status 2. The command runs in this process (main(argv)) but
// for one case that runs the real binary in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestCa } from '../test-support/pki.ts';
import { startTestServer } from '../test-support/http-server.ts';
import { runFerryInProcess } from '../test-support/run-ferry-in-process.ts';
import { loadProject } from '../webservice/project/load-project.ts';

const bin = fileURLToPath(new URL('../../bin/ferry.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../soap/fixtures', import.meta.url));

/** `ferry discover soap ARGS` in a child process: the real binary. */
function spawnFerry(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'discover', 'soap', ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `ferry discover soap ARGS` in this process. */
function ferry(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return runFerryInProcess(['discover', 'soap', ...args], cwd);
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-soap-cli-'));
  cpSync(fixtures, join(dir, 'wsdl'), { recursive: true });
  return dir;
}

test('--json prints services → ports → operations with their structures, and writes nothing', async () => {
  const dir = workDir();
  const r = await spawnFerry(['wsdl/public/BLZService.wsdl', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    services: {
      name: string;
      ports: {
        name: string;
        binding: string;
        soapVersion: string;
        address: string;
        operations: { name: string; input: unknown[]; output: unknown[] }[];
      }[];
    }[];
  };
  assert.deepEqual(
    out.services.map((s) => s.name),
    ['BLZService'],
  );
  const [p11, p12] = out.services[0].ports;
  assert.deepEqual(
    [p11.name, p11.binding, p11.soapVersion, p11.address],
    [
      'BLZServiceSOAP11port_http',
      'BLZServiceSOAP11Binding',
      '1.1',
      'http://www.thomas-bayer.com/axis2/services/BLZService',
    ],
  );
  assert.equal(p12.soapVersion, '1.2');
  assert.deepEqual(p11.operations[0].input, [
    {
      name: 'getBank',
      namespace: 'http://thomas-bayer.com/blz/',
      minOccurs: 1,
      maxOccurs: 1,
      children: [
        { name: 'blz', namespace: 'http://thomas-bayer.com/blz/', type: 'string', minOccurs: 1, maxOccurs: 1 },
      ],
    },
  ]);
  assert.match(r.stderr, /ferry: warning: port "BLZServiceHttpport" of service "BLZService" has a non-SOAP binding/);
  assert.equal(existsSync(join(dir, 'ferry-project.yaml')), false);

  const one = await ferry(['wsdl/multi/multi.wsdl', '--json', '--port', 'AuditSoap'], dir);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(
    (JSON.parse(one.stdout) as { services: { name: string; ports: { name: string }[] }[] }).services.map((s) => [
      s.name,
      s.ports.map((p) => p.name),
    ]),
    [['Audit', ['AuditSoap']]],
  );
});

test('--project writes a soap service that loads, prints the tree; rediscovery keeps flows and finds nothing new', async () => {
  const dir = workDir();
  const r = await ferry(['wsdl/accounts/accounts.wsdl', '--project', 'accounts.yaml'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `accounts.yaml: created with service "api" (https://accounts.example.com), from wsdl/accounts/accounts.wsdl
  added (4): GetAccount, CreateAccount, ListAccounts, DeleteAccount
AccountService
  AccountsSoap  SOAP 1.1, binding AccountsSoap, https://accounts.example.com/soap/v1/accounts
    GetAccount(id: token) → account?: {firstName?: string, lastName: string, id: token, login: string, active: boolean,…
    CreateAccount(account: {firstName?: string, lastName: string, id: token, login: string, active: boolean, logins?: i…
    ListAccounts(after?: string, pageSize: int) → accounts: {item?: {…}[]}, total: long
    DeleteAccount(id: token) → (empty)
`,
  );
  assert.match(r.stderr, /ferry: warning: type "OrgUnit" of namespace "urn:example:accounts" contains itself/);
  const { project } = loadProject(join(dir, 'accounts.yaml'));
  assert.equal(project.services.api.kind, 'soap');
  assert.equal(project.services.api.http.baseUrl, 'https://accounts.example.com');
  assert.equal(project.services.api.discovery.source, 'wsdl/accounts/accounts.wsdl');
  assert.equal(project.services.api.discovery.operations.ListAccounts.path, '/soap/v1/accounts');

  // A flow of the person's own, then rediscovery from the recorded source: the flow stays, nothing changes.
  const withFlow = readFileSync(join(dir, 'accounts.yaml'), 'utf8').replace(
    'flows:\n  objectTypes: {}\n',
    `flows:
  objectTypes:
    User:
      get:
        - call: GetAccount   # by id
          args: { id: "{{ anchor }}" }
          as: got
        - emit: { anchor: "{{ anchor }}", attributes: { id: "{{ anchor }}" } }
`,
  );
  writeFileSync(join(dir, 'accounts.yaml'), withFlow);
  const again = await ferry(['--project', 'accounts.yaml'], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(
    again.stdout,
    /^accounts\.yaml: service "api" updated, from wsdl\/accounts\/accounts\.wsdl\n {2}unchanged \(4\)\n {2}no operation changed\nAccountService\n/,
  );
  assert.ok(readFileSync(join(dir, 'accounts.yaml'), 'utf8').includes('        - call: GetAccount   # by id\n'));
});

test('from a URL on 127.0.0.1, with its imports; repeated names become Port.Operation', async () => {
  const dir = workDir();
  const server = await startTestServer((req, res) => {
    try {
      res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(readFileSync(join(fixtures, 'multi', req.url.pathname.slice(1))));
    } catch {
      res.writeHead(404).end();
    }
  });
  try {
    const r = await ferry([`${server.url}/multi.wsdl`, '--project', 'm.yaml', '--service', 'users'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /added \(5\): UsersSoap\.GetUser, UsersSoap\.Ping, UsersSoap12\.GetUser, UsersSoap12\.Ping, ReadLog/,
    );
    assert.match(r.stdout, / {4}GetUser \[UsersSoap12\.GetUser\]\(id: string\) → GetUserResult\?: /);
    const { project } = loadProject(join(dir, 'm.yaml'));
    assert.equal(project.services.users.discovery.source, `${server.url}/multi.wsdl`);
    assert.equal(project.services.users.discovery.operations['UsersSoap12.GetUser'].soap?.version, '1.2');
  } finally {
    await server.close();
  }
});

test('over HTTPS: an unknown CA is refused with a hint; --ca or --insecure fetch it', async () => {
  const dir = workDir();
  const ca = createTestCa();
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  const server = await startTestServer(
    (_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(readFileSync(join(fixtures, 'soap12.wsdl'))),
    ca.issueServer(),
  );
  try {
    const refused = await ferry([`${server.url}/Groups.svc?wsdl`, '--json'], dir);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /cannot fetch https:\/\/127\.0\.0\.1:\d+\/Groups\.svc\?wsdl: .*\(trust the server with --ca FILE, or for a test system --insecure\)/,
    );
    for (const flag of [['--ca', 'ca.pem'], ['--insecure']]) {
      const r = await ferry([`${server.url}/Groups.svc?wsdl`, '--json', ...flag], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        (JSON.parse(r.stdout) as { services: { ports: { soapVersion: string }[] }[] }).services[0].ports[0].soapVersion,
        '1.2',
      );
    }
  } finally {
    await server.close();
  }
});

test('errors: a hostile or broken WSDL, a missing file, an unknown port: exit 2, a clear message, nothing written', async () => {
  const dir = workDir();
  const xxe = await ferry(['wsdl/hostile/xxe-file.wsdl', '--project', 'x.yaml'], dir);
  assert.equal(xxe.code, 2);
  assert.match(
    xxe.stderr,
    /^ferry: wsdl\/hostile\/xxe-file\.wsdl:5:\d+: a DOCTYPE is not accepted \(DTDs and entity declarations are never processed\)\n$/,
  );
  assert.ok(!xxe.stderr.includes('TOP-SECRET'));
  const lol = await ferry(['wsdl/hostile/billion-laughs.wsdl', '--json'], dir);
  assert.equal(lol.code, 2);
  assert.match(lol.stderr, /a DOCTYPE is not accepted/);
  const broken = await ferry(['wsdl/broken/unknown-type.wsdl', '--json'], dir);
  assert.equal(broken.code, 2);
  assert.match(
    broken.stderr,
    /type "Adress" of namespace "urn:broken" is not defined \(namespace "urn:broken" defines: Address\)/,
  );
  const lenient = await ferry(['wsdl/broken/missing-message.wsdl', '--json', '--lenient'], dir);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stderr, /ferry: warning: .*message "GetThingOut" .* is not defined.*\(operation left out\)/);
  const missing = await ferry(['nope.wsdl', '--json'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^ferry: cannot read nope\.wsdl \(ENOENT\)\n$/);
  const port = await ferry(['wsdl/soap12.wsdl', '--json', '--port', 'Nope'], dir);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /the WSDL has no SOAP port "Nope" \(it has: Groups\.GroupsSoap12\)/);
  const none = await ferry([], dir);
  assert.equal(none.code, 2);
  assert.match(
    none.stderr,
    /give a WSDL \(a file or an http\(s\) URL\) \(ferry-project\.yaml records no source to discover again\)/,
  );
  assert.equal(existsSync(join(dir, 'x.yaml')), false);
  assert.equal(existsSync(join(dir, 'ferry-project.yaml')), false);
});
