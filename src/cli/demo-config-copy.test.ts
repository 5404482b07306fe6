import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCheckedHostConfig } from '../host/check-setup.ts';
import { demoConfigCopy } from './demo-config-copy.ts';

const DEMO = fileURLToPath(new URL('../../examples/demo/ferry.yaml', import.meta.url));

test("the demo's own copy: made once with its projects beside it, loads like the example, later edits kept", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-demo-copy-'));
  try {
    const original = readFileSync(DEMO, 'utf8');
    const copy = demoConfigCopy(DEMO, join(dir, 'host'));
    assert.equal(copy, join(dir, 'host', 'ferry.yaml'));
    assert.match(readFileSync(copy, 'utf8'), /project: acme-project\.yaml/);
    assert.match(readFileSync(copy, 'utf8'), /# /, 'comments are kept');
    readFileSync(join(dir, 'host', 'acme-project.yaml'));
    const env = {
      FERRY_DEMO_TOKEN: 'demo-token-0123456789',
      FERRY_ADMIN_TOKEN: 'demo-admin-0123456789',
      FERRY_DEMO_APP_URL: 'http://127.0.0.1:1',
      FERRY_DEMO_APP_KEY: 'demo-key-0123456789',
    };
    const { config } = await loadCheckedHostConfig(copy, env);
    assert.equal(config.connectors[0].connectivity.project, join(dir, 'host', 'acme-project.yaml'));
    writeFileSync(copy, `${readFileSync(copy, 'utf8')}\n# changed in the console\n`);
    assert.equal(demoConfigCopy(DEMO, join(dir, 'host')), copy);
    assert.match(readFileSync(copy, 'utf8'), /changed in the console/, 'a later start keeps the copy');
    assert.equal(readFileSync(DEMO, 'utf8'), original, "the package's example is untouched");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
