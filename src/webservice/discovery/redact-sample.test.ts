// Discovery never writes a secret into a project: manual sample bodies and OpenAPI examples keep their shape, but
// secret-looking fields (password, hash, token, secret, key) hold a placeholder. Through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runFerry } from '../../test-support/run-ferry.ts';
import { isSecretName, REDACTED } from './redact-sample.ts';

const HASH = '$2b$12$Qe1pQmWn8m2Yc3YxJQ0sReGqGq7wG2cQ4Yb1l7bqk0Qz0x1y2z3a4';

test('secret-looking names', () => {
  for (const n of ['password', 'passwordHash', 'password_hash', 'api_key', 'x-api-key', 'apiKey', 'clientSecret'])
    assert.ok(isSecretName(n), n);
  for (const n of ['accessToken', 'refresh_token', 'pwd', 'hash', 'privateKey', 'newpassword'])
    assert.ok(isSecretName(n), n);
  for (const n of ['login', 'displayName', 'id', 'keyboardLayout', 'monkey', 'passport', 'email'])
    assert.ok(!isSecretName(n), n);
});

test('--manual: the sample response keeps its shape, the password hash and token do not reach the project', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-redact-'));
  const sample = {
    id: 'u1',
    login: 'jdoe',
    passwordHash: HASH,
    credentials: { apiToken: 'tok-3f9a8b7c6d5e', lastRotated: '2025-01-01' },
    sessions: [{ token: 'sess-1234567890', device: 'laptop' }],
  };
  const r = await runFerry(
    [
      'discover',
      'rest',
      '--manual',
      '--method',
      'GET',
      '--path',
      '/users/{id}',
      '--endpoint',
      'https://app.example.com/api',
      '--sample-response',
      JSON.stringify(sample),
      '--sample-request',
      JSON.stringify({ login: 'jdoe', password: 'Hunter2!x' }),
      '--project',
      'app.yaml',
    ],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'app.yaml'), 'utf8');
  for (const secret of [HASH, 'tok-3f9a8b7c6d5e', 'sess-1234567890', 'Hunter2!x'])
    assert.ok(!text.includes(secret), secret);
  const op = parse(text).services.api.discovery.operations.getUsersById;
  assert.deepEqual(op.responses['200'].example, {
    id: 'u1',
    login: 'jdoe',
    passwordHash: REDACTED,
    credentials: { apiToken: REDACTED, lastRotated: REDACTED },
    sessions: [{ token: REDACTED, device: 'laptop' }],
  });
  assert.deepEqual(op.requestBody.example, { login: 'jdoe', password: REDACTED });
  assert.equal(op.responses['200'].schema.properties.passwordHash.type, 'string', 'the shape stays');
});

test('OpenAPI: examples, property examples and parameter defaults of secret fields are redacted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-redact-'));
  const doc = {
    openapi: '3.0.3',
    info: { title: 'Accounts', version: '1' },
    servers: [{ url: 'https://accounts.example.com/v1' }],
    paths: {
      '/accounts': {
        post: {
          operationId: 'createAccount',
          parameters: [{ name: 'X-Api-Key', in: 'header', schema: { type: 'string', default: 'ak-live-998877' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    login: { type: 'string', example: 'jdoe' },
                    password: { type: 'string', example: 'S3cret-example!' },
                  },
                },
                example: { login: 'jdoe', password: 'S3cret-example!', secret: { answer: 'blue-42' } },
              },
            },
          },
          responses: {
            '201': {
              description: 'created',
              content: { 'application/json': { example: { id: 'a1', passwordHash: HASH } } },
            },
          },
        },
      },
    },
  };
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
  const r = await runFerry(['discover', 'rest', 'openapi.json', '--project', 'app.yaml'], dir);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'app.yaml'), 'utf8');
  for (const secret of [HASH, 'S3cret-example!', 'blue-42', 'ak-live-998877'])
    assert.ok(!text.includes(secret), secret);
  assert.match(text, /jdoe/, 'other sample values are kept');
});
