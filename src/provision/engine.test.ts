// End to end against a real Ferry host (the demo configuration on loopback): cycles, matching precedence,
// deprovisioning, escrow, the deletion threshold and provision on demand. Direct and constant mappings only;
// the seed's expression mappings are exercised in seed-mappings.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, TOKEN, type TestHost } from '../../test/helpers/test-host.ts';
import { ProvisioningEngine } from './engine.ts';
import { parseMappingFile } from './load-mapping-file.ts';
import { formatReport } from './report-format.ts';
import type { ProvisioningReport } from './report.ts';
import { SqliteStateStore } from './sqlite-state-store.ts';
import { openStateStore } from './open-state-store.ts';
import { runFerryInProcess } from '../test-support/run-ferry-in-process.ts';
import { SKIP_PG, TEST_DATABASE_URL, dropSchema, requirePostgres, testSchemaName } from '../test-support/postgres.ts';

const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
let host: TestHost;
const dirs: string[] = [];

before(async () => {
  host = await startTestHost();
});
after(async () => {
  await host.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const HEADER = 'userPrincipalName,login,givenName,surname,mail,department,city,IsSoftDeleted';
type User = {
  upn: string;
  login: string;
  first?: string;
  last?: string;
  mail?: string;
  dept?: string;
  city?: string;
  soft?: string;
};
const line = (u: User) =>
  [
    u.upn,
    u.login,
    u.first ?? 'First',
    u.last ?? 'Last',
    u.mail ?? `${u.login.toLowerCase()}@contoso.com`,
    u.dept ?? 'Engineering',
    u.city ?? 'Paris',
    u.soft ?? 'False',
  ].join(',');

/** A job in a temporary folder against `url` (the test host's APP1 by default). */
function job(opts: { url?: string; extra?: string; concurrency?: number; batchSize?: number; tls?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-provision-'));
  dirs.push(dir);
  const url = opts.url ?? `${host.host.baseUrl}/ecma2host_APP1/scim`;
  const yaml = `target:
  url: ${url}
  token: "\${env:T}"
  concurrency: ${opts.concurrency ?? 4}
${opts.batchSize ? `  batchSize: ${opts.batchSize}\n` : ''}  timeoutSeconds: 5
${opts.tls ? `  tls: ${opts.tls}\n` : ''}source: { kind: csv, file: users.csv, id: userPrincipalName }
mappings:
  - { type: direct, source: login, target: "${EXT}:userName", matchingPrecedence: 1, apply: onCreate }
  - { type: direct, source: mail, target: "${EXT}:email", matchingPrecedence: 2 }
  - { type: direct, source: givenName, target: "${EXT}:firstName" }
  - { type: direct, source: surname, target: "${EXT}:lastName" }
  - { type: direct, source: department, target: "${EXT}:department" }
  - { type: direct, source: city, target: "${EXT}:city", default: Nowhere }
  - { type: constant, value: Contoso, target: "${EXT}:company" }
scoping:
  - title: Staff
    clauses:
      - { attribute: department, operator: NOT EQUALS, value: Contractors }
escrow: { initialDelaySeconds: 60, maxDelaySeconds: 600 }
${opts.extra ?? ''}`;
  const file = join(dir, 'mappings.yaml');
  writeFileSync(file, yaml);
  const write = (users: User[]) =>
    writeFileSync(join(dir, 'users.csv'), `${[HEADER, ...users.map(line)].join('\r\n')}\r\n`);
  const load = () => parseMappingFile(yaml, file, { env: { T: TOKEN } });
  return { dir, file, write, load, stateDir: join(dir, 'state') };
}

const getUser = (id: string) => host.scim('APP1', `/Users/${encodeURIComponent(id)}`);

test('a cycle creates, the next one updates only the changed attribute, disables out of scope, deletes when gone', async () => {
  const j = job();
  const users: User[] = [
    { upn: 'l1@contoso.com', login: 'LIFE1', city: 'London' },
    { upn: 'l2@contoso.com', login: 'LIFE2' },
    { upn: 'l3@contoso.com', login: 'LIFE3', city: '' },
  ];
  j.write(users);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    const c1 = await engine.runCycle();
    assert.equal(c1.kind, 'initial');
    assert.equal(c1.status, 'completed', c1.message);
    assert.equal(c1.counts.created, 3);
    const u1 = await getUser('LIFE1');
    assert.equal(u1.status, 200);
    assert.deepEqual(
      { ...u1.body[EXT] },
      {
        userName: 'LIFE1',
        email: 'life1@contoso.com',
        firstName: 'First',
        lastName: 'Last',
        department: 'Engineering',
        city: 'London',
        company: 'Contoso',
        isActive: true,
      },
    );
    assert.equal(u1.body.active, true);
    assert.equal((await getUser('LIFE3')).body[EXT].city, 'Nowhere', 'default value if null, on creation');

    const c2 = await engine.runCycle();
    assert.equal(c2.kind, 'incremental');
    assert.equal(c2.source.processed, 0);
    assert.equal(c2.source.unchanged, 3);

    users[0].city = 'Manchester';
    j.write(users);
    const c3 = await engine.runCycle();
    assert.equal(c3.source.processed, 1);
    assert.equal(c3.counts.updated, 1);
    const [entry] = await engine.log({ cycleId: c3.cycleId });
    assert.equal(entry.sourceId, 'l1@contoso.com');
    assert.equal(entry.action, 'Update');
    assert.deepEqual(entry.modifiedProperties, [{ name: `${EXT}:city`, oldValue: 'London', newValue: 'Manchester' }]);
    assert.deepEqual(entry.steps.find((s) => s.step === 'action')?.details.operations, [`Replace ${EXT}:city`]);
    assert.deepEqual(
      entry.steps.map((s) => s.title),
      ['Import user', 'Determine if user is in scope', 'Match user between source and target system', 'Perform action'],
    );
    const after3 = await getUser('LIFE1');
    assert.equal(after3.body[EXT].city, 'Manchester');
    assert.equal(after3.body[EXT].firstName, 'First');

    users[1].dept = 'Contractors';
    j.write(users);
    const c4 = await engine.runCycle();
    assert.equal(c4.counts.disabled, 1, c4.message);
    const u2 = await getUser('LIFE2');
    assert.equal(u2.body.active, false);
    assert.equal(u2.body[EXT].department, 'Engineering', 'a user leaving scope is only disabled');
    const [disable] = await engine.log({ cycleId: c4.cycleId });
    assert.equal(disable.action, 'Disable');
    assert.equal(disable.steps[1].status, 'skipped');
    assert.deepEqual(disable.modifiedProperties, [{ name: 'active', oldValue: true, newValue: false }]);

    users[1].dept = 'Engineering';
    users.pop();
    j.write(users);
    const c5 = await engine.runCycle();
    assert.equal(c5.counts.deleted, 1, c5.message);
    assert.equal(c5.counts.updated, 1, 'back in scope: enabled again');
    assert.equal((await getUser('LIFE3')).status, 404);
    assert.equal((await getUser('LIFE2')).body.active, true);
    assert.equal(await engine.state.getUser('l3@contoso.com'), undefined);
  } finally {
    await engine.close();
  }
});

test('soft-deleted users are disabled (with their other changes) and never created', async () => {
  const j = job();
  const users: User[] = [
    { upn: 's1@contoso.com', login: 'SOFT1' },
    { upn: 's2@contoso.com', login: 'SOFT2', soft: 'True' },
  ];
  j.write(users);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    const c1 = await engine.runCycle();
    assert.equal(c1.counts.created, 1);
    assert.equal(c1.counts.skipped, 1);
    assert.equal((await getUser('SOFT2')).status, 404);
    users[0].soft = 'True';
    users[0].city = 'Berlin';
    j.write(users);
    const c2 = await engine.runCycle();
    assert.equal(c2.counts.disabled, 1, c2.message);
    const u = await getUser('SOFT1');
    assert.equal(u.body.active, false);
    assert.equal(u.body[EXT].city, 'Berlin');
  } finally {
    await engine.close();
  }
});

test('matching follows precedence: the first matching attribute with a hit wins, and stops the search', async () => {
  const pre = await host.scim('APP1', '/Users', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
      [EXT]: { userName: 'PRE1', email: 'pre1@contoso.com', city: 'Old' },
    },
  });
  assert.equal(pre.status, 201, pre.text);
  await host.scim('APP1', '/Users', {
    method: 'POST',
    json: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
      [EXT]: { userName: 'PRE2', email: 'other@contoso.com' },
    },
  });
  const j = job();
  j.write([
    { upn: 'p1@contoso.com', login: 'NEWNAME', mail: 'pre1@contoso.com', city: 'New' },
    { upn: 'p2@contoso.com', login: 'PRE2', mail: 'pre2@contoso.com' },
  ]);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    const c = await engine.runCycle();
    assert.equal(c.counts.created, 0, c.message);
    assert.equal(c.counts.updated, 2);
    const p1 = (await engine.log({ sourceId: 'p1@contoso.com' }))[0];
    assert.equal(p1.targetId, 'PRE1');
    const attempts = p1.steps[2].details.attempts as { attribute: string; found: number }[];
    assert.deepEqual(
      attempts.map((a) => [a.attribute, a.found]),
      [
        [`${EXT}:userName`, 0],
        [`${EXT}:email`, 1],
      ],
    );
    assert.equal((await getUser('PRE1')).body[EXT].city, 'New');
    const p2 = (await engine.log({ sourceId: 'p2@contoso.com' }))[0];
    const a2 = p2.steps[2].details.attempts as { attribute: string; found: number }[];
    assert.deepEqual(
      a2.map((a) => [a.attribute, a.found]),
      [[`${EXT}:userName`, 1]],
      'the second attribute is not tried',
    );
    assert.equal((await getUser('PRE2')).body[EXT].email, 'pre2@contoso.com');
    assert.equal(
      (await engine.state.getUser('p2@contoso.com'))?.targetId,
      'PRE2',
      'the target id is cached for later cycles',
    );
  } finally {
    await engine.close();
  }
});

