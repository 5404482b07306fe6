// The stand-in E-Business Suite on its own, over SOAP as ISG serves it: the WSDLs, FND_USER_PKG's procedures and
// rules, the query package's keyset paging, and the faults (env:Server with the Oracle error stack).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyPassword } from '../../examples/directory-soap/passwords.ts';
import { endpointPath } from '../../examples/ebs/isg-types.ts';
import { allWsdls, wsdlText } from '../../examples/ebs/wsdl.ts';
import { PACKAGES } from '../../examples/ebs/isg-types.ts';
import { SoapFault } from '../../src/soap/soap-fault.ts';
import { EBS_TEMPLATE_DIR, type EbsStandIn, startEbsStandIn } from './helpers.ts';

let ebs: EbsStandIn;
before(async () => {
  ebs = await startEbsStandIn(25);
});
after(() => ebs?.stop());

/** The fault a call raises. */
async function fault(p: Promise<unknown>): Promise<SoapFault> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SoapFault) return e;
    throw e;
  }
  assert.fail('expected a SOAP fault');
}

const create = (name: string, extra: Record<string, unknown> = {}) =>
  ebs.call('fnd_user_pkg', 'CREATEUSER', { X_USER_NAME: name, X_OWNER: 'CUST', ...extra });

test('the committed WSDLs are what write-wsdl.ts writes; each endpoint serves its own with its real address', async () => {
  for (const [file, text] of Object.entries(allWsdls()))
    assert.equal(readFileSync(join(EBS_TEMPLATE_DIR, file), 'utf8'), text, `${file}: run examples/ebs/write-wsdl.ts`);
  for (const p of PACKAGES) {
    const res = await fetch(`${ebs.url}${endpointPath(p.name)}?wsdl`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), wsdlText(p, ebs.url));
  }
});

test('CREATEUSER upper-cases the name, keeps only a password hash; GET_USER reads it back, active', async () => {
  await create('jdoe', {
    X_UNENCRYPTED_PASSWORD: 'Welcome123',
    X_DESCRIPTION: 'Jane Doe',
    X_EMAIL_ADDRESS: 'jane@example.com',
    X_EMPLOYEE_ID: 4711,
  });
  const { X_USER: u } = await ebs.call('xx_ferry_user_query', 'GET_USER', { P_USER_NAME: 'jdoe' });
  assert.deepEqual(
    [u.USER_NAME, u.DESCRIPTION, u.EMAIL_ADDRESS, Number(u.EMPLOYEE_ID), u.ACTIVE, u.END_DATE],
    ['JDOE', 'Jane Doe', 'jane@example.com', 4711, 'Y', null],
  );
  const row = ebs.user('JDOE')!;
  assert.ok(row.password_hash && !row.password_hash.includes('Welcome123'));
  assert.equal(await verifyPassword('Welcome123', row.password_hash), true);
});

test("FND's refusals are env:Server faults whose text is the Oracle error stack", async () => {
  const dup = await fault(create('JDOE'));
  assert.equal(dup.code, 'Server');
  assert.match(
    dup.reason,
    /^ORA-20001: FND_USER_EXISTS: User name JDOE already exists\.\nORA-06512: at "APPS.FND_USER_PKG"$/,
  );
  assert.match((await fault(create('J DOE'))).reason, /FND_INVALID_USER_NAME/);
  assert.match(
    (await fault(create('SHORTPW', { X_UNENCRYPTED_PASSWORD: 'ab1' }))).reason,
    /FND_SSO_PASSWORD_TOO_SHORT/,
  );
  assert.match((await fault(create('GUESS', { X_UNENCRYPTED_PASSWORD: 'abcdefghij' }))).reason, /HARD_TO_GUESS/);
  assert.match(
    (await fault(create('DATES', { X_START_DATE: '2030-01-02T00:00:00Z', X_END_DATE: '2030-01-01T00:00:00Z' }))).reason,
    /FND_INVALID_END_DATE/,
  );
  assert.match(
    (await fault(create('LONG', { X_DESCRIPTION: 'x'.repeat(241) }))).reason,
    /^ORA-06502: PL\/SQL: numeric or value error/,
  );
  assert.match(
    (await fault(ebs.call('xx_ferry_user_query', 'GET_USER', { P_USER_NAME: 'NOBODY' }))).reason,
    /^ORA-01403: no data found/,
  );
  assert.match(
    (await fault(ebs.call('fnd_user_pkg', 'DISABLEUSER', { USERNAME: 'NOBODY' }))).reason,
    /FND_USER_NOT_FOUND/,
  );
  assert.equal(ebs.user('DATES'), undefined, 'a refused create leaves nothing behind');
});

test('TESTUSERNAME: 0 can be created, 1 invalid, 2 exists', async () => {
  const t = async (n: string) => Number((await ebs.call('fnd_user_pkg', 'TESTUSERNAME', { X_USER_NAME: n })).RETURN);
  assert.deepEqual([await t('NEWNAME'), await t('a;b'), await t('jdoe')], [0, 1, 2]);
});

test('UPDATEUSER changes only the fields given; *NULL* clears one', async () => {
  await ebs.call('fnd_user_pkg', 'UPDATEUSER', {
    X_USER_NAME: 'JDOE',
    X_FAX: '+1 555 0100',
    X_EMAIL_ADDRESS: '*NULL*',
  });
  const row = ebs.user('JDOE')!;
  assert.deepEqual([row.description, row.email_address, row.fax], ['Jane Doe', null, '+1 555 0100']);
});

