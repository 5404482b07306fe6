import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASK, maskSecrets } from './mask-secrets.ts';

test('secret-named settings are masked at any depth; references and other settings are kept', () => {
  const input = {
    name: 'HR',
    secretToken: 'literal-token-0123456789',
    previousSecretTokens: [{ token: '${file:secrets/old.token}', validUntil: '2030-01-01T00:00:00Z' }, { token: 'x' }],
    parameters: { apiKey: 'k-123', password: '${env:PW}', baseUrl: 'https://app' },
    pageSize: 500,
  };
  assert.deepEqual(maskSecrets(input), {
    name: 'HR',
    secretToken: MASK,
    previousSecretTokens: [{ token: '${file:secrets/old.token}', validUntil: '2030-01-01T00:00:00Z' }, { token: MASK }],
    parameters: { apiKey: MASK, password: '${env:PW}', baseUrl: 'https://app' },
    pageSize: 500,
  });
  assert.equal(input.secretToken, 'literal-token-0123456789', 'the input is not changed');
});

test("a store's url and the password of any URL written with one are masked; references are kept", () => {
  const host = {
    store: { kind: 'postgres', url: 'postgres://ferry:s3cret@db.example.com:5432/ferry', schema: 'ferry' },
    dataDir: '/var/lib/ferry',
  };
  assert.deepEqual(maskSecrets(host), { store: { ...host.store, url: MASK }, dataDir: '/var/lib/ferry' });
  assert.deepEqual(maskSecrets({ store: { url: '${env:FERRY_DATABASE_URL}' } }), {
    store: { url: '${env:FERRY_DATABASE_URL}' },
  });
  const masked = JSON.stringify(
    maskSecrets({ parameters: { dsn: 'postgres://app:pw-123@db/app', baseUrl: 'https://user@app.example.com/x' } }),
  );
  assert.doesNotMatch(masked, /pw-123/);
  assert.match(masked, /postgres:\/\/app:\*\*\*@db\/app/);
  assert.match(masked, /https:\/\/user@app\.example\.com\/x/, 'a URL without a password is kept');
});
