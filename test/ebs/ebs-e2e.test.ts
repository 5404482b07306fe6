// The Oracle EBS template end to end: SCIM into a host whose connectors EBS (ECMA style) and EBSSCIM (SCIM style)
// run templates/oracle-ebs/project.yaml unchanged against the stand-in in its own process, over ISG's SOAP; and a
// configuration that `ferry init --template oracle-ebs` wrote, run as it is.
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../examples/directory-soap/passwords.ts';
import { runOkta } from '../apps/okta.ts';
import { runFerryInProcess } from '../../src/test-support/run-ferry-in-process.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';
import { EBS_PASSWORD, EBS_USER, type EbsStandIn, startEbsHost, startEbsStandIn } from './helpers.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ECMA = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const OWN = 'urn:ietf:params:scim:schemas:extension:EBSSCIM:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GL = 'SQLGL:GENERAL_LEDGER_SUPER_USER';
const SEED = 40;

let ebs: EbsStandIn;
before(async () => {
  ebs = await startEbsStandIn(SEED);
});
after(() => ebs?.stop());

describe('EBS template through Ferry', () => {
  let t: TestHost;
  const scim = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('EBSSCIM', path, init);
  const ecma = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('EBS', path, init);
  const patch = (path: string, ...ops: unknown[]) =>
    scim(path, { method: 'PATCH', json: { schemas: [PATCH], Operations: ops } });

  before(async () => {
    t = await startEbsHost(ebs);
  });
  after(() => t?.stop());

  test('test connection, and the start-up full import: every user and responsibility, with members', async () => {
    assert.equal((await t.host.connector('EBSSCIM')!.connector.test()).ok, true);
    const users = await scim('/Users?count=1');
    assert.equal(users.body.totalResults, SEED + 1, 'SYSADMIN and the seeded users');
    const groups = await scim('/Groups');
    assert.equal(groups.body.totalResults, 8);
    const gl = await scim(`/Groups/${encodeURIComponent(GL)}`);
    assert.equal(gl.status, 200, gl.text);
    assert.equal(gl.body.displayName, 'General Ledger Super User');
    assert.deepEqual(
      gl.body.members.map((m: { value: string }) => m.value).sort(),
      ebs.holders('GENERAL_LEDGER_SUPER_USER'),
    );
    assert.equal(gl.body.members.length, SEED / 5);
    const ecmaUsers = await ecma('/Users?count=1');
    assert.equal(ecmaUsers.body.totalResults, SEED + 1);
  });

  // FND_USER has no given or family name (they live in HR), and EBS upper-cases user names: Okta's checks of
  // name.* and of the userName's case cannot pass against EBS. Every other check must.
  test("Okta's SCIM 2.0 test against EBSSCIM: all but the checks EBS's data model rules out", async () => {
    const out = await runOkta(`${t.host.baseUrl}/connectors/EBSSCIM/scim`);
    const failures = out.split('\n').filter((l) => l.includes('FAIL '));
    const explained = (l: string) =>
      /:: \S+ (Resources\[0\]\.)?name\.(givenName|familyName) /.test(l) ||
      /:: equal userName expected=(\S+) actual="\1"/i.test(l);
    assert.deepEqual(
      failures.filter((l) => !explained(l)),
      [],
      out,
    );
    assert.match(out, /\b42 passed, 10 failed\b/, out);
  });

  test('create (SCIM style) with a password: CREATEUSER; EBS keeps its hash; get and filter find it', async () => {
    const r = await scim('/Users', {
      method: 'POST',
      json: {
        schemas: [USER, OWN],
        userName: 'agrant',
        displayName: 'Alice Grant',
        emails: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
        phoneNumbers: [{ type: 'fax', value: '+1 555 0101' }],
        password: 'Welcome2ebs',
        active: true,
        [OWN]: { employeeId: 1001 },
      },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.id, 'AGRANT', 'EBS upper-cases user names; the anchor is the EBS name');
    assert.equal(r.body.active, true);
    const row = ebs.user('AGRANT')!;
    assert.deepEqual(
      [row.description, row.email_address, row.fax, row.employee_id, row.end_date],
      ['Alice Grant', 'alice@contoso.com', '+1 555 0101', 1001, null],
    );
    assert.equal(await verifyPassword('Welcome2ebs', row.password_hash), true);
    assert.ok(!t.logs().includes('Welcome2ebs'), 'the password never reaches the host log');
    const got = await scim('/Users/AGRANT');
    assert.equal(got.body.displayName, 'Alice Grant');
    assert.equal(got.body[OWN].employeeId, 1001);
    const found = await scim(`/Users?filter=${encodeURIComponent('userName eq "AGRANT"')}`);
    assert.deepEqual(
      found.body.Resources.map((u: { id: string }) => u.id),
      ['AGRANT'],
    );
  });

  test('update: UPDATEUSER with what changed; a removed e-mail is cleared in EBS', async () => {
    const r = await patch(
      '/Users/AGRANT',
      { op: 'replace', path: 'displayName', value: 'Alice M. Grant' },
      { op: 'remove', path: 'emails[type eq "work"]' },
    );
    assert.equal(r.status, 200, r.text);
    const row = ebs.user('AGRANT')!;
    assert.deepEqual([row.description, row.email_address, row.fax], ['Alice M. Grant', null, '+1 555 0101']);
  });

  test('disable end-dates the user (DISABLEUSER); enable clears the end date (ENABLEUSER)', async () => {
    let r = await patch('/Users/AGRANT', { op: 'replace', path: 'active', value: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.active, false);
    assert.ok(ebs.user('AGRANT')!.end_date, 'end-dated');
    r = await patch('/Users/AGRANT', { op: 'replace', path: 'active', value: true });
    assert.equal(r.body.active, true, r.text);
    assert.equal(ebs.user('AGRANT')!.end_date, null);
  });

  test('password: CHANGEPASSWORD; a password EBS refuses is 400 with its message', async () => {
    const r = await patch('/Users/AGRANT', { op: 'replace', path: 'password', value: 'Another9pass' });
    assert.equal(r.status, 200, r.text);
    assert.equal(await verifyPassword('Another9pass', ebs.user('AGRANT')!.password_hash), true);
    const weak = await patch('/Users/AGRANT', { op: 'replace', path: 'password', value: 'short1' });
    assert.equal(weak.status, 400, weak.text);
    assert.ok(!t.logs().includes('Another9pass') && !t.logs().includes('short1'), 'nor any password in the log');
    assert.match(weak.body.detail, /FND_SSO_PASSWORD_TOO_SHORT: The password must be at least 8 characters long/);
    assert.doesNotMatch(weak.text, /short1/, 'the password is not echoed');
  });

  test("EBS's refusals: a name it holds already is 409, an invalid name or value 400, each with EBS's message", async () => {
    // Made in EBS directly: the connector space does not know it, so only EBS can refuse it.
    await ebs.call('fnd_user_pkg', 'CREATEUSER', { X_USER_NAME: 'BYHAND', X_OWNER: 'CUST' });
    const dup = await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'byhand' } });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.body.scimType, 'uniqueness');
    assert.match(dup.body.detail, /FND_USER_EXISTS: User name BYHAND already exists/);
    const bad = await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'two words' } });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.detail, /FND_INVALID_USER_NAME/);
    const long = await scim('/Users', {
      method: 'POST',
      json: { schemas: [USER], userName: 'longdesc', displayName: 'x'.repeat(241) },
    });
    assert.equal(long.status, 400, long.text);
    assert.match(long.body.detail, /ORA-06502: PL\/SQL: numeric or value error/);
    assert.equal(ebs.user('LONGDESC'), undefined);
  });

  test('group members: ADDRESP and DELRESP; creating a responsibility is refused, naming where to define it', async () => {
    const path = `/Groups/${encodeURIComponent(GL)}`;
    let r = await scim(path, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'AGRANT' }] }] },
    });
    assert.equal(r.status, 200, r.text);
    assert.ok(ebs.holders('GENERAL_LEDGER_SUPER_USER').includes('AGRANT'));
    r = await scim(path, {
      method: 'PATCH',
      json: {
        schemas: [PATCH],
        Operations: [{ op: 'remove', path: 'members[value eq "USER000005"]' }],
      },
    });
    assert.equal(r.status, 200, r.text);
    const holders = ebs.holders('GENERAL_LEDGER_SUPER_USER');
    assert.ok(!holders.includes('USER000005') && holders.includes('AGRANT'));
    assert.deepEqual(r.body.members.map((m: { value: string }) => m.value).sort(), holders);
    const created = await scim('/Groups', { method: 'POST', json: { schemas: [GROUP], displayName: 'Brand New' } });
    assert.equal(created.status, 400, created.text);
    assert.match(created.body.detail, /Responsibility → Define/);
  });

  test('ECMA style: every attribute in the ECMA2Host extension, export_password on create', async () => {
    const r = await ecma('/Users', {
      method: 'POST',
      json: {
        schemas: [USER, ECMA],
        [ECMA]: {
          userName: 'bgray',
          description: 'Bob Gray',
          email: 'bob@contoso.com',
          export_password: 'Initial1pass',
          active: false,
        },
      },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body[ECMA].userName, 'BGRAY');
    assert.equal(r.body[ECMA].active, false, 'created inactive: DISABLEUSER after CREATEUSER');
    assert.equal(r.body[ECMA].export_password, undefined, 'write-only');
    const row = ebs.user('BGRAY')!;
    assert.ok(row.end_date);
    assert.equal(await verifyPassword('Initial1pass', row.password_hash), true);
  });

  test('delete: EBS keeps the user, end-dated; Ferry forgets it', async () => {
    const r = await scim('/Users/AGRANT', { method: 'DELETE' });
    assert.equal(r.status, 204, r.text);
    assert.equal((await scim('/Users/AGRANT')).status, 404);
    const row = ebs.user('AGRANT')!;
    assert.ok(row.end_date && Date.parse(row.end_date) <= Date.now());
  });
});

