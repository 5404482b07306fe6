// The host as a whole: health, metrics, provisioning log, restart, a target that is down, refusing bad settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost } from '../helpers/test-host.ts';
import { Host } from '../../src/host/host.ts';
import type { MemoryConnector } from '../../src/connector/memory/memory-connector.ts';

const newUser = (n: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: `${n}@example.com`,
  name: { givenName: n, familyName: 'X' },
  emails: [{ type: 'work', value: `${n}@example.com` }],
});

test('health, metrics and the provisioning log', async () => {
  const t = await startTestHost();
  try {
    const h = await fetch(`${t.host.baseUrl}/health`);
    assert.equal(h.status, 200);
    const hb = await h.json();
    assert.equal(hb.status, 'ok');
    assert.equal(hb.connectors.length, 2);
    assert.equal(hb.connectors[0].import.last.ok, true);
    const c = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('metrics') });
    assert.equal(c.status, 201);
    assert.match(c.headers.get('server-timing') ?? '', /export-add;dur=[\d.]+.*confirm;dur=/);
    await t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('metrics') }); // 409
    const m = await (await fetch(`${t.host.baseUrl}/metrics`)).text();
    assert.match(m, /ferry_scim_requests_total\{connector="SCIMAPP",method="POST",resource="Users",status="201"\} 1/);
    assert.match(m, /ferry_scim_requests_total\{connector="SCIMAPP",method="POST",resource="Users",status="409"\} 1/);
    assert.match(m, /ferry_scim_request_duration_seconds_bucket/);
    await t.host.provisioningLog.flush();
    const log = await t.host.logStore.queryLog({ connector: 'SCIMAPP', action: 'create' });
    assert.equal(log.length, 2);
    const failed = log.find((r) => r.status === 'failure');
    assert.equal(failed?.error?.code, 'uniqueness');
    assert.ok(failed?.error?.recommendation);
    const ok = log.find((r) => r.status === 'success');
    assert.ok(ok?.steps?.some((s) => s.name === 'export add'));
    assert.ok(typeof ok?.durationMs === 'number');
  } finally {
    await t.stop();
  }
});

test('restart: the connector space and the application survive', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-restart-'));
  try {
    const a = await startTestHost({ dataDir });
    const c = await a.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('persist') });
    assert.equal(c.status, 201);
    await a.stop({ keepData: true });
    const b = await startTestHost({ dataDir, awaitInitialImport: false });
    try {
      // Served from the space at once, before any import finished.
      const g = await b.scim('SCIMAPP', `/Users/${c.body.id}`);
      assert.equal(g.status, 200);
      assert.equal(g.body.userName, 'persist@example.com');
      await b.host.initialImport;
      const again = await b.scim('SCIMAPP', `/Users?filter=${encodeURIComponent('userName eq "persist@example.com"')}`);
      assert.equal(again.body.totalResults, 1);
    } finally {
      await b.stop({ keepData: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a target that is down: 503 with Retry-After, and the space is unchanged', async () => {
  const t = await startTestHost();
  try {
    const c = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('down') });
    const conn = t.host.connector('SCIMAPP')!.connector as MemoryConnector;
    conn.setDown(true);
    const p = await t.scim('SCIMAPP', `/Users/${c.body.id}`, {
      method: 'PATCH',
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'name.givenName', value: 'Changed' }],
      },
    });
    assert.equal(p.status, 503, p.text);
    assert.ok(Number(p.headers.get('retry-after')) > 0);
    const g = await t.scim('SCIMAPP', `/Users/${c.body.id}`);
    assert.equal(g.body.name.givenName, 'down', 'space as it was');
    const post = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('never') });
    assert.equal(post.status, 503);
    conn.setDown(false);
    const after = await t.scim('SCIMAPP', `/Users?filter=${encodeURIComponent('userName eq "never@example.com"')}`);
    assert.equal(after.body.totalResults, 0);
  } finally {
    await t.stop();
  }
});

test('a failed import keeps the space; the application refusing an export maps to a SCIM error', async () => {
  const t = await startTestHost();
  try {
    const c = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('keep') });
    const rt = t.host.connector('SCIMAPP')!;
    const conn = rt.connector as MemoryConnector;
    conn.setDown(true);
    await assert.rejects(rt.runImport('full'));
    conn.setDown(false);
    assert.equal((await t.scim('SCIMAPP', `/Users/${c.body.id}`)).status, 200);
    conn.failNext('throttled', 'slow down');
    const r = await t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('throttled') });
    assert.equal(r.status, 429);
    assert.ok(r.headers.get('retry-after'));
  } finally {
    await t.stop();
  }
});

test('the host refuses a secret token shorter than 12 characters', async () => {
  await assert.rejects(
    startTestHost({
      mutate: (c) => {
        c.connectors[0].secretToken = 'short';
      },
    }),
    /at least 12 characters/,
  );
});

test('plain HTTP binds to loopback unless forced', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.host.listen.host = '0.0.0.0';
      c.host.http = true;
    },
  });
  try {
    assert.match(t.host.baseUrl, /^http:\/\/127\.0\.0\.1:/);
  } finally {
    await t.stop();
  }
});

test('graceful shutdown lets a request in flight finish', async () => {
  const t = await startTestHost({
    mutate: (c) => {
      c.connectors[1].memory!.latencyMs = 1000;
    },
  });
  const pending = t.scim('SCIMAPP', '/Users', { method: 'POST', json: newUser('inflight') });
  await new Promise((r) => setTimeout(r, 300)); // in the host's hands long before its 1 s is up
  const stopping = t.stop();
  const r = await pending;
  assert.equal(r.status, 201);
  await stopping;
  assert.ok(Host);
});
