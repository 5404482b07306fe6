import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorAttribute } from '../connector/types.ts';
import { ConfigError } from './config-error.ts';
import type { MemoryAttributeConfig } from './host-config.ts';
import { loadHostConfig, parseHostConfig, redactConfig } from './load-config.ts';

// Compile-time check: a configured memory attribute is a connector contract attribute.
const asContract = (a: MemoryAttributeConfig): ConnectorAttribute => a;
void asContract;

const ENV = { APP1_TOKEN: 'app1-secret-token', ADMIN_TOKEN: 'admin-secret-token', PFX_PASS: 'pfx-pass-word' };

/** A complete, valid memory connector (lines matter: tests below point at them). */
const VALID = `host:
  adminToken: "\${env:ADMIN_TOKEN}"
connectors:
  - name: APP1
    kind: memory
    secretToken: "\${env:APP1_TOKEN}"
    parameters:
      apiKey: "\${env:APP1_TOKEN}"
      region: eu
      retries: 3
    objectTypes:
      - name: User
        anchor: userName
        attributes: [userName, firstName, email]
        mapping:
          userName: userName
          name.givenName: firstName
          'emails[type eq "work"].value': email
          active: active
        deprovisioning:
          disable: { flow: set, attribute: active }
    memory:
      file: app.json
      objectTypes:
        - name: User
          anchor: id
          generateAnchor: true
          attributes:
            - { name: id }
            - { name: userName, unique: true }
            - { name: firstName }
            - { name: email }
            - { name: active, type: boolean }
`;