describe('a configuration written by ferry init --template oracle-ebs runs as written', () => {
  let dir: string;
  let t: TestHost;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ebs-init-'));
    const r = await runFerryInProcess(
      [
        'init',
        '-t',
        'oracle-ebs',
        '-d',
        join(dir, 'cfg'),
        '--style',
        'scim',
        '--base-url',
        ebs.url,
        '-p',
        `user=${EBS_USER}`,
      ],
      dir,
      { FERRY_INIT_PASSWORD: EBS_PASSWORD },
    );
    assert.equal(r.code, 0, r.stderr);
    t = await startTestHost({ configFile: join(dir, 'cfg', 'ferry.yaml') });
  });
  after(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('its connector imports EBS and creates a user with the token init generated', async () => {
    const token = readFileSync(join(dir, 'cfg', 'secrets', 'connector-token'), 'utf8').trim();
    const list = await t.scim('EBS', '/Users?count=1', { token });
    assert.equal(list.status, 200, list.text);
    assert.ok(list.body.totalResults > SEED);
    const r = await t.scim('EBS', '/Users', {
      method: 'POST',
      token,
      json: { schemas: [USER], userName: 'from.init' },
    });
    assert.equal(r.status, 201, r.text);
    assert.ok(ebs.user('FROM.INIT'));
    assert.equal((await t.scim('EBS', '/Users?count=1', { token: null })).status, 401);
  });
});
