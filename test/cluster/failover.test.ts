// Failures of a cluster of hosts on one PostgreSQL schema: kill -9 of the import lease holder during an import,
// kill -9 of a host during a storm of 2,000 creates, and PostgreSQL restarted under load.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { TEST_DATABASE_URL } from '../../src/test-support/postgres.ts';
import { scim, startCluster, user, type Cluster, type ClusterHost } from './cluster.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SEED = 3000;

/** Creates one user through the proxy until it is known to exist exactly once; returns its id. */
async function createSurely(
  c: Cluster,
  name: string,
  stats: { retries: number; statuses?: Record<number, number> },
): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const r = await scim(`${c.scim}/Users`, 'POST', user(name)).catch(() => ({ status: 0, json: undefined }));
    if (r.status === 201) return r.json.id as string;
    if (r.status === 409) {
      // An earlier attempt got through (its answer was lost): it must be found, exactly once.
      const found = await scim(`${c.scim}/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`, 'GET');
      if (found.status === 200) {
        assert.equal(found.json.totalResults, 1, `${name} exactly once`);
        return found.json.Resources[0].id as string;
      }
    }
    stats.retries++;
    if (stats.statuses) stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
    await sleep(100);
  }
  throw new Error(`${name} could not be created`);
}

/** The logins of the application's accounts that start with `prefix`. */
async function appLogins(c: Cluster, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (let cursor: string | null = null; ; ) {
    const r = await c.app.api('GET', `/api/v1/accounts?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    for (const a of r.json.data as { login: string }[]) if (a.login.startsWith(prefix)) out.push(a.login);
    cursor = r.json.paging.next_cursor;
    if (!cursor) return out;
  }
}

describe('a cluster of three hosts survives the loss of hosts and of the database', () => {
  let c: Cluster;
  let db: pg.Client;
  const leaseRow = async () =>
    (
      await db.query<{ holder: string; token: string; live: boolean; later: boolean }>(
        `SELECT holder, token, expires > now() AS live, next_due > now() AS later
         FROM ${c.schema}.leases WHERE name = 'import:SCIMAPP'`,
      )
    ).rows[0];
  const hostOf = (holder: string): ClusterHost | undefined =>
    c.hosts.find((h) => holder.split(':')[1] === String(h.process.pid));
  const count = async () => (await scim(`${c.scim}/Users?count=0`, 'GET')).json?.totalResults as number | undefined;

  before(async () => {
    c = await startCluster({ hosts: 3, appArgs: ['--seed', String(SEED)], connector: { pageSize: 100 } });
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    db.on('error', () => undefined); // the restart test ends this connection too
    // The first import: one host takes the lease and fills the shared space.
    for (let i = 0; i < 120 && (await count()) !== SEED; i++) await sleep(500);
    assert.equal(await count(), SEED);
  });
  after(async () => {
    await db?.end();
    await c?.stop();
  });

  test('kill -9 of the import lease holder mid-import: another host takes over within 30 s; nothing deleted', async (t) => {
    const first = await leaseRow();
    assert.equal(first.later, true, 'one complete import, not due again before the autosync period');
    // Slow pages, so the next import is still running when its host dies; an account it has not read yet.
    await c.app.api('POST', '/_faults', { latencyMs: 250, path: '/api/v1/accounts', method: 'GET' });
    await c.app.api('POST', '/api/v1/accounts', { login: 'late.comer@example.com', first_name: 'Late' });
    await db.query(`UPDATE ${c.schema}.leases SET next_due = now() WHERE name = 'import:SCIMAPP'`);
    let holder: ClusterHost | undefined;
    for (let i = 0; i < 40 && !holder; i++) {
      await sleep(250);
      const row = await leaseRow();
      if (row.live && Number(row.token) > Number(first.token)) holder = hostOf(row.holder);
    }
    assert.ok(holder, 'a host took the due import');
    await sleep(1500); // a few pages in
    const killedToken = Number((await leaseRow()).token);
    c.kill(holder);
    const killedAt = Date.now();
    let takenAfter: number | undefined;
    let minCount = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 240; i++) {
      minCount = Math.min(minCount, (await count()) ?? minCount);
      const row = await leaseRow();
      if (takenAfter === undefined && Number(row.token) > killedToken) takenAfter = Date.now() - killedAt;
      if (takenAfter !== undefined && !row.live && row.later) break;
      await sleep(250);
    }
    t.diagnostic(`import lease taken over ${takenAfter} ms after the kill`);
    assert.ok(takenAfter !== undefined && takenAfter < 30_000, `taken over after ${takenAfter} ms`);
    assert.equal(minCount, SEED, 'the partial import removed nothing');
    assert.equal(await count(), SEED + 1, "the new holder's import completed (the late account is in)");
    await c.app.api('DELETE', '/_faults');
  });

  test('kill -9 of a host during 2,000 creates: each create the client saw succeed is there exactly once', async (t) => {
    const names = Array.from({ length: 2000 }, (_, i) => `storm.${String(i).padStart(4, '0')}@example.com`);
    const stats = { retries: 0, statuses: {} as Record<number, number> };
    const ids = new Map<string, string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      for (let i = next++; i < names.length; i = next++) {
        ids.set(names[i], await createSurely(c, names[i], stats));
        if (!killed && ids.size >= 500) {
          killed = true;
          const alive = c.hosts.filter((h) => h.process.exitCode === null && h.process.signalCode === null);
          c.kill(alive[0]);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    assert.ok(killed);
    t.diagnostic(`${stats.retries} retries of failed creates, by status: ${JSON.stringify(stats.statuses)}`);
    assert.equal(new Set(ids.values()).size, names.length, 'one object per userName');
    const inApp = await appLogins(c, 'storm.');
    assert.equal(inApp.length, names.length, 'the application holds each exactly once');
    const inSpace = await scim(`${c.scim}/Users?count=0&filter=${encodeURIComponent('userName sw "storm."')}`, 'GET');
    assert.equal(inSpace.json.totalResults, names.length, 'the connector space holds each exactly once');
    for (const n of [names[0], names[777], names[1999]]) {
      const got = await scim(`${c.scim}/Users/${ids.get(n)}`, 'GET');
      assert.equal(got.json.userName, n);
    }
  });

  test('PostgreSQL restarted under load: hosts answer 503 with Retry-After meanwhile, then recover', async (t) => {
    await c.addHost();
    const statuses = new Map<number, number>();
    let noRetryAfter = 0;
    let stop = false;
    let n = 0;
    const load = async () => {
      while (!stop) {
        const r = await scim(
          `${c.scim}/Users?filter=${encodeURIComponent(`userName eq "storm.0001@example.com"`)}`,
          'GET',
        ).catch(() => ({ status: 0, headers: new Headers() }));
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 503 && !r.headers.get('retry-after')) noRetryAfter++;
        n++;
        await sleep(20);
      }
    };
    const loaders = Array.from({ length: 4 }, load);
    await sleep(500);
    const version = readdirSync('/etc/postgresql')[0];
    await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
    // Recovered: both live hosts answer reads and writes again without a restart.
    const deadline = Date.now() + 30_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      await sleep(250);
      const alive = c.hosts.filter((h) => h.process.exitCode === null && h.process.signalCode === null);
      const ok = await Promise.all(
        alive.map((h) =>
          scim(`${h.url}/connectors/SCIMAPP/scim/Users?count=1`, 'GET').then(
            (r) => r.status === 200,
            () => false,
          ),
        ),
      );
      recovered = ok.every(Boolean);
    }
    stop = true;
    await Promise.all(loaders);
    t.diagnostic(`answers during the restart: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok(recovered, 'every host answers again');
    assert.ok((statuses.get(503) ?? 0) > 0, `503 while the database was down: ${JSON.stringify([...statuses])}`);
    assert.equal(noRetryAfter, 0, 'every 503 has Retry-After');
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 200 && s !== 503).sort(), [], 'nothing but 200 and 503');
    const stats = { retries: 0 };
    await createSurely(c, 'after.restart@example.com', stats);
    assert.ok(n > 0);
  });
});
