// `ferry discover rest` end to end: its output, files and exit codes. The command runs in this process (main(argv))
// but for one case that runs the real binary in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../../test-support/http-server.ts';
import { runFerryInProcess } from '../../test-support/run-ferry-in-process.ts';
import { loadProject } from '../project/load-project.ts';

const bin = fileURLToPath(new URL('../../../bin/ferry.mjs', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const demoApp = fileURLToPath(new URL('../../../examples/demo-app/openapi.yaml', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ferry discover rest ARGS` in a child process: the real binary. */
function spawnFerry(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'discover', 'rest', ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `ferry discover rest ARGS` in this process. */
function ferry(args: string[], cwd: string): Promise<Run> {
  return runFerryInProcess(['discover', 'rest', ...args], cwd);
}

test('--json prints the discovery and writes nothing; --project writes a project that loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  const json = await spawnFerry([fixture('openapi30-directory.yaml'), '--json'], dir);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout) as { baseUrl: string; operations: Record<string, unknown>; warnings: string[] };
  assert.equal(out.baseUrl, 'https://acme.directory.example.com/api/v2');
  assert.ok(out.operations.getOrgUnit);
  assert.match(json.stderr, /ferry: warning: TRACE \/users\/\{userId\} skipped/);
  assert.equal(existsSync(join(dir, 'ferry-project.yaml')), false);

  const write = await ferry([demoApp, '--project', 'app.yaml', '--endpoint', 'http://127.0.0.1:8080/'], dir);
  assert.equal(write.code, 0, write.stderr);
  assert.match(
    write.stdout,
    /^app\.yaml: created with service "api" \(http:\/\/127\.0\.0\.1:8080\), from .*examples\/demo-app\/openapi\.yaml\n {2}added \(20\): listAccounts, createAccount/,
  );
  assert.equal(write.stderr, '', 'no warning about the relative server URL once --endpoint gives the base URL');
  const { project } = loadProject(join(dir, 'app.yaml'));
  assert.equal(project.services.api.http.baseUrl, 'http://127.0.0.1:8080');
  assert.match(
    project.services.api.discovery.source ?? '',
    /^(\.\.\/)+.*examples\/demo-app\/openapi\.yaml$/,
    'the source is relative to the project',
  );
});

test('rediscovery with --prune reports what was added, updated, removed and kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  copyFileSync(fixture('project-with-flows.yaml'), join(dir, 'project.yaml'));
  copyFileSync(fixture('openapi30-directory.yaml'), join(dir, 'openapi.yaml'));
  const r = await ferry(['openapi.yaml', '--project', 'project.yaml', '--prune'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `project.yaml: service "dir" updated, from openapi.yaml
  added (5): listUsers, createUser, patchUsersByUserId2, patchUsersByUserId, getOrgUnit
  updated (1): getUser
  removed (1): oldUnused
  missing from the source, kept because a flow calls them (1): legacyExport
`,
  );
  assert.equal(loadProject(join(dir, 'project.yaml')).project.services.dir.discovery.source, 'openapi.yaml');
  // Without a document: the source the project recorded (relative to the project's folder).
  const again = await ferry(['--project', 'project.yaml'], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(
    again.stdout,
    /unchanged \(6\)\n {2}missing from the source, kept \(1\): legacyExport \(--prune removes them\)\n {2}no operation changed\n$/,
  );
});

test('--manual: one operation by hand into the default project file, and as JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  const r = await ferry(
    [
      '--manual',
      '--method',
      'GET',
      '--path',
      '/users/{id}',
      '--endpoint',
      'https://app.example.com/api',
      '--param',
      'expand:query',
      '--param',
      'X-Tenant:header:required',
      '--sample-response',
      '{"id":"u1","login":"jdoe"}',
    ],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^ferry-project\.yaml: created with service "api" \(https:\/\/app\.example\.com\/api\)\n {2}added \(1\): getUsersById\n$/,
  );
  const op = loadProject(join(dir, 'ferry-project.yaml')).project.services.api.discovery.operations.getUsersById;
  assert.deepEqual(
    op.parameters.map((p) => `${p.name}:${p.in}:${p.required}`),
    ['id:path:true', 'expand:query:false', 'X-Tenant:header:true'],
  );

  const j = await ferry(
    [
      '--manual',
      '--method',
      'post',
      '--path',
      '/users',
      '--operation-id',
      'createUser',
      '--sample-request',
      '{"login":"x"}',
      '--project',
      'ferry-project.yaml',
      '--json',
    ],
    dir,
  );
  assert.equal(j.code, 0, j.stderr);
  const out = JSON.parse(j.stdout) as { operations: Record<string, { method: string }>; project: { added: string[] } };
  assert.equal(out.operations.createUser.method, 'POST');
  assert.deepEqual(out.project.added, ['createUser']);
  assert.deepEqual(
    Object.keys(loadProject(join(dir, 'ferry-project.yaml')).project.services.api.discovery.operations),
    ['getUsersById', 'createUser'],
  );
});

test('a document fetched from a URL', async () => {
  const server = await startTestServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(readFileSync(fixture('openapi31-tickets.json')));
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
    const r = await ferry([`${server.url}/specs/tickets.json`, '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { baseUrl: string; source: string };
    assert.equal(out.baseUrl, `${server.url}/tickets-api/v1`);
    assert.equal(out.source, `${server.url}/specs/tickets.json`);
  } finally {
    await server.close();
  }
});

test('errors exit 2 with a clear message and write nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));
  const cases: [string[], RegExp][] = [
    [[], /ferry: give an OpenAPI document \(a file or an http\(s\) URL\), or describe an operation with --manual/],
    [['missing.yaml'], /ferry: cannot read missing\.yaml \(ENOENT\)/],
    [
      [fixture('external-ref.yaml'), '--json'],
      /\$ref "common\.yaml#\/components\/schemas\/ThingPage" points outside this document/,
    ],
    [
      [demoApp],
      /ferry: ferry-project\.yaml does not exist and the source gives no absolute base URL: pass --endpoint URL/,
    ],
    [[demoApp, '--method', 'GET'], /ferry: --method is for --manual/],
    [['--manual', '--method', 'GET'], /ferry: --manual needs --method and --path/],
    [
      ['--manual', '--method', 'GET', '--path', '/x', '--sample-response', '{nope'],
      /ferry: the sample response is not JSON/,
    ],
    [[demoApp, '--bogus'], /unknown option '--bogus'/],
  ];
  for (const [args, pattern] of cases) {
    const r = await ferry(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stdout, '');
  }
  assert.equal(existsSync(join(dir, 'ferry-project.yaml')), false);
});