test('a cycle sends many users together (or-filter matching, Bulk writes), or one request each with batchSize 1', async () => {
  // "GET /…/Users?filter=… → 200 (3.1 ms, one request for 45 users)"
  const requestsOf = (e: ProvisioningReport) =>
    e.steps
      .flatMap((s) => (s.details.requests ?? []) as string[])
      .map((line) => {
        const m = /^(\w+) (\S+) → .*?(?:one request for (\d+) users)?\)$/.exec(line);
        assert.ok(m, line);
        return { method: m[1], path: m[2], batch: m[3] === undefined ? undefined : Number(m[3]) };
      });
  const users = Array.from({ length: 90 }, (_, i) => ({ upn: `b${i}@contoso.com`, login: `BATCH${i}` }));
  const j = job({ concurrency: 2 });
  j.write(users);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    const c1 = await engine.runCycle();
    assert.equal(c1.counts.created, 90, c1.message);
    assert.equal((await getUser('BATCH77')).body[EXT].userName, 'BATCH77');
    const [e1] = await engine.log({ sourceId: 'b7@contoso.com' });
    assert.equal(e1.targetId, 'BATCH7');
    assert.deepEqual(
      requestsOf(e1).map((r) => `${r.method} ${r.batch}`),
      ['GET 45', 'GET 45', 'POST 45'],
      'two lanes of 45 users: matching by userName then email, one Bulk of creates',
    );
    assert.match(requestsOf(e1)[0].path, /userName%20eq%20%22BATCH7%22$/);

    for (const u of users.slice(0, 40)) Object.assign(u, { city: 'Leeds' });
    j.write(users.slice(0, 80));
    const c2 = await engine.runCycle({ allowDeletes: true });
    assert.equal(c2.counts.updated, 40, c2.message);
    assert.equal(c2.counts.deleted, 10);
    assert.equal((await getUser('BATCH3')).body[EXT].city, 'Leeds');
    assert.equal((await getUser('BATCH85')).status, 404);
    const [e2] = await engine.log({ sourceId: 'b3@contoso.com', cycleId: c2.cycleId });
    assert.deepEqual(
      requestsOf(e2).map((r) => `${r.method} ${r.path.replace(/.*scim/, '')}`),
      ['GET /Users?filter=id%20eq%20%22BATCH3%22', 'PATCH /Users/BATCH3'],
      'the reads by cached id as one id filter',
    );
    assert.ok(requestsOf(e2).every((r) => (r.batch ?? 0) > 1));
  } finally {
    await engine.close();
  }

  const one = job({ batchSize: 1 });
  one.write([users[0], users[1]].map((u) => ({ ...u, city: 'York' })));
  const single = new ProvisioningEngine(one.load(), { stateDir: one.stateDir });
  try {
    const c = await single.runCycle();
    assert.equal(c.counts.updated, 2, c.message);
    const [e] = await single.log({ sourceId: 'b1@contoso.com' });
    assert.deepEqual(
      requestsOf(e).map((r) => `${r.method} ${r.batch}`),
      ['GET undefined', 'PATCH undefined'],
      'as Entra sends them',
    );
  } finally {
    await single.close();
  }
});

