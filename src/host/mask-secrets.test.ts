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
