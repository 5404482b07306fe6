// Two hosts on one PostgreSQL schema, both active behind a round-robin proxy: reads after writes, If-Match, a
// PATCH storm on one group and creates of one userName through both hosts, /health and Okta's SCIM test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runFerry } from '../../src/test-support/run-ferry.ts';
import { conformanceDir } from '../helpers/shared.ts';
import { CLUSTER_TOKEN, scim, startCluster, user, type Cluster } from './cluster.ts';

describe('two hosts on one PostgreSQL schema behind a round-robin proxy', () => {
  let c: Cluster;
  const on = (i: number) => `${c.hosts[i % c.hosts.length].url}/connectors/SCIMAPP/scim`;

  before(async () => {
    c = await startCluster({ hosts: 2 });
  });
  after(async () => {
    await c?.stop();
  });

  test('a write through one host is read back by the next request on the other', async () => {
    const created = await scim(`${on(0)}/Users`, 'POST', user('raw.one@example.com'));
    assert.equal(created.status, 201);
    const id = created.json.id as string;
    for (let i = 0; i < 6; i++) {
      const title = `title ${i}`;
      const patched = await scim(`${on(i)}/Users/${id}`, 'PATCH', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: title }],
      });
      assert.equal(patched.status, 200);
      const read = await scim(`${on(i + 1)}/Users/${id}`, 'GET');
      assert.equal(read.json.title, title, `host ${(i + 1) % 2} sees the change made on host ${i % 2}`);
      assert.equal(read.headers.get('etag'), patched.headers.get('etag'));
      const found = await scim(`${on(i + 1)}/Users?filter=${encodeURIComponent(`title eq "${title}"`)}`, 'GET');
      assert.equal(found.json.totalResults, 1);
    }
    assert.equal((await scim(`${on(1)}/Users/${id}`, 'DELETE')).status, 204);
    assert.equal((await scim(`${on(0)}/Users/${id}`, 'GET')).status, 404);
  });

  test('If-Match is checked against the version in the shared store', async () => {
    const created = await scim(`${on(0)}/Users`, 'POST', user('ifmatch@example.com'));
    const etag = created.headers.get('etag') as string;
    const patch = (title: string) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: title }],
    });
    assert.equal(
      (await scim(`${on(0)}/Users/${created.json.id}`, 'PATCH', patch('a'), { 'If-Match': etag })).status,
      200,
    );
    const stale = await scim(`${on(1)}/Users/${created.json.id}`, 'PATCH', patch('b'), { 'If-Match': etag });
    assert.equal(stale.status, 412, 'the other host knows the version moved on');
  });

  test('concurrent PATCHes of one group through both hosts keep every member', async () => {
    const members: string[] = [];
    for (let i = 0; i < 16; i++) {
      const r = await scim(`${on(i)}/Users`, 'POST', user(`member.${i}@example.com`));
      assert.equal(r.status, 201);
      members.push(r.json.id);
    }
    const group = await scim(`${on(0)}/Groups`, 'POST', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Storm team',
    });
    assert.equal(group.status, 201);
    const results = await Promise.all(
      members.map((m, i) =>
        scim(`${on(i)}/Groups/${group.json.id}`, 'PATCH', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: 'members', value: [{ value: m }] }],
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      members.map(() => 200),
    );
    for (const i of [0, 1]) {
      const read = await scim(`${on(i)}/Groups/${group.json.id}`, 'GET');
      assert.deepEqual(
        (read.json.members as { value: string }[]).map((m) => m.value).sort(),
        [...members].sort(),
        `host ${i} sees the union`,
      );
    }
    const inApp = await c.app.api('GET', `/api/v1/teams/${group.json.id}/members?limit=100`);
    assert.equal(inApp.json.data.length, members.length, 'the application holds every member');
  });

  test('creates of one userName through both hosts at once: one 201, one 409, one object', async () => {
    for (let i = 0; i < 5; i++) {
      const name = `twin.${i}@example.com`;
      const [a, b] = await Promise.all([
        scim(`${on(0)}/Users`, 'POST', user(name)),
        scim(`${on(1)}/Users`, 'POST', user(name)),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [201, 409]);
      const inApp = await c.app.api('GET', `/api/v1/accounts?login=${encodeURIComponent(name)}`);
      assert.equal(inApp.json.data.length, 1);
      for (const h of [0, 1]) {
        const found = await scim(`${on(h)}/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`, 'GET');
        assert.equal(found.json.totalResults, 1);
      }
    }
  });

  test('/health, GET /admin/status and `ferry status` list both hosts; metrics name their host', async () => {
    // The cluster section is as of each host's last heartbeat (every 5 s).
    const deadline = Date.now() + 15_000;
    for (;;) {
      const health = (await (await fetch(`${c.hosts[0].url}/health`)).json()) as {
        cluster?: { hosts: { id: string; alive: boolean; address: string }[]; store: string };
      };
      const listed = health.cluster?.hosts.filter((h) => h.alive).map((h) => h.address) ?? [];
      if (listed.length === 2 || Date.now() > deadline) {
        assert.equal(health.cluster?.store, 'ok');
        assert.deepEqual(listed.sort(), c.hosts.map((h) => h.url).sort());
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const status = await fetch(`${c.hosts[1].url}/admin/status`, {
      headers: { Authorization: `Bearer ${CLUSTER_TOKEN}` },
    });
    const body = (await status.json()) as { cluster?: { hosts: unknown[] } };
    assert.equal(body.cluster?.hosts.length, 2);
    const metrics = await (await fetch(`${c.hosts[1].url}/metrics`)).text();
    assert.match(metrics, /ferry_scim_requests_total\{[^}]*ferry_host="[^"]+:\d+:[0-9a-f]+"/, 'series name their host');
    const printed = await runFerry(['status'], process.cwd(), {
      FERRY_URL: c.hosts[0].url,
      FERRY_ADMIN_TOKEN: CLUSTER_TOKEN,
    });
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /Cluster \(store ok\), 2 host\(s\)/);
    assert.match(printed.stdout, /\(this host\)/);
  });

  test('a manual import takes the import lease: one on another host meanwhile is refused, naming the holder', async () => {
    const post = (i: number) =>
      fetch(`${c.hosts[i].url}/admin/connectors/SCIMAPP/import?kind=full`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${CLUSTER_TOKEN}` },
      });
    // The import's first page waits 4 s in the application, so the first import holds the lease meanwhile.
    await c.app.api('POST', '/_faults', { latencyMs: 4000, path: '/api/v1/accounts', method: 'GET', times: 1 });
    try {
      const first = await post(0);
      assert.equal(first.status, 200);
      const refused = await post(1);
      assert.equal(refused.status, 409);
      const body = (await refused.json()) as { code: string; error: string };
      assert.equal(body.code, 'import_leased');
      assert.match(body.error, new RegExp(`on host \\S+:${c.hosts[0].process.pid}:[0-9a-f]{6};`), 'names host 0');
      const cli = await runFerry(['import', 'SCIMAPP'], process.cwd(), {
        FERRY_URL: c.hosts[1].url,
        FERRY_ADMIN_TOKEN: CLUSTER_TOKEN,
      });
      assert.notEqual(cli.code, 0);
      assert.match(cli.stderr, /An import of connector SCIMAPP is running on host/);
      assert.match(await first.text(), /"event":"done"/, 'the first import completes');
    } finally {
      await c.app.api('DELETE', '/_faults');
    }
    // Freed when done: the other host may import now.
    const next = await post(1);
    assert.equal(next.status, 200);
    assert.match(await next.text(), /"event":"done"/);
  });

  test("Okta's SCIM 2.0 test passes through the proxy", async () => {
    const dir = conformanceDir();
    const r = await promisify(execFile)(
      process.execPath,
      [join(dir, 'okta-runner.mjs'), join(dir, 'Okta-SCIM-20-SPEC-Test.json'), c.scim, CLUSTER_TOKEN],
      { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 60_000 },
    ).catch((e: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: e.stdout ?? '',
      stderr: `${e.stderr ?? ''} exit ${e.code}`,
    }));
    const out = r.stdout + r.stderr;
    assert.match(out, /\b\d+ passed, 0 failed\b/, out);
  });
});