test('a failing target: users go to escrow, the cycle stops, later cycles retry with backing off and recover', async () => {
  const closedPort = await freePort();
  const down = job({ url: `http://127.0.0.1:${closedPort}/ecma2host_APP1/scim`, concurrency: 1 });
  const users: User[] = [1, 2, 3, 4, 5].map((n) => ({ upn: `e${n}@contoso.com`, login: `ESC${n}` }));
  down.write(users);
  let now = new Date('2030-01-01T00:00:00Z');
  const clock = () => now;
  const state = SqliteStateStore.open(down.stateDir);
  try {
    const failing = new ProvisioningEngine(down.load(), { state, now: clock });
    const c1 = await failing.runCycle();
    await failing.close();
    assert.equal(c1.status, 'stopped', c1.message);
    assert.equal(c1.counts.failed, 3);
    assert.equal(c1.source.processed, 3);
    assert.equal(c1.failures[0].code, 'target_unavailable');
    const escrow = await state.allEscrow();
    assert.equal(escrow.size, 3);
    assert.equal(escrow.get('e1@contoso.com')?.nextAttempt, '2030-01-01T00:01:00.000Z');

    // The target is back: the users never tried are processed at once, escrowed ones wait for their retry time.
    const up = job();
    const healthy = new ProvisioningEngine(
      { ...down.load(), config: { ...down.load().config, target: up.load().config.target } },
      { state, now: clock },
    );
    now = new Date('2030-01-01T00:00:30Z');
    const c2 = await healthy.runCycle();
    assert.equal(c2.kind, 'initial', 'the stopped initial cycle did not complete');
    assert.equal(c2.counts.created, 2, c2.message);
    assert.equal(c2.source.waitingInEscrow, 3);
    now = new Date('2030-01-01T00:01:01Z');
    const c3 = await healthy.runCycle();
    assert.equal(c3.kind, 'incremental');
    assert.equal(c3.counts.created, 3, c3.message);
    assert.equal((await state.allEscrow()).size, 0);
    for (const u of users) assert.equal((await getUser(u.login)).status, 200);
    const history = await healthy.log({ sourceId: 'e1@contoso.com' });
    assert.deepEqual(
      history.map((h) => `${h.action}:${h.status}`),
      ['Create:success', 'Create:failure'],
    );
    assert.equal(history[1].error?.code, 'target_unavailable');
    assertStepDurations(history[1]);
    await healthy.close();
  } finally {
    await state.close();
  }
});

