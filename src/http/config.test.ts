// The settings schema as a project file uses it: the project's own YAML loader (strict Ajv, defaults filled)
// accepts a full example, fills defaults, and reports mistakes with their line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { parseYaml } from '../config/load-yaml.ts';
import { ConfigError } from '../config/config-error.ts';
import { HttpSettingsSchema, resolveHttpSettings } from './config.ts';
import { PagingSchema } from './paging/config.ts';

const EXAMPLE = `
baseUrl: https://hr.example.com/api/v2
auth:
  type: oauth2ClientCredentials
  tokenUrl: https://login.example.com/oauth2/token
  clientId: ferry
  clientSecret: resolved-secret
  scope: users.read users.write
  authStyle: header
tls:
  ca: "-----BEGIN CERTIFICATE-----\\n...\\n-----END CERTIFICATE-----"
timeouts:
  requestMs: 10000
retry:
  maxAttempts: 5
  retryOn: [429, 503, 5xx, timeout, network]
limits:
  concurrency: 4
  ratePerSecond: 10
success:
  status: [2xx, 404]
  body: { path: result.status, equals: OK }
proxy: http://proxy.corp:3128
headers:
  Accept: application/json
`;

test('a full example loads with the project YAML loader; defaults are filled', () => {
  const { value } = parseYaml(EXAMPLE, 'project.yaml', HttpSettingsSchema);
  assert.equal(value.timeouts.requestMs, 10000);
  assert.equal(value.timeouts.operationMs, 120000);
  assert.equal(value.retry.baseDelayMs, 200);
  assert.equal(value.retry.maxDelayMs, 20000);
  assert.equal(value.retry.retryNonIdempotent, false);
  assert.deepEqual(value.retry.retryOn, [429, 503, '5xx', 'timeout', 'network']);
  assert.equal(value.limits.burst, 1);
  assert.equal(value.tls.rejectUnauthorized, true);
  assert.deepEqual(value.success.status, ['2xx', 404]);
  assert.equal(value.auth?.type, 'oauth2ClientCredentials');
});

test('a minimal file gets every default, the same as resolveHttpSettings', () => {
  const { value } = parseYaml('baseUrl: http://app.local\n', 'p.yaml', HttpSettingsSchema);
  assert.deepEqual(value, resolveHttpSettings({ baseUrl: 'http://app.local' }));
  assert.deepEqual(value.retry.retryOn, [429, 503, 'timeout', 'network']);
  assert.deepEqual(value.success.status, ['2xx']);
  assert.equal(value.limits.concurrency, 8);
});

test('every auth variant validates', () => {
  const variants = [
    'type: none',
    'type: basic\n  username: u\n  password: p',
    'type: bearer\n  token: t',
    'type: apiKey\n  name: X-Api-Key\n  in: header\n  value: k',
    'type: session\n  login:\n    path: /login\n    body: { user: "{{username}}", pass: "{{password}}" }\n    tokenFrom: { cookie: SID }\n  params: { username: u, password: p }\n  use: { cookie: SID }\n  ttlSeconds: 900',
    'type: clientCertificate\n  cert: C\n  key: K',
  ];
  for (const v of variants) parseYaml(`baseUrl: https://a\nauth:\n  ${v}\n`, 'p.yaml', HttpSettingsSchema);
});

test('mistakes are reported with their line', () => {
  const bad =
    'baseUrl: https://a\nretry:\n  maxAttemps: 3\nauth:\n  type: apiKey\n  name: k\n  in: cookie\n  value: v\n';
  assert.throws(
    () => parseYaml(bad, 'p.yaml', HttpSettingsSchema),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const lines = e.problems.map((p) => p.line);
      assert.ok(lines.includes(3), `maxAttemps on line 3: ${e.message}`);
      return true;
    },
  );
});

test('paging settings validate too', () => {
  const Wrapper = Type.Object({ paging: PagingSchema }, { additionalProperties: false });
  for (const p of [
    '{ type: offsetLimit, offsetParam: offset, limitParam: limit, pageSize: 100 }',
    '{ type: pageNumber, pageParam: page, sizeParam: size, pageSize: 50, firstPage: 0 }',
    '{ type: cursor, param: cursor, from: meta.next }',
    '{ type: nextLink, from: link-header }',
    '{ type: keyset, param: after, field: id, pageSize: 200 }',
  ])
    parseYaml(`paging: ${p}\n`, 'p.yaml', Wrapper);
  assert.throws(() => parseYaml('paging: { type: cursor, param: c }\n', 'p.yaml', Wrapper), ConfigError);
});