test('DISABLEUSER end-dates the user now; ENABLEUSER clears the end date', async () => {
  await ebs.call('fnd_user_pkg', 'DISABLEUSER', { USERNAME: 'JDOE' });
  let u = (await ebs.call('xx_ferry_user_query', 'GET_USER', { P_USER_NAME: 'JDOE' })).X_USER;
  assert.equal(u.ACTIVE, 'N');
  assert.ok(Date.now() - Date.parse(u.END_DATE) < 60_000);
  await ebs.call('fnd_user_pkg', 'ENABLEUSER', { USERNAME: 'JDOE' });
  u = (await ebs.call('xx_ferry_user_query', 'GET_USER', { P_USER_NAME: 'JDOE' })).X_USER;
  assert.equal(u.ACTIVE, 'Y');
  assert.equal(ebs.user('JDOE')!.end_date, null);
});

test('CHANGEPASSWORD replaces the hash; the password rules hold', async () => {
  const r = await ebs.call('fnd_user_pkg', 'CHANGEPASSWORD', { USERNAME: 'JDOE', NEWPASSWORD: 'Changed456' });
  assert.equal(r.RETURN, 'TRUE');
  assert.equal(await verifyPassword('Changed456', ebs.user('JDOE')!.password_hash), true);
  assert.match(
    (await fault(ebs.call('fnd_user_pkg', 'CHANGEPASSWORD', { USERNAME: 'JDOE', NEWPASSWORD: 'jdoe12345' }))).reason,
    /HARD_TO_GUESS/,
  );
});

test('ADDRESP / DELRESP: the assignment is end-dated, not deleted; LIST_RESP_USERS shows current holders', async () => {
  const resp = { RESP_APP: 'SQLAP', RESP_KEY: 'PAYABLES_MANAGER', SECURITY_GROUP: 'STANDARD' };
  await ebs.call('fnd_user_pkg', 'ADDRESP', { USERNAME: 'JDOE', ...resp, DESCRIPTION: 'test' });
  const list = async () =>
    (
      await ebs.call('xx_ferry_user_query', 'LIST_RESP_USERS', {
        P_RESP_APP: 'SQLAP',
        P_RESP_KEY: 'PAYABLES_MANAGER',
        P_AFTER_USER_NAME: '',
        P_MAX_ROWS: 100,
      })
    ).X_USER_NAMES?.ITEM ?? [];
  assert.deepEqual(await list(), ['JDOE']);
  await ebs.call('fnd_user_pkg', 'DELRESP', { USERNAME: 'JDOE', ...resp });
  assert.deepEqual(await list(), []);
  assert.match(
    (await fault(ebs.call('fnd_user_pkg', 'DELRESP', { USERNAME: 'JDOE', ...resp }))).reason,
    /FND_RESP_NOT_ASSIGNED/,
  );
  assert.match(
    (await fault(ebs.call('fnd_user_pkg', 'ADDRESP', { USERNAME: 'JDOE', RESP_APP: 'SQLAP', RESP_KEY: 'NO_SUCH' })))
      .reason,
    /FND_INVALID_RESPONSIBILITY/,
  );
});

test('LIST_USERS pages by user name: every user once, X_MORE until the last page', async () => {
  const names: string[] = [];
  let after = '';
  let pages = 0;
  for (;;) {
    const r = await ebs.call('xx_ferry_user_query', 'LIST_USERS', { P_AFTER_USER_NAME: after, P_MAX_ROWS: 10 });
    const page = (r.X_USERS?.ITEM ?? []) as { USER_NAME: string }[];
    names.push(...page.map((u) => u.USER_NAME));
    pages++;
    if (r.X_MORE !== 'Y') break;
    after = page[page.length - 1].USER_NAME;
  }
  assert.equal(names.length, 27, 'SYSADMIN, 25 seeded users and JDOE');
  assert.deepEqual(names, [...names].sort());
  assert.equal(pages, 3);
  const resps = await ebs.call('xx_ferry_user_query', 'LIST_RESPONSIBILITIES', { P_AFTER_KEY: '', P_MAX_ROWS: 100 });
  assert.equal(resps.X_RESPS.ITEM.length, 8);
});

test('ISG refuses a call without the SOAHeader responsibility, and a wrong UsernameToken', async () => {
  assert.match(
    (await fault(ebs.call('xx_ferry_user_query', 'LIST_USERS', {}, { header: null }))).reason,
    /FND_SOA_RESP_MISSING/,
  );
  assert.match(
    (
      await fault(
        ebs.call(
          'xx_ferry_user_query',
          'LIST_USERS',
          {},
          { header: { Responsibility: 'NOPE', RespApplication: 'FND' } },
        ),
      )
    ).reason,
    /FND_INVALID_RESPONSIBILITY.*\nORA-06512: at "ISG"/s,
  );
  const auth = await fault(ebs.call('xx_ferry_user_query', 'LIST_USERS', {}, { password: 'wrong-password' }));
  assert.match(`${auth.code} ${auth.subcode ?? ''}`, /FailedAuthentication/);
});
