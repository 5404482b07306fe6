// The console's read-only data routes: connector-space search and paging, one object with its history, the
// provisioning log downloaded as CSV and JSON, the runs, and the dashboard's activity aggregated by SQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type ConsoleClient, type ConsoleHost, startSignedIn } from './console-helpers.ts';

let h: ConsoleHost;
let c: ConsoleClient;
before(async () => {
  ({ h, c } = await startSignedIn());
  for (let i = 0; i < 30; i++) {
    const name = `user${String(i).padStart(2, '0')}`;
    await h.host.store.put('HR', 'User', name, `CN=${name}`, { userName: name, email: `${name}@example.com` });
  }
  const now = Date.now();
  for (let i = 0; i < 40; i++)
    h.host.provisioningLog.record({
      time: new Date(now - i * 60_000).toISOString(),
      connector: 'HR',
      objectType: 'User',
      object: `user${String(i % 5).padStart(2, '0')}`,
      action: i % 2 ? 'create' : 'replace',
      status: i % 4 === 0 ? 'failure' : 'success',
      durationMs: i,
      ...(i % 4 === 0
        ? { error: { code: 'export_failed', message: 'refused, "quoted"', recommendation: 'fix it' } }
        : {}),
    });
  await h.host.provisioningLog.flush();
});
after(() => h.stop());

test('space search by anchor prefix and by attribute, keyset paged', async () => {
  const p1 = await c.api('GET', '/connectors/HR/space/User?limit=10');
  assert.equal(p1.body.objects.length, 10);
  assert.equal(p1.body.next, 'user09');
  const p2 = await c.api('GET', `/connectors/HR/space/User?limit=25&after=${p1.body.next}`);
  assert.equal(p2.body.objects[0].anchor, 'user10');
  assert.equal(p2.body.objects.length, 20);
  assert.equal(p2.body.next, undefined);
  const pre = await c.api('GET', '/connectors/HR/space/User?prefix=user1');
  assert.deepEqual(
    pre.body.objects.map((o: { anchor: string }) => o.anchor),
    ['user10', 'user11', 'user12', 'user13', 'user14', 'user15', 'user16', 'user17', 'user18', 'user19'],
  );
  const byMail = await c.api('GET', '/connectors/HR/space/User?attribute=userName&value=USER07');
  assert.deepEqual(
    byMail.body.objects.map((o: { anchor: string }) => o.anchor),
    ['user07'],
  );
  assert.equal((await c.api('GET', '/connectors/HR/space/Nope')).status, 404);
});

test('one object with its attributes, version and provisioning-log history', async () => {
  const r = await c.api('GET', '/connectors/HR/space/User/user03');
  assert.equal(r.status, 200);
  assert.equal(r.body.object.attributes.email, 'user03@example.com');
  assert.equal(r.body.object.version, 1);
  assert.equal(r.body.log.length, 8);
  assert.ok(r.body.log.every((x: { object: string }) => x.object === 'user03'));
  assert.equal((await c.api('GET', '/connectors/HR/space/User/ghost')).status, 404);
});

test('the filtered log downloads as CSV and JSON', async () => {
  const csv = await c.api('GET', '/logs/export?format=csv&connector=HR&status=failure');
  assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="ferry-provisioning-log.csv"/);
  const lines = String(csv.body).trim().split('\r\n');
  assert.equal(lines[0], 'id,time,connector,objectType,object,action,status,durationMs,error,recommendation,requestId');
  assert.equal(lines.length, 1 + 10);
  assert.match(lines[1], /"refused, ""quoted"""/);
  const json = await c.api('GET', '/logs/export?format=json&connector=HR&action=create');
  assert.equal(json.body.length, 20);
  assert.ok(json.body.every((r: { action: string }) => r.action === 'create'));
  const since = new Date(Date.now() - 10.5 * 60_000).toISOString();
  const until = new Date(Date.now() - 4.5 * 60_000).toISOString();
  const ranged = await c.api('GET', `/logs/export?format=json&since=${since}&until=${until}&connector=HR`);
  assert.equal(ranged.body.length, 6);
  assert.equal((await c.api('GET', '/logs/export?format=xml')).status, 400);
});

test('runs history and the dashboard with activity per interval', async () => {
  const runs = await c.api('GET', '/runs?connector=HR');
  assert.ok(runs.body.runs.length >= 1, 'the start-up import');
  assert.equal(runs.body.runs[0].kind, 'full');
  const d = await c.api('GET', '/dashboard?hours=1&buckets=6');
  assert.equal(d.status, 200);
  assert.equal(d.body.bucketSeconds, 600);
  assert.equal(d.body.connectors[0].name, 'HR');
  assert.match(d.body.connectors[0].tenantUrl, /\/ecma2host_HR\/scim$/);
  assert.equal(d.body.certificate.source, 'generated');
  const hr = d.body.activity.filter((a: { connector: string }) => a.connector === 'HR');
  const ops = hr.reduce((n: number, a: { success: number; failure: number }) => n + a.success + a.failure, 0);
  assert.ok(ops >= 40, `${ops}`);
  assert.equal(
    hr.reduce((n: number, a: { failure: number }) => n + a.failure, 0),
    10,
  );
  assert.ok(hr.every((a: { maxMs: number; avgMs: number }) => a.maxMs >= a.avgMs));
  assert.ok(hr.every((a: { maxMs: number; p50Ms: number; p95Ms: number }) => a.p50Ms <= a.p95Ms && a.p95Ms <= a.maxMs));
});

test('the log list takes a time range: since inclusive, until exclusive, paged within it', async () => {
  const since = new Date(Date.now() - 10.5 * 60_000).toISOString();
  const until = new Date(Date.now() - 4.5 * 60_000).toISOString();
  const range = `connector=HR&since=${since}&until=${until}`;
  const all = await c.api('GET', `/logs?${range}`);
  assert.equal(all.status, 200);
  assert.equal(all.body.records.length, 6);
  assert.ok(all.body.records.every((r: { time: string }) => r.time >= since && r.time < until));
  const p1 = await c.api('GET', `/logs?${range}&limit=4`);
  const p2 = await c.api('GET', `/logs?${range}&limit=4&before=${p1.body.records.at(-1).id}`);
  assert.deepEqual(
    [...p1.body.records, ...p2.body.records].map((r: { id: number }) => r.id),
    all.body.records.map((r: { id: number }) => r.id),
  );
  // A record exactly at `until` is left out; the same time as `since` keeps it.
  const edge = all.body.records
    .map((r: { time: string }) => r.time)
    .sort()
    .at(-1);
  const upTo = await c.api('GET', `/logs?connector=HR&since=${since}&until=${edge}`);
  assert.equal(upTo.body.records.length, 5);
  assert.equal((await c.api('GET', `/logs?connector=HR&since=${edge}&until=${until}`)).body.records.length, 1);
  const bad = await c.api('GET', '/logs?until=yesterday');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /until must be a date and time/);
  assert.equal((await c.api('GET', '/logs/export?format=json&since=soon')).status, 400);
});