/** Parses and expects a ConfigError; returns its message lines. */
function problems(text: string, env: Record<string, string> = ENV, file = 'ferry.yaml'): string[] {
  try {
    parseHostConfig(text, file, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message.split('\n');
  }
  assert.fail('expected a ConfigError');
}

/** VALID with one line replaced (1-based line number). */
function withLine(line: number, replacement: string, text = VALID): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

test('a valid configuration parses with every default applied', () => {
  const cfg = parseHostConfig(VALID, '/etc/ferry/ferry.yaml', ENV);
  assert.deepEqual(cfg.host.listen, { host: '0.0.0.0', port: 8585 });
  assert.equal(cfg.host.tls, undefined);
  assert.equal(cfg.host.http, false);
  assert.equal(cfg.host.allowNonLoopbackHttp, false);
  assert.equal(cfg.host.dataDir, '/etc/ferry/data');
  assert.equal(cfg.host.hostName, hostname());
  assert.equal(cfg.host.bodyLimitBytes, 1048576);
  assert.equal(cfg.host.adminToken, 'admin-secret-token');
  assert.deepEqual(cfg.host.log, { level: 'info' });
  assert.deepEqual(cfg.host.provisioningLog, { retentionDays: 30, logReads: false });

  const c = cfg.connectors[0];
  assert.equal(c.secretToken, 'app1-secret-token');
  assert.equal(c.autosyncMinutes, 120);
  assert.equal(c.exposure, 'ecma');
  assert.equal(c.pageSize, 500);
  assert.deepEqual(c.connectivity, {});
  assert.deepEqual(c.capabilities, {
    exportType: 'ObjectReplace',
    objectConfirmation: 'reread',
    import: true,
    deltaImport: false,
    export: true,
    exportPasswordInFirstPass: true,
    objectRename: false,
    dnStyle: 'generic',
  });
  assert.deepEqual(c.parameters, { apiKey: 'app1-secret-token', region: 'eu', retries: 3 });
  assert.deepEqual(c.partitions, [{ name: 'default' }]);
  assert.deepEqual(c.runProfiles, [
    { name: 'Export', type: 'export' },
    { name: 'Full Import', type: 'fullImport' },
    { name: 'Delta Import', type: 'deltaImport' },
  ]);

  const ot = c.objectTypes[0];
  assert.equal(ot.resource, 'User');
  assert.equal(ot.dn, 'CN={anchor},OBJECT=USER');
  assert.deepEqual(ot.mapping, {
    userName: 'userName',
    'name.givenName': 'firstName',
    'emails[type eq "work"].value': 'email',
    active: 'active',
  });
  assert.deepEqual(ot.deprovisioning, {
    disable: { flow: 'set', attribute: 'active', invert: false },
    delete: { flow: 'delete' },
  });

  const m = c.memory;
  assert.ok(m);
  assert.equal(m.file, 'app.json', 'kept relative: resolved against dataDir when the host starts');
  assert.equal(m.latencyMs, 0);
  assert.deepEqual(m.objectTypes[0].attributes[1], {
    name: 'userName',
    type: 'string',
    unique: true,
    multiValued: false,
    required: false,
    readOnly: false,
    writeOnly: false,
    caseExact: false,
  });
});

test('explicit settings win over defaults; relative paths are made absolute from the config file', () => {
  const text = `host:
  listen: { host: 127.0.0.1, port: 9443 }
  tls: { cert: ./tls/c.pem, key: /abs/k.pem }
  dataDir: ../var/ferry
  hostName: ferry.corp.test
  log: { level: debug }
connectors:
  - name: SAP_ECC
    kind: web-services
    secretToken: "0123456789abcdef"
    exposure: both
    autosyncMinutes: 0
    connectivity: { project: projects/sap.yaml, baseUrl: "https://sap.corp.test:8443/sap/bc/soap", port: 8443 }
    capabilities: { exportType: AttributeUpdate, objectConfirmation: trust }
    objectTypes:
      - { name: User, anchor: USERNAME, resource: User, dn: "UID={anchor}" }
      - { name: Role, anchor: ROLE }
`;
  const cfg = parseHostConfig(text, '/srv/ferry/conf/ferry.yaml', {});
  assert.deepEqual(cfg.host.tls, { cert: '/srv/ferry/conf/tls/c.pem', key: '/abs/k.pem' });
  assert.equal(cfg.host.dataDir, '/srv/ferry/var/ferry');
  assert.equal(cfg.host.hostName, 'ferry.corp.test');
  assert.equal(cfg.host.listen.port, 9443);
  const c = cfg.connectors[0];
  assert.equal(c.connectivity.project, '/srv/ferry/conf/projects/sap.yaml');
  assert.equal(c.capabilities.exportType, 'AttributeUpdate');
  assert.equal(c.capabilities.import, true);
  assert.equal(c.objectTypes[0].dn, 'UID={anchor}');
  assert.equal(c.objectTypes[1].resource, 'Role');
  assert.equal(c.objectTypes[1].dn, 'CN={anchor},OBJECT=ROLE');
});

test('an unknown key is reported at the key, with the allowed names', () => {
  const [line, ...rest] = problems(withLine(5, '    kind: memory\n    exposue: scim'));
  assert.equal(rest.length, 0);
  assert.match(
    line,
    /^ferry\.yaml:6:5: connectors\[0\]\.exposue: unknown property, did you mean "exposure"\? \(allowed: name, kind, secretToken/,
  );
});

test('a wrong type is reported at the setting with the expected type', () => {
  const text = withLine(2, '  adminToken: "${env:ADMIN_TOKEN}"\n  listen: { port: "eighty" }');
  assert.deepEqual(problems(text), ['ferry.yaml:3:13: host.listen.port: must be an integer (found a string)']);
});

test('a bad enum value lists the allowed values', () => {
  assert.deepEqual(problems(withLine(5, '    kind: sql')), [
    'ferry.yaml:5:5: connectors[0].kind: must be one of: memory, web-services',
  ]);
});

test('a missing required property points at the object that lacks it', () => {
  assert.deepEqual(problems(withLine(13, '')), [
    'ferry.yaml:12:9: connectors[0].objectTypes[0]: missing required property "anchor"',
  ]);
});

test('a short token is refused, written in clear or through a variable, without showing it', () => {
  assert.deepEqual(problems(withLine(6, '    secretToken: short')), [
    'ferry.yaml:6:5: connectors[0].secretToken: must be at least 12 characters',
  ]);
  const lines = problems(VALID, { ...ENV, APP1_TOKEN: 'tiny' });
  assert.deepEqual(lines, ['ferry.yaml:6:5: connectors[0].secretToken: must be at least 12 characters']);
  assert.ok(!lines.join('\n').includes('tiny'));
});

test('several problems are reported together, one per line, in file order', () => {
  const text = withLine(2, '  adminToken: "${env:ADMIN_TOKEN}"\n  bodyLimitBytes: 10', withLine(5, '    kind: sql'));
  assert.deepEqual(problems(text), [
    'ferry.yaml:3:3: host.bodyLimitBytes: must be >= 1024',
    'ferry.yaml:6:5: connectors[0].kind: must be one of: memory, web-services',
  ]);
});

test('connectivity.baseUrl may come from a variable and must be an http(s) URL once resolved', () => {
  const text = (url: string) => `connectors:
  - name: WS
    kind: web-services
    secretToken: "0123456789abcdef"
    connectivity: { project: p.yaml, baseUrl: "${url}" }
    objectTypes: [{ name: User, anchor: id }]
`;
  const cfg = parseHostConfig(text('${env:APP_URL}'), 'ferry.yaml', { APP_URL: 'https://app.test/api' });
  assert.equal(cfg.connectors[0].connectivity.baseUrl, 'https://app.test/api');
  assert.deepEqual(problems(text('ftp://x'), {}), [
    'ferry.yaml:5:38: connectors[0].connectivity.baseUrl: must be an http or https URL',
  ]);
});

test('a duplicate connector name is reported at the duplicate, naming the first line', () => {
  const second = `  - name: APP1
    kind: web-services
    secretToken: "0123456789abcdef"
    connectivity: { project: ./p.yaml }
    objectTypes: [{ name: User, anchor: id }]
`;
  const err = (() => {
    try {
      parseHostConfig(VALID + second, 'ferry.yaml', ENV);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ConfigError);
  assert.equal(err.message, 'ferry.yaml:34:5: connectors[1].name: duplicate connector name "APP1" (first at line 4)');
  assert.equal(err.file, 'ferry.yaml');
  assert.equal(err.line, 34);
  assert.equal(err.column, 5);
  assert.equal(err.path, 'connectors[1].name');
});

test('cross checks: project for web-services, memory options, attribute of a set disable flow', () => {
  const text = `connectors:
  - name: WS
    kind: web-services
    secretToken: "0123456789abcdef"
    objectTypes:
      - name: User
        anchor: id
        deprovisioning: { disable: { flow: set } }
  - name: MEM
    kind: memory
    secretToken: "0123456789abcdef"
    objectTypes: [{ name: User, anchor: id }]
`;
  assert.deepEqual(problems(text, {}), [
    'ferry.yaml:2:5: connectors[0].connectivity.project: required when kind is web-services',
    // not written: reported at the nearest written setting, `disable`
    'ferry.yaml:8:27: connectors[0].objectTypes[0].deprovisioning.disable.attribute: required when the disable flow is set',
    'ferry.yaml:9:5: connectors[1].memory: required when kind is memory',
  ]);
});

test('memory connector object types must use attributes the demo application has', () => {
  const text = withLine(
    14,
    '        attributes: [userName, nickName]',
    withLine(21, '          disable: { flow: set, attribute: firstName }'),
  );
  assert.deepEqual(problems(text), [
    'ferry.yaml:14:32: connectors[0].objectTypes[0].attributes[1]: "nickName" is not an attribute of User',
    'ferry.yaml:21:33: connectors[0].objectTypes[0].deprovisioning.disable.attribute: "firstName" is not a boolean attribute',
  ]);
});

test('YAML syntax errors and duplicate keys are reported with their position', () => {
  const [syntax] = problems('host:\n  listen: { port: 1\nconnectors: []\n');
  assert.match(syntax, /^ferry\.yaml:\d+:\d+: /);
  assert.deepEqual(problems(withLine(5, '    kind: memory\n    kind: memory')), [
    'ferry.yaml:6:5: duplicate key "kind"',
  ]);
  const [bad] = problems('host:\n  adminToken: "${env:X}\n');
  assert.match(bad, /^ferry\.yaml:3:1: Missing closing "quote/);
});

test('a YAML error message never quotes the source line (it could hold a secret)', () => {
  const lines = problems('host:\n  adminToken: "super-secret-value\n  x: [\n');
  assert.ok(lines.length > 0);
  assert.ok(!lines.join('\n').includes('super-secret-value'));
});

test('a missing environment variable names the variable, at the setting', () => {
  const lines = problems(VALID, { ADMIN_TOKEN: 'admin-secret-token' });
  assert.deepEqual(lines, [
    'ferry.yaml:6:5: connectors[0].secretToken: environment variable APP1_TOKEN is not set',
    'ferry.yaml:8:7: connectors[0].parameters.apiKey: environment variable APP1_TOKEN is not set',
  ]);
});

test('${file:} references resolve relative to the config file, trailing newline trimmed, also inside longer strings', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'token.txt'), 'file-secret-token\n');
  writeFileSync(join(dir, 'user.txt'), 'svc_ferry\r\n');
  const text = withLine(
    9,
    '      region: "user=${file:user.txt};token=${env:APP1_TOKEN}"',
    withLine(6, '    secretToken: "${file:./token.txt}"'),
  );
  const file = join(dir, 'ferry.yaml');
  writeFileSync(file, text);
  const cfg = loadHostConfig(file, ENV);
  assert.equal(cfg.connectors[0].secretToken, 'file-secret-token');
  assert.equal(cfg.connectors[0].parameters.region, 'user=svc_ferry;token=app1-secret-token');

  // A reference shorter than 12 characters is fine: the length rule applies to the resolved token.
  writeFileSync(join(dir, 't'), 'another-long-token');
  assert.equal(
    parseHostConfig(withLine(6, '    secretToken: ${file:t}'), file, ENV).connectors[0].secretToken,
    'another-long-token',
  );

  const missing = problems(withLine(6, '    secretToken: "${file:absent.txt}"'), ENV, file);
  assert.deepEqual(missing, [`${file}:6:5: connectors[0].secretToken: cannot read secret file absent.txt (ENOENT)`]);
});

test('loadHostConfig reports a missing file as a ConfigError naming it', () => {
  assert.throws(
    () => loadHostConfig('/nonexistent/ferry.yaml'),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, '/nonexistent/ferry.yaml: cannot read the configuration file (ENOENT)');
      return true;
    },
  );
});

