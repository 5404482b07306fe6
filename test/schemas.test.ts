// The committed JSON Schemas (editor help) are what the TypeBox sources produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

test('schemas/*.schema.json are up to date (npm run schema after a change)', async () => {
  const r = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    'scripts/write-config-schema.ts',
    '--check',
  ]).catch((e: { stderr: string; code: number }) => e);
  assert.ok(!('code' in r) || r.code === 0, 'stderr' in r ? r.stderr : '');
});
