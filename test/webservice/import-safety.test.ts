// Import safety against the real demo application (its own process, fault injection on) and a real host: a
// malformed list page fails the full import and keeps the connector space, and an import that would remove more
// than the deletion threshold removes nothing until an operator allows it (CLI --allow-deletes, admin API).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { startDemoApp, startDemoHost, type DemoApp } from '../helpers/demo-app.ts';
import type { TestHost } from '../helpers/test-host.ts';

const ADMIN = 'admin-token-import-safety-0123';
let demo: DemoApp;
let t: TestHost;

before(async () => {
  demo = await startDemoApp({ args: ['--seed', '25'] });
  t = await startDemoHost(demo, { mutate: (c) => void (c.host.adminToken = ADMIN) });
});
after(async () => {
  await t?.stop();
  rmSync(t.dataDir, { recursive: true, force: true });
  await demo?.stop();
});

/** Runs a full import through the admin API; the last NDJSON event. */
async function importNow(query = ''): Promise<Record<string, any>> {
  const res = await fetch(`${t.host.baseUrl}/admin/connectors/SCIMAPP/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const lines = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return lines.at(-1);
}

const users = async () => (await t.scim('SCIMAPP', '/Users?count=0')).body.totalResults as number;

test('a malformed list page (200 {}, an empty 200, another shape) fails the import; the space keeps every user', async () => {
  assert.equal(await users(), 25);
  const faults = [
    { status: 200 }, // the app's error envelope with status 200: no "data"
    { status: 200, body: '' },
    { status: 200, body: '{}' },
    { status: 200, body: '{"data": {"id": "acc_000001"}}' },
    { status: 200, body: '[]' },
  ];
  for (const f of faults) {
    await demo.api('POST', '/_faults', { ...f, path: '/api/v1/accounts', method: 'GET', times: 1 });
    const last = await importNow();
    assert.equal(last.event, 'failed', `${JSON.stringify(f)}: ${JSON.stringify(last)}`);
    // Failed on the page itself, not merely held by the deletion threshold.
    assert.match(last.error, /paging: /, JSON.stringify(f));
    assert.equal(await users(), 25, JSON.stringify(f));
  }
  const one = await t.scim('SCIMAPP', '/Users/acc_000003');
  assert.equal(one.status, 200);
  const found = await t.scim('SCIMAPP', `/Users?filter=${encodeURIComponent('userName eq "user3"')}`);
  assert.equal(found.body.totalResults, 1);
  // The application answering well again: the import succeeds and removes nothing.
  const ok = await importNow();
  assert.equal(ok.event, 'done', JSON.stringify(ok));
  assert.equal(ok.report.types.find((x: { objectType: string }) => x.objectType === 'User').removed, 0);
});

test('deletion threshold: an import that would remove 15 of 25 users holds them; --allow-deletes lets it through', async () => {
  for (let n = 11; n <= 25; n++) {
    const r = await demo.api('DELETE', `/api/v1/accounts/acc_${String(n).padStart(6, '0')}`);
    assert.equal(r.status, 204, r.text);
  }
  const held = await importNow();
  assert.equal(held.event, 'failed');
  assert.match(held.error, /nothing was removed/);
  assert.match(held.error, /15 of 25 objects/);
  assert.match(held.error, /--allow-deletes/);
  assert.equal(await users(), 25, 'nothing removed');
  const status = await (
    await fetch(`${t.host.baseUrl}/admin/status`, { headers: { authorization: `Bearer ${ADMIN}` } })
  ).json();
  const last = status.connectors.find((c: { name: string }) => c.name === 'SCIMAPP').import.last;
  assert.deepEqual([last.ok, last.held], [false, { User: 15 }]);
  const logs = await (
    await fetch(`${t.host.baseUrl}/admin/logs?connector=SCIMAPP&status=failure&action=import-full`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
  ).json();
  assert.equal(logs.records[0].error.code, 'deletions_held');

  // The operator allows it from the command line.
  const cli = await promisify(execFile)(
    process.execPath,
    ['bin/ferry.mjs', 'import', 'SCIMAPP', '--allow-deletes', '--url', t.host.baseUrl],
    { env: { ...process.env, FERRY_ADMIN_TOKEN: ADMIN } },
  );
  assert.match(cli.stdout, /User: 10 read, .* 15 removed/);
  assert.equal(await users(), 10);
  assert.equal((await t.scim('SCIMAPP', '/Users/acc_000020')).status, 404);
});

test('deletion threshold through the admin API: allowDeletes=true', async () => {
  for (const n of [9, 10]) await demo.api('DELETE', `/api/v1/accounts/acc_${String(n).padStart(6, '0')}`);
  // 2 of 10 is 20%, but at most 10 removals are never held by the percentage.
  const small = await importNow();
  assert.equal(small.event, 'done', JSON.stringify(small));
  assert.equal(await users(), 8);
  await t.host.stop(2000);
  t = await startDemoHost(demo, {
    dataDir: t.dataDir,
    mutate: (c) => {
      c.host.adminToken = ADMIN;
      for (const cc of c.connectors) cc.deletionThreshold = { count: 0, percent: 100, minimum: 0 };
    },
  });
  await demo.api('DELETE', '/api/v1/accounts/acc_000008');
  assert.equal((await importNow()).event, 'failed', 'count 0 holds any removal');
  assert.equal(await users(), 8);
  const allowed = await importNow('?allowDeletes=true');
  assert.equal(allowed.event, 'done');
  assert.equal(await users(), 7);
});
