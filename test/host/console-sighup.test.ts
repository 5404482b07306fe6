// SIGHUP reloads the configuration of a real `ferry serve` process: a good file adds a connector, a bad one is
// refused in the log with its line and the host keeps serving.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { runFerryInProcess } from '../../src/test-support/run-ferry-in-process.ts';
import { CONFIG, HR_TOKEN } from './console-helpers.ts';

const bin = fileURLToPath(new URL('../../bin/ferry.mjs', import.meta.url));
const ADMIN = 'sighup-admin-token-0123456789';
let child: ChildProcess;
let dir: string;
let out = '';
let base = '';

/** Waits until the process's output matches `re` (after `from` characters). */
async function waitFor(re: RegExp, from = 0): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const m = re.exec(out.slice(from));
    if (m) return m[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${re}; output:\n${out}`);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-sighup-'));
  writeFileSync(join(dir, 'ferry.yaml'), CONFIG);
  child = spawn(process.execPath, [bin, 'serve', '--config', 'ferry.yaml', '--http', '--port', '0'], {
    cwd: dir,
    env: { ...process.env, FERRY_ADMIN_TOKEN: ADMIN, FERRY_READONLY_TOKEN: `${ADMIN}-ro`, HR_TOKEN },
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  base = (await waitFor(/http:\/\/127\.0\.0\.1:\d+/)).trim();
});
after(async () => {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('close', r));
  rmSync(dir, { recursive: true, force: true });
});

const scim = (name: string) =>
  fetch(`${base}/connectors/${name}/scim/Users`, { headers: { authorization: `Bearer ${HR_TOKEN}` } });

test('SIGHUP applies a good file and refuses a bad one, the host serving throughout', async () => {
  assert.equal((await scim('CRM')).status, 404);
  writeFileSync(
    join(dir, 'ferry.yaml'),
    CONFIG.replace(
      '  - name: HR\n',
      '  - name: CRM\n    kind: memory\n    secretToken: "${env:HR_TOKEN}"\n    objectTypes: [{ name: User, anchor: userName, attributes: [userName] }]\n    memory: { objectTypes: [{ name: User, anchor: userName, attributes: [{ name: userName }] }] }\n  - name: HR\n',
    ),
  );
  let mark = out.length;
  child.kill('SIGHUP');
  await waitFor(/configuration reloaded/, mark);
  assert.equal((await scim('CRM')).status, 200);

  writeFileSync(join(dir, 'ferry.yaml'), CONFIG.replace('pageSize: 500', 'pageSize: nine'));
  mark = out.length;
  child.kill('SIGHUP');
  const refused = await waitFor(/.*reload refused.*/, mark);
  assert.match(refused, /ferry\.yaml:\d+:\d+: connectors\[\d\]\.pageSize/);
  assert.equal((await scim('CRM')).status, 200, 'the running configuration is kept');
  assert.equal((await scim('HR')).status, 200);
});

test('ferry reload applies the file through the admin API and prints each problem of a bad one', async () => {
  const common = ['--url', base, '--token', ADMIN];
  writeFileSync(join(dir, 'ferry.yaml'), CONFIG);
  const ok = await runFerryInProcess(['reload', ...common], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Configuration reloaded\.\n {2}removed: CRM/);
  writeFileSync(join(dir, 'ferry.yaml'), CONFIG.replace('pageSize: 500', 'pageSize: nine'));
  const bad = await runFerryInProcess(['reload', ...common], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /The configuration file was refused/);
  assert.match(bad.stderr, /\n {2}.*ferry\.yaml:\d+:\d+: connectors\[0\]\.pageSize/);
  const ro = await runFerryInProcess(['reload', '--url', base, '--token', `${ADMIN}-ro`], dir);
  assert.match(ro.stderr, /read-only role cannot make changes/);
});