test('redactConfig hides tokens, passphrases and parameters that were secret references', () => {
  const text = withLine(
    2,
    '  adminToken: "${env:ADMIN_TOKEN}"\n  tls: { pfx: ./h.pfx, passphrase: "${env:PFX_PASS}" }',
  );
  const cfg = parseHostConfig(text, '/etc/ferry/ferry.yaml', ENV);
  const red = redactConfig(cfg);
  assert.equal(red.host.adminToken, '[redacted]');
  assert.ok(red.host.tls && 'pfx' in red.host.tls);
  assert.equal(red.host.tls.passphrase, '[redacted]');
  assert.equal(red.host.tls.pfx, '/etc/ferry/h.pfx');
  assert.equal(red.connectors[0].secretToken, '[redacted]');
  assert.deepEqual(red.connectors[0].parameters, { apiKey: '[redacted]', region: 'eu', retries: 3 });
  const dump = JSON.stringify(red);
  for (const secret of Object.values(ENV)) assert.ok(!dump.includes(secret), `${secret} leaked`);
  // The original is untouched.
  assert.equal(cfg.connectors[0].secretToken, 'app1-secret-token');
  // A parameter named like a secret is hidden even when written in clear.
  const clear = parseHostConfig(withLine(9, '      clientSecret: in-clear-value'), 'ferry.yaml', ENV);
  assert.equal(redactConfig(clear).connectors[0].parameters.clientSecret, '[redacted]');
});
