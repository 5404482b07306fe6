// The admin API and the CLI commands that use it, against a real host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runFerryInProcess } from '../../src/test-support/run-ferry-in-process.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const ADMIN = 'admin-token-0123456789';
let t: TestHost;
const admin = (path: string, init: RequestInit = {}, token = ADMIN) =>
  fetch(`${t.host.baseUrl}/admin${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
/** `ferry ARGS --url HOST` in a child process: the real binary. */
const spawnCli = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['bin/ferry.mjs', ...args, '--url', t.host.baseUrl], {
    env: { ...process.env, FERRY_ADMIN_TOKEN: ADMIN },
  }).then(
    (r) => ({ ...r, code: 0 }),

    (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, code: e.code }),
  );

/** `ferry ARGS --url HOST` in this process (main(argv)): no process start per command. */
const cli = (...args: string[]) =>
  runFerryInProcess([...args, '--url', t.host.baseUrl], process.cwd(), { FERRY_ADMIN_TOKEN: ADMIN });

before(async () => {
  t = await startTestHost({
    mutate: (c) => {
      c.host.adminToken = ADMIN;
    },
  });
  await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'adm@example.com' },
  });
  await t.scim('SCIMAPP', '/Users', {
    method: 'POST',
    json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'adm@example.com' },
  });
});
after(async () => {
  await t.stop();
});

test('the admin token is separate: SCIM tokens and wrong tokens are refused', async () => {
  assert.equal((await admin('/status', {}, 'test-token-0123456789abcdef')).status, 401);
  assert.equal((await admin('/status', {}, 'nope-nope-nope-nope')).status, 401);
  assert.equal((await t.scim('APP1', '/Users', { token: ADMIN })).status, 401);
});

test('status, test connection, import with streamed progress, provisioning log', async () => {
  const s = await (await admin('/status')).json();
  const scimapp = s.connectors.find((c: { name: string }) => c.name === 'SCIMAPP');
  assert.equal(scimapp.objectTypes.find((o: { name: string }) => o.name === 'User').objects, 1);
  const tc = await admin('/connectors/APP1/test', { method: 'POST' });
  assert.equal(tc.status, 200);
  assert.equal((await tc.json()).ok, true);
  const imp = await admin('/connectors/SCIMAPP/import', { method: 'POST' });
  const lines = (await imp.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines[0].event, 'started');
  assert.ok(lines.some((l) => l.event === 'progress'));
  assert.equal(lines.at(-1).event, 'done');
  const logs = await (await admin('/logs?connector=SCIMAPP&status=failure')).json();
  assert.equal(logs.records[0].error.code, 'uniqueness');
  assert.equal((await admin('/logs?limit=0')).status, 400);
  assert.equal((await admin('/connectors/NOPE/test', { method: 'POST' })).status, 404);
});

test('CLI: status, test-connection, import, logs; a wrong token is a clear error', async () => {
  const st = await spawnCli('status');
  assert.match(st.stdout, /SCIMAPP \(memory, scim style\): 1 User/);
  const tc = await cli('test-connection', 'APP1');
  assert.match(tc.stdout, /^OK/);
  const imp = await cli('import', 'SCIMAPP');
  assert.match(imp.stdout, /User: 1 read/);
  assert.match(imp.stdout, /Full import of SCIMAPP finished/);
  const logs = await cli('logs', '--connector', 'SCIMAPP', '--status', 'failure');
  assert.match(logs.stdout, /create FAILURE .*already exists/);
  const bad = await cli('status', '--token', 'wrong-wrong-wrong');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /refused the admin token/);
});
