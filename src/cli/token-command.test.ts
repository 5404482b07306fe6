import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MIN_TOKEN_LENGTH } from '../config/host-config.ts';
import { isWeakToken, tokenProblem } from '../config/secrets.ts';

const BIN = fileURLToPath(new URL('../../bin/ferry.mjs', import.meta.url));

test('ferry token new prints a usable, strong token, different each time', () => {
  const run = () => execFileSync(process.execPath, [BIN, 'token', 'new'], { encoding: 'utf8' });
  const a = run().trim();
  const b = run().trim();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(tokenProblem(a, MIN_TOKEN_LENGTH), undefined);
  assert.equal(isWeakToken(a), false);
  assert.notEqual(a, b);
});
