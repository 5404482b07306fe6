// The shard entry (scripts/test-shard-entry.mjs) runs several test files in one process: each file's hooks must stay
// its own, so that one file that cannot start fails its own tests and no other file's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.fixture.mjs`, import.meta.url));

test("a file whose before hook fails fails its own tests, not another file's", () => {
  const r = spawnSync(
    process.execPath,
    ['--test-reporter=tap', 'scripts/test-shard-entry.mjs', fixture('hooks-failing'), fixture('hooks-ok')],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  assert.match(r.stdout, /^ok \d+ - test\/scripts\/fixtures\/hooks-ok\.fixture\.mjs$/m, r.stdout);
  assert.match(r.stdout, /^not ok \d+ - test\/scripts\/fixtures\/hooks-failing\.fixture\.mjs$/m);
  assert.match(r.stdout, /^# pass 1$/m);
  assert.notEqual(r.status, 0);
});