test('accidental deletions: over the threshold nothing is deleted until deletes are allowed', async () => {
  const j = job({ extra: 'accidentalDeletions: { threshold: 2 }\n' });
  const users: User[] = [1, 2, 3, 4, 5].map((n) => ({ upn: `t${n}@contoso.com`, login: `THR${n}` }));
  j.write(users);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    assert.equal((await engine.runCycle()).counts.created, 5);
    j.write(users.slice(0, 2));
    const held = await engine.runCycle();
    assert.equal(held.status, 'quarantined', held.message);
    assert.equal(held.deprovisions.count, 3);
    assert.equal(held.counts.staged, 3);
    assert.equal(held.counts.deleted, 0);
    for (const n of [3, 4, 5]) assert.equal((await getUser(`THR${n}`)).status, 200);
    assert.deepEqual(
      (await engine.log({ cycleId: held.cycleId })).map((e) => e.action),
      ['StagedDelete', 'StagedDelete', 'StagedDelete'],
    );
    const allowed = await engine.runCycle({ allowDeletes: true });
    assert.equal(allowed.counts.deleted, 3, allowed.message);
    for (const n of [3, 4, 5]) assert.equal((await getUser(`THR${n}`)).status, 404);
  } finally {
    await engine.close();
  }
});

test('target object actions: without delete and update, users are left alone', async () => {
  const j = job({ extra: 'actions: { update: false, delete: false }\n' });
  const users: User[] = [
    { upn: 'a1@contoso.com', login: 'ACT1' },
    { upn: 'a2@contoso.com', login: 'ACT2' },
  ];
  j.write(users);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    assert.equal((await engine.runCycle()).counts.created, 2);
    users[0].city = 'Rome';
    j.write(users.slice(0, 1));
    const c = await engine.runCycle();
    assert.equal(c.counts.skipped, 2, c.message);
    assert.equal((await getUser('ACT1')).body[EXT].city, 'Paris');
    assert.equal((await getUser('ACT2')).status, 200);
  } finally {
    await engine.close();
  }
});

