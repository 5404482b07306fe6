// The console's configuration editing over HTTPS: a connector's wizard pages, checking a change, saving it with
// the file's comments kept and a backup, a new connector whose generated token works, a token rotation's overlap,
// and deleting a connector.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type ConsoleClient, type ConsoleHost, HR_TOKEN, READONLY, startSignedIn } from './console-helpers.ts';

let h: ConsoleHost;
let c: ConsoleClient;
before(async () => {
  ({ h, c } = await startSignedIn());
});
after(() => h.stop());

/** What the console shows of a token: the first 12 hex digits of its SHA-256. */
const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);

const scim = (name: string, token: string) =>
  c.req('GET', `/connectors/${name}/scim/Users`, undefined, { csrf: false, bearer: token });

test('settings as wizard pages, secrets masked; the JSON Schema is served', async () => {
  const r = await c.api('GET', '/connectors/HR/config');
  assert.equal(r.status, 200);
  assert.equal(r.body.pages.properties.pageSize, 500);
  assert.deepEqual(r.body.pages.selectedAttributes, [{ objectType: 'User', attributes: ['userName', 'email'] }]);
  assert.equal(r.body.raw.secretToken, '${env:HR_TOKEN}', 'a reference is shown, it reveals nothing');
  assert.equal((await c.api('GET', '/connectors/NOPE/config')).status, 404);
  const schema = await c.api('GET', '/config/schema');
  assert.equal(schema.body.title, 'Ferry host configuration');
});

test('a bad change is refused with problems at their paths; nothing is saved', async () => {
  const before = readFileSync(h.file, 'utf8');
  const raw = (await c.api('GET', '/connectors/HR/config')).body.raw;
  const v = await c.api('POST', '/connectors/HR/config/validate', { connector: { ...raw, pageSize: 0 } });
  assert.equal(v.body.ok, false);
  assert.ok(
    v.body.problems.some((p: { path: string; line: number }) => p.path === 'connectors[0].pageSize' && p.line > 0),
  );
  const put = await c.api('PUT', '/connectors/HR/config', { connector: { ...raw, pageSize: 0 } });
  assert.equal(put.status, 400);
  assert.equal(put.body.code, 'config_invalid');
  assert.equal(readFileSync(h.file, 'utf8'), before);
});

