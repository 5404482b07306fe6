// The Contoso Directory template as files: the project loads, its operations are what `ferry discover soap` finds in
// the WSDL (and rediscovery changes nothing but the time), and the host configuration validates.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadProject } from '../../src/webservice/project/load-project.ts';

const DIR = fileURLToPath(new URL('../../examples/directory-soap/', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

test('the project loads: SOAP 1.2 rpc operations, WS-Security digest, Person and Group with every flow', () => {
  const { project } = loadProject(join(DIR, 'directory-project.yaml'));
  const svc = project.services.directory;
  assert.equal(svc.kind, 'soap');
  assert.deepEqual(svc.soap?.wsSecurity, {
    type: 'usernameToken',
    username: '{{ params.user }}',
    password: '{{ params.password }}',
    digest: true,
  });
  const ops = svc.discovery.operations;
  assert.equal(Object.keys(ops).length, 16);
  for (const op of Object.values(ops)) {
    assert.equal(op.soap?.version, '1.2');
    assert.equal(op.soap?.style, 'rpc');
    assert.equal(op.soap?.namespace, 'urn:contoso:directory:2024');
  }
  assert.deepEqual(Object.keys(project.flows.objectTypes.Person).sort(), [
    'add',
    'delete',
    'fullImport',
    'get',
    'replace',
    'setPassword',
    'update',
  ]);
  assert.deepEqual(Object.keys(project.flows.objectTypes.Group).sort(), [
    'add',
    'delete',
    'fullImport',
    'get',
    'replace',
  ]);
  const person = project.schema.objectTypes.find((t) => t.name === 'Person')!;
  assert.equal(person.anchor, 'personId');
  assert.equal(person.attributes.find((a) => a.name === 'personId')?.readOnly, true);
  assert.equal(person.attributes.find((a) => a.name === 'export_password')?.writeOnly, true);
});

test('rediscovery from the WSDL (which imports its XSD) keeps every flow and finds the same operations', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'directory-project-'));
  try {
    for (const f of ['directory-project.yaml', 'directory.wsdl', 'directory-types.xsd'])
      copyFileSync(join(DIR, f), join(tmp, f));
    const project = join(tmp, 'directory-project.yaml');
    const r = await run(
      process.execPath,
      ['bin/ferry.mjs', 'discover', 'soap', join(tmp, 'directory.wsdl'), '--project', project],
      { cwd: REPO },
    );
    assert.match(r.stdout, /unchanged \(16\)/);
    const before = readFileSync(join(DIR, 'directory-project.yaml'), 'utf8');
    const after = readFileSync(project, 'utf8');
    const withoutTime = (s: string) => s.replace(/discoveredAt: .*/, '');
    assert.equal(withoutTime(after), withoutTime(before));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('ferry validate accepts the host configuration', async () => {
  const env = {
    ...process.env,
    FERRY_ADMIN_TOKEN: 'admin-token-0123456789',
    CONTOSODIR_TOKEN: 'scim-token-0123456789',
    CONTOSODIR_URL: 'http://127.0.0.1:8787',
    CONTOSODIR_USER: 'ferry-svc',
    CONTOSODIR_PASSWORD: 'Dir-Secret-0123456789',
  };
  const r = await run(process.execPath, ['bin/ferry.mjs', 'validate', join(DIR, 'ferry.yaml')], { cwd: REPO, env });
  assert.match(r.stdout + r.stderr, /valid \(1 connector: CONTOSODIR\)/);
});