/** Steps run one after another within the entry: each takes a duration (not a clock reading) within its total. */
function assertStepDurations(r: ProvisioningReport): void {
  for (const s of r.steps) assert.ok(s.durationMs >= 0, `${s.step}: ${s.durationMs}`);
  const sum = r.steps.reduce((total, s) => total + s.durationMs, 0);
  // Each duration is rounded to 0.1 ms: allow that much per step.
  assert.ok(sum <= r.durationMs + 0.1 * r.steps.length, `steps ${sum} ms > entry ${r.durationMs} ms`);
}

test('provision on demand: the four steps with details, then no change, then an unknown user', async () => {
  const j = job();
  j.write([{ upn: 'od@contoso.com', login: 'ONDEMAND', city: 'Oslo' }]);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    const r = await engine.provisionOnDemand('OD@contoso.com');
    assert.equal(r.status, 'success', JSON.stringify(r.error));
    assert.equal(r.action, 'Create');
    assert.equal(r.targetId, 'ONDEMAND');
    assert.deepEqual(
      r.steps.map((s) => [s.step, s.status]),
      [
        ['import', 'success'],
        ['scope', 'success'],
        ['match', 'success'],
        ['action', 'success'],
      ],
    );
    assert.equal((r.steps[0].details.attributes as Record<string, string>).city, 'Oslo');
    assert.match(r.steps[1].description, /in scope \(scoping filter "Staff" satisfied\)/);
    assert.match(r.steps[2].description, /No matching object found/);
    assert.match(r.steps[3].description, /Successfully created the user/);
    assert.ok(r.modifiedProperties.some((m) => m.name === `${EXT}:city` && m.newValue === 'Oslo'));
    assertStepDurations(r);
    const text = formatReport(r);
    assert.match(text, /\[ok\] {6}1\. Import user/);
    assert.match(text, /4\. Perform action/);
    assert.match(text, /Result: Create — success/);
    const again = await engine.provisionOnDemand('od@contoso.com');
    assert.equal(again.action, 'Skip');
    assert.equal(again.status, 'skipped');
    assert.match(again.steps[2].description, /Matched target object ONDEMAND \(cached target id\)/);
    const missing = await engine.provisionOnDemand('nobody@contoso.com');
    assert.equal(missing.status, 'failure');
    assert.equal(missing.error?.code, 'source_user_not_found');
    assert.equal((await engine.log({ sourceId: 'od@contoso.com' })).length, 2);
    // A cycle after on-demand provisioning has nothing left to do for that user.
    const c = await engine.runCycle();
    assert.equal(c.counts.skipped + c.counts.updated + c.counts.created, 1);
    assert.equal(c.counts.created, 0);
  } finally {
    await engine.close();
  }
});

test('https targets: a self-signed certificate is refused unless its CA is given or insecure is set', async () => {
  const tlsHost = await startTestHost({ tls: true });
  try {
    const url = `${tlsHost.host.baseUrl}/ecma2host_APP1/scim`;
    assert.match(url, /^https:/);
    const run = async (tls: string | undefined, login: string) => {
      const j = job({ url, tls, concurrency: 1 });
      j.write([{ upn: `${login}@contoso.com`, login }]);
      const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
      try {
        return await engine.runCycle();
      } finally {
        await engine.close();
      }
    };
    const refused = await run(undefined, 'TLS0');
    assert.equal(refused.counts.failed, 1);
    assert.equal(refused.failures[0].code, 'target_unavailable');
    assert.match(refused.failures[0].message, /SELF_SIGNED|self[- ]signed|certificate/i);
    assert.equal((await run(`{ ca: ${join(tlsHost.dataDir, 'tls', 'ferry-cert.pem')} }`, 'TLS1')).counts.created, 1);
    assert.equal((await run('{ insecure: true }', 'TLS2')).counts.created, 1);
  } finally {
    await tlsHost.stop();
  }
});

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

