import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FERRY_VERSION } from './version.ts';

test('the version is the one package.json gives', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(FERRY_VERSION, pkg.version);
  assert.match(FERRY_VERSION, /^\d+\.\d+\.\d+/);
});

test('ferry --version prints the same version', () => {
  const out = execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../bin/ferry.mjs', import.meta.url)), '--version'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(out.trim(), FERRY_VERSION);
});
