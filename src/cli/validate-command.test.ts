// `ferry validate` and `ferry serve` run one set of checks: a mapping the exposure cannot serve (an attribute a
// core Group lacks, a typo, a read-only SCIM attribute) fails both, with the same file:line:column and setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFerry, runFerryUntil } from '../test-support/run-ferry.ts';
import { runFerryInProcess } from '../test-support/run-ferry-in-process.ts';

const ENV = { VALIDATE_TEST_TOKEN: 'validate-test-token-0123456789' };

const CONFIG = `host: { listen: { host: 127.0.0.1, port: 0 }, dataDir: ./data, log: { level: warn } }
connectors:
  - name: TEAMS
    kind: memory
    secretToken: "\${env:VALIDATE_TEST_TOKEN}"
    autosyncMinutes: 0
    exposure: scim
    objectTypes:
      - name: Group
        anchor: name
        mapping:
          displayName: name
          description: description
          dispayName: name
          meta.created: created
        index: [name, nosuch]
    memory:
      objectTypes:
        - name: Group
          anchor: name
          attributes: [{ name: name }, { name: description }, { name: created, type: dateTime }]
`;

function workDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-validate-'));
  writeFileSync(join(dir, 'ferry.yaml'), text);
  return dir;
}

const problemLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => /ferry\.yaml:\d+:\d+:/.test(l))
    .map((l) => l.replace(/^ferry: /, ''));

test('validate refuses what serve refuses, each problem at file:line:column with the setting', async () => {
  const dir = workDir(CONFIG);
  const validate = await runFerry(['validate', 'ferry.yaml'], dir, ENV);
  assert.equal(validate.code, 2, validate.stdout + validate.stderr);
  const lines = problemLines(validate.stderr);
  const where = 'connector TEAMS, object type Group: ';
  const expected = [
    `ferry.yaml:13:11: connectors[0].objectTypes[0].mapping.description: ${where}Mapping path "description": unknown attribute "description".`,
    `ferry.yaml:14:11: connectors[0].objectTypes[0].mapping.dispayName: ${where}Mapping path "dispayName": unknown attribute "dispayName".`,
    `ferry.yaml:15:11: connectors[0].objectTypes[0].mapping["meta.created"]: ${where}Mapping path "meta.created": "meta.created" is read-only in SCIM`,
    `ferry.yaml:16:23: connectors[0].objectTypes[0].index[1]: ${where}"nosuch" is not a selected attribute.`,
  ];
  assert.equal(lines.length, expected.length, validate.stderr);
  for (const [i, e] of expected.entries()) assert.ok(lines[i].startsWith(e), `${lines[i]}\n  should start with\n${e}`);
  assert.match(lines[0], /custom extension schema/, 'the message says how to expose an attribute a core schema lacks');

  const serve = await runFerryUntil(['serve', '--config', 'ferry.yaml', '--http'], dir, /listening/, ENV);
  assert.equal(serve.code, 2, serve.stderr);
  assert.deepEqual(problemLines(serve.stderr), lines, 'serve reports exactly what validate reports');
});

test('a required project parameter that is missing, or an unknown one, fails validate like serve', async () => {
  const dir = workDir(`host: { listen: { host: 127.0.0.1, port: 0 }, dataDir: ./data }
connectors:
  - name: ACME
    kind: web-services
    secretToken: "\${env:VALIDATE_TEST_TOKEN}"
    connectivity: { project: ${JSON.stringify(join(process.cwd(), 'examples/demo-app/acme-project.yaml'))}, baseUrl: "http://127.0.0.1:9" }
    parameters: { apiKy: x }
    objectTypes:
      - { name: User, anchor: id }
`);
  for (const args of [
    ['validate', 'ferry.yaml'],
    ['serve', '--config', 'ferry.yaml', '--http'],
  ]) {
    // validate runs in this process (main(argv)); serve, which could start a host, in a child process.
    const r =
      args[0] === 'validate'
        ? await runFerryInProcess(args, dir, ENV)
        : await runFerryUntil(args, dir, /listening/, ENV);
    assert.equal(r.code, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /ferry\.yaml:7:5: connectors\[0\]\.parameters: the project needs the parameter "apiKey"/);
    assert.match(
      r.stderr,
      /ferry\.yaml:7:19: connectors\[0\]\.parameters\.apiKy: the project declares no parameter "apiKy"/,
    );
  }
});

test("the project's HTTP settings, once the connector's settings are in, are checked by both", async () => {
  const project = JSON.stringify(join(process.cwd(), 'examples/demo-app/acme-project.yaml'));
  const dir = workDir(`host: { listen: { host: 127.0.0.1, port: 0 }, dataDir: ./data }
connectors:
  - name: ACME
    kind: web-services
    secretToken: "\${env:VALIDATE_TEST_TOKEN}"
    connectivity: { project: ${project}, host: "app example" }
    parameters: { apiKey: x }
    objectTypes:
      - { name: User, anchor: id }
`);
  for (const args of [
    ['validate', 'ferry.yaml'],
    ['serve', '--config', 'ferry.yaml', '--http'],
  ]) {
    // validate runs in this process (main(argv)); serve, which could start a host, in a child process.
    const r =
      args[0] === 'validate'
        ? await runFerryInProcess(args, dir, ENV)
        : await runFerryUntil(args, dir, /listening/, ENV);
    assert.equal(r.code, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
    assert.match(
      r.stderr,
      /ferry\.yaml:6:5: connectors\[0\]\.connectivity: invalid HTTP settings: baseUrl is not a valid URL/,
    );
  }
});

test('a configuration that serve accepts is valid', async () => {
  const dir = workDir(
    CONFIG.replace(/^ {10}(description|dispayName|meta\.created):.*\n/gm, '').replace(', nosuch', ''),
  );
  const r = await runFerryInProcess(['validate', 'ferry.yaml'], dir, ENV);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ferry\.yaml: valid \(1 connector: TEAMS\)/);
});