test('with its state on PostgreSQL a job continues from another engine and from `ferry sync --store-url`', {
  skip: SKIP_PG ? 'FERRY_TEST_PG=skip' : false,
}, async () => {
  await requirePostgres();
  const schema = testSchemaName();
  const j = job();
  j.write([
    { upn: 'pg1@contoso.com', login: 'PGS1' },
    { upn: 'pg2@contoso.com', login: 'PGS2' },
  ]);
  const where = { storeUrl: TEST_DATABASE_URL, storeSchema: schema };
  const engineOn = async () => {
    const loaded = j.load();
    return new ProvisioningEngine(loaded, { state: await openStateStore(loaded, where), closeState: true });
  };
  try {
    const first = await engineOn();
    const c1 = await first.runCycle();
    assert.equal(c1.counts.created, 2);
    await first.close();
    const second = await engineOn();
    const c2 = await second.runCycle();
    assert.deepEqual([c2.kind, c2.source.unchanged, c2.counts.created], ['incremental', 2, 0]);
    assert.equal((await second.log({ cycleId: c1.cycleId })).length, 2, 'the first engine log is there');
    await second.close();
    assert.equal(existsSync(j.stateDir), false, 'nothing in the SQLite state folder');

    j.write([
      { upn: 'pg1@contoso.com', login: 'PGS1', city: 'Lyon' },
      { upn: 'pg2@contoso.com', login: 'PGS2' },
    ]);
    const run = await runFerryInProcess(['sync', '--mappings', j.file, '--store-schema', schema, '--json'], j.dir, {
      T: TOKEN,
      FERRY_STORE_URL: TEST_DATABASE_URL,
    });
    assert.equal(run.code, 0, run.stderr);
    const c3 = JSON.parse(run.stdout) as { kind: string; counts: { updated: number; created: number } };
    assert.deepEqual([c3.kind, c3.counts.updated, c3.counts.created], ['incremental', 1, 0]);
    assert.equal(existsSync(j.stateDir), false);
  } finally {
    await dropSchema(schema);
  }
});

test('ferry sync-log lists the users a job processed, filtered, with step reports on request', async () => {
  const j = job();
  j.write([
    { upn: 'log1@contoso.com', login: 'LOG1' },
    { upn: 'log2@contoso.com', login: 'LOG2', dept: 'Contractors' },
  ]);
  const engine = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    assert.equal((await engine.runCycle()).counts.created, 1);
  } finally {
    await engine.close();
  }
  const log = (...args: string[]) =>
    runFerryInProcess(['sync-log', '--mappings', j.file, '--state', j.stateDir, ...args], j.dir, { T: TOKEN });
  const all = await log();
  assert.equal(all.code, 0, all.stderr);
  const lines = all.stdout.trim().split('\n');
  assert.equal(lines.length, 2, all.stdout);
  assert.match(all.stdout, /cycle 1 +success +Create +log1@contoso\.com → LOG1/);
  assert.match(all.stdout, /cycle 1 +skipped +Skip +log2@contoso\.com/);
  const skipped = await log('--status', 'skipped');
  assert.deepEqual(skipped.stdout.trim().split('\n').length, 1);
  const details = await log('--user', 'log1@contoso.com', '--details');
  assert.match(details.stdout, /cycle 1: log1@contoso\.com → target object LOG1/);
  assert.match(details.stdout, /Perform action/);
  assert.equal((await log('--user', 'nobody')).stdout, 'No entries.\n');
  const bad = await log('--status', 'maybe');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--status must be one of success, failure, skipped/);
});

test('one run of a job at a time: a second engine on the same state is refused while the first runs', async () => {
  const j = job();
  j.write(Array.from({ length: 30 }, (_, i) => ({ upn: `run${i}@contoso.com`, login: `RUN${i}` })));
  const first = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  const second = new ProvisioningEngine(j.load(), { stateDir: j.stateDir });
  try {
    // The first run takes the job before anything else (SQLite's claim is written before runCycle returns its
    // promise); the second, as another process on this machine or on one sharing the state, is refused.
    const running = first.runCycle();
    await assert.rejects(second.runCycle(), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'job_running');
      assert.match(e.message, /Another run of this job is in progress: .*pid \d+/);
      return true;
    });
    assert.equal((await running).counts.created, 30);
    // Once it ended, the job is free again.
    assert.equal((await second.runCycle()).status, 'completed');
  } finally {
    await first.close();
    await second.close();
  }
});
