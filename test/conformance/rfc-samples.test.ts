// The RFC 7643/7644 example documents: every one parses; users and groups round-trip through a connector;
// filters in them parse and print back; our error bodies have the RFC's shape.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conformanceDir } from '../helpers/shared.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { formatFilter, parseFilter } from '../../src/scim/filter/parser.ts';

const dir = conformanceDir();
const samples = join(dir, 'rfc-samples');
const load = (name: string) => JSON.parse(readFileSync(join(samples, name), 'utf8'));
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let t: TestHost;

before(async () => {
  t = await startTestHost({ configFile: fileURLToPath(new URL('./fixtures/rfc-wide.yaml', import.meta.url)) });
});
after(async () => {
  await t?.stop();
});

test('every RFC sample is valid JSON', () => {
  const files = readdirSync(samples).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 40);
  for (const f of files) assert.doesNotThrow(() => load(f), f);
});

const pick = (u: any) => ({
  userName: u.userName,
  externalId: u.externalId,
  name: u.name,
  displayName: u.displayName,
  nickName: u.nickName,
  title: u.title,
  userType: u.userType,
  locale: u.locale,
  timezone: u.timezone,
  active: u.active,
  workEmail: u.emails?.find((e: any) => e.type === 'work')?.value,
  homeEmail: u.emails?.find((e: any) => e.type === 'home')?.value,
  workPhone: u.phoneNumbers?.find((e: any) => e.type === 'work')?.value,
  mobilePhone: u.phoneNumbers?.find((e: any) => e.type === 'mobile')?.value,
  workStreet: u.addresses?.find((e: any) => e.type === 'work')?.streetAddress,
  workLocality: u.addresses?.find((e: any) => e.type === 'work')?.locality,
  ent: u[ENT] ? { ...u[ENT], manager: u[ENT].manager?.value } : undefined,
});

for (const name of [
  'rfc7643-8.1-user-minimal.json',
  'rfc7643-8.2-user-full.json',
  'rfc7643-8.3-enterprise_user.json',
]) {
  test(`round trip: ${name}`, async () => {
    const sample = load(name);
    await t.scim('RFC', `/Users/${encodeURIComponent(sample.userName)}`, { method: 'DELETE' }); // the samples share one userName
    const body = { ...sample };
    delete body.id;
    delete body.meta;
    delete body.groups; // read-only in SCIM
    delete body.password;
    const c = await t.scim('RFC', '/Users', { method: 'POST', json: body });
    assert.equal(c.status, 201, c.text);
    const g = await t.scim('RFC', `/Users/${encodeURIComponent(c.body.id)}`);
    assert.equal(g.status, 200);
    const want = pick(sample);
    if (want.ent) {
      // Only the mapped enterprise attributes round-trip.
      const { employeeNumber, costCenter, organization, division, department, manager } = want.ent;
      want.ent = Object.fromEntries(
        Object.entries({ employeeNumber, costCenter, organization, division, department, manager }).filter(
          ([, v]) => v !== undefined,
        ),
      );
    }
    if (want.name)
      want.name = Object.fromEntries(
        Object.entries(want.name).filter(([k]) =>
          ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].includes(k),
        ),
      );
    const got = pick(g.body);
    if (got.ent) got.ent = Object.fromEntries(Object.entries(got.ent).filter(([, v]) => v !== undefined));
    if (want.active === undefined) delete got.active;
    assert.deepEqual(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(want)));
  });
}

test('round trip: rfc7643-8.4-group.json', async () => {
  const sample = load('rfc7643-8.4-group.json');
  const body = { ...sample };
  delete body.id;
  delete body.meta;
  const c = await t.scim('RFC', '/Groups', { method: 'POST', json: body });
  assert.equal(c.status, 201, c.text);
  const g = await t.scim('RFC', `/Groups/${encodeURIComponent(c.body.id)}`);
  assert.equal(g.body.displayName, sample.displayName);
  assert.deepEqual(g.body.members.map((m: any) => m.value).sort(), sample.members.map((m: any) => m.value).sort());
});

test('filters of the samples parse and print back to an equal filter', () => {
  const search = load('rfc7644-3.4.3-search_request.json');
  const f = parseFilter(search.filter);
  assert.deepEqual(parseFilter(formatFilter(f)), f);
  for (const file of readdirSync(samples).filter((x) => x.includes('patch_op'))) {
    for (const op of load(file).Operations ?? []) {
      const m = typeof op.path === 'string' ? /\[(.*)\]/.exec(op.path) : null;
      if (m) assert.deepEqual(parseFilter(formatFilter(parseFilter(m[1]))), parseFilter(m[1]), file);
    }
  }
});

test('our error and list bodies have the RFC shape', async () => {
  const rfcErr = load('rfc7644-3.12-error-not_found.json');
  const ours = await t.scim('RFC', '/Users/2819c223-7f76-453a-919d-413861904646');
  assert.equal(ours.status, 404);
  assert.deepEqual(ours.body.schemas, rfcErr.schemas);
  assert.equal(typeof ours.body.status, typeof rfcErr.status);
  assert.equal(ours.body.status, rfcErr.status);
  const rfcList = load('rfc7644-3.4.3-list_response-post_query.json');
  const list = await t.scim('RFC', '/Users?count=1');
  for (const k of Object.keys(rfcList)) assert.ok(k in list.body, `ListResponse has ${k}`);
});