test('a saved change keeps the comments, makes a backup and is applied by a reload', async () => {
  const raw = (await c.api('GET', '/connectors/HR/config')).body.raw;
  const r = await c.api('PUT', '/connectors/HR/config', { connector: { ...raw, pageSize: 250 } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.reload.changed, ['HR']);
  const text = readFileSync(h.file, 'utf8');
  assert.match(text, /# The HR application \(kept in memory\)/);
  assert.match(text, /pageSize: 250 # a comment beside a value/);
  assert.match(text, /secretToken: "\$\{env:HR_TOKEN\}"/);
  assert.ok(existsSync(r.body.backup));
  assert.match(readFileSync(r.body.backup, 'utf8'), /pageSize: 500/);
  assert.equal(h.host.connector('HR')?.config.pageSize, 250);
  const audit = await c.api('GET', '/audit?object=HR&route=/connectors/:name/config');
  assert.equal(audit.body.records[0].before.pageSize, 500);
  assert.equal(audit.body.records[0].after.pageSize, 250);
});

test('a new connector gets a strong token, shown once, that a SCIM client can use', async () => {
  const connector = {
    name: 'NEWAPP',
    kind: 'memory',
    exposure: 'scim',
    objectTypes: [{ name: 'User', anchor: 'userName', attributes: ['userName'], mapping: { userName: 'userName' } }],
    memory: { objectTypes: [{ name: 'User', anchor: 'userName', attributes: [{ name: 'userName', required: true }] }] },
  };
  const r = await c.api('POST', '/connectors', { connector });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(r.body.tenantUrl, /\/connectors\/NEWAPP\/scim$/);
  assert.equal((await scim('NEWAPP', r.body.token)).status, 200);
  assert.equal((await scim('NEWAPP', HR_TOKEN)).status, 401);
  const text = readFileSync(h.file, 'utf8');
  assert.ok(!text.includes(r.body.token), 'the token is in a file of its own, not in ferry.yaml');
  const ref = /secretToken: \$\{file:(secrets\/NEWAPP-\d+\.token)\}/.exec(text);
  assert.ok(ref, text);
  assert.equal(statSync(`${h.dir}/${ref[1]}`).mode & 0o777, 0o600);
  assert.equal((await c.api('POST', '/connectors', { connector })).status, 409);
  const tokenFiles = readdirSync(`${h.dir}/secrets`).length;
  const refused = await c.api('POST', '/connectors', { connector: { ...connector, name: 'BAD', pageSize: 0 } });
  assert.equal(refused.status, 400);
  assert.ok(refused.body.problems.some((p: { path: string }) => /pageSize/.test(p.path)));
  assert.equal(readdirSync(`${h.dir}/secrets`).length, tokenFiles, 'a refused connector leaves no token file');
  const audit = JSON.stringify((await c.api('GET', '/audit?limit=1000')).body);
  assert.ok(!audit.includes(r.body.token));
});

test('a token rotation: the old token works during the overlap and not after', async () => {
  const r = await c.api('POST', '/connectors/HR/token/rotate', { overlapMinutes: 0.03 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await scim('HR', r.body.token)).status, 200);
  assert.equal((await scim('HR', HR_TOKEN)).status, 200, 'the old token during the overlap');
  const wait = Date.parse(r.body.previousValidUntil) - Date.now() + 100;
  await new Promise((res) => setTimeout(res, Math.max(wait, 0)));
  assert.equal((await scim('HR', HR_TOKEN)).status, 401, 'the old token after the overlap');
  assert.equal((await scim('HR', r.body.token)).status, 200);
  assert.equal((await c.api('POST', '/connectors/HR/token/rotate', { overlapMinutes: -1 })).status, 400);
});

test('token fingerprints: the current one and each earlier one with its overlap, never a token', async () => {
  const before = await c.api('GET', '/connectors/HR/tokens');
  assert.equal(before.status, 200);
  const r = await c.api('POST', '/connectors/HR/token/rotate', { overlapMinutes: 60 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const t = await c.api('GET', '/connectors/HR/tokens');
  assert.equal(t.body.current.fingerprint, fingerprint(r.body.token));
  const last = t.body.previous.at(-1);
  assert.deepEqual(last, {
    fingerprint: before.body.current.fingerprint,
    validUntil: r.body.previousValidUntil,
    accepted: true,
  });
  assert.equal(t.body.previous.length, 1, 'the expired entry was pruned by the rotation');
  // The previous test's rotation left the first token in the list with an overlap that is over.
  assert.deepEqual(
    before.body.previous.map((p: { fingerprint: string; accepted: boolean }) => [p.fingerprint, p.accepted]),
    [[fingerprint(HR_TOKEN), false]],
  );
  const text = JSON.stringify([before.body, t.body]);
  for (const secret of [r.body.token, HR_TOKEN, 'secrets/']) assert.ok(!text.includes(secret), secret);
  const ro = await c.req('GET', '/admin/connectors/HR/tokens', undefined, { csrf: false, bearer: READONLY });
  assert.equal(ro.status, 200, 'the read-only role may look');
  assert.equal((await c.api('GET', '/connectors/NOPE/tokens')).status, 404);
});

test('a connector is deleted from the file and stops answering', async () => {
  const r = await c.api('DELETE', '/connectors/NEWAPP');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.reload.removed, ['NEWAPP']);
  assert.doesNotMatch(readFileSync(h.file, 'utf8'), /NEWAPP/);
  assert.equal((await scim('NEWAPP', HR_TOKEN)).status, 404);
  assert.equal((await c.api('DELETE', '/connectors/HR')).status, 400, 'the last connector cannot go');
});
