// The SAP ECC 7 template end to end: HTTPS SCIM into a host whose connector SAPECC (examples/sap/ferry.yaml) runs
// templates/sap-ecc/project.yaml against the stand-in SAP service in its own process, over SOAP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../examples/sap/passwords.ts';
import type { TestHost } from '../helpers/test-host.ts';
import { items, startSapHost, startStandIn, type StandIn } from './helpers.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const EXT = 'urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [CORE, EXT],
  [EXT]: {
    userName,
    firstName: 'Grace',
    lastName: 'Hopper',
    email: `${userName.toLowerCase()}@contoso.com`,
    telephoneNumber: '+1 703 555 0103',
    jobTitle: 'Director',
    department: 'Engineering',
    company: 'Contoso Inc',
    city: 'Arlington',
    expirationTime: '9999-12-31',
    ...extra,
  },
});
const replace = (attr: string, value: unknown) => ({ op: 'Replace', path: `${EXT}:${attr}`, value });
const remove = (attr: string) => ({ op: 'Remove', path: `${EXT}:${attr}` });

describe('SAPECC: exports through HTTPS SCIM into the stand-in', () => {
  let sap: StandIn;
  let t: TestHost;
  const scim = (path: string, init?: Parameters<TestHost['scim']>[2]) => t.scim('SAPECC', path, init);
  const detail = (name: string) => sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: name, RETURN: {} });

  before(async () => {
    sap = await startStandIn();
    t = await startSapHost(sap, { tls: true });
  });
  after(async () => {
    await t?.stop();
    await sap?.stop();
  });

  test('test connection: a one-row BAPI_USER_GETLIST', async () => {
    const r = await t.host.connector('SAPECC')!.connector.test();
    assert.equal(r.ok, true, r.message);
    // The report names the SOAP operation of each call (the console and `ferry test-connection` show it).
    assert.equal(r.calls?.[0]?.operation, 'BAPI_USER_GETLIST', JSON.stringify(r.calls));
    assert.equal(r.calls?.[0]?.ok, true);
  });

  test('create with the initial password: BAPI_USER_CREATE1; SAP keeps only its hash; the SCIM answer is the reread user', async () => {
    const r = await scim('/Users', {
      method: 'POST',
      json: user('ghopper', { export_password: 'Pass@w0rd1-initial' }),
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.id, 'GHOPPER', 'SAP user names are upper case; the anchor is the SAP name');
    assert.equal(r.body[EXT].userName, 'GHOPPER');
    assert.equal(r.body[EXT].expirationTime, '9999-12-31');
    assert.equal(r.body[EXT].export_password, undefined, 'write-only');
    const d = await detail('GHOPPER');
    assert.deepEqual(
      [
        d.ADDRESS.FIRSTNAME,
        d.ADDRESS.LASTNAME,
        d.ADDRESS.E_MAIL,
        d.ADDRESS.TEL1_NUMBR,
        d.ADDRESS.FUNCTION,
        d.ADDRESS.DEPARTMENT,
        d.ADDRESS.CITY,
        d.COMPANY.COMPANY,
        d.LOGONDATA.GLTGB,
        d.LOGONDATA.USTYP,
      ],
      [
        'Grace',
        'Hopper',
        'ghopper@contoso.com',
        '+1 703 555 0103',
        'Director',
        'Engineering',
        'Arlington',
        'Contoso Inc',
        '9999-12-31',
        'A',
      ],
    );
    const row = sap.row('GHOPPER')!;
    assert.match(row.pwd_hash!, /^scrypt\$/);
    assert.equal(row.pwd_state, 'initial');
    assert.ok(
      await verifyPassword('Pass@w0rd1-initial', row.pwd_hash!),
      'the stand-in has the hash of the password Entra sent',
    );
    assert.ok(!t.logs().includes('Pass@w0rd1-initial'), 'the password is in no host log');
    const f = await scim(`/Users?filter=${encodeURIComponent(`${EXT}:userName eq "GHOPPER"`)}`);
    assert.equal(f.body.totalResults, 1);
  });

  test("the SOAPAction header is the WSDL's soapAction as one quoted string (SOAP 1.1)", async () => {
    const actions = await sap.soapActions();
    assert.equal(
      actions.BAPI_USER_CREATE1,
      '"urn:sap-com:document:sap:rfc:functions:ZSU_USER:BAPI_USER_CREATE1Request"',
    );
    assert.equal(
      actions.BAPI_USER_GET_DETAIL,
      '"urn:sap-com:document:sap:rfc:functions:ZSU_USER:BAPI_USER_GET_DETAILRequest"',
    );
  });

  test('update: BAPI_USER_CHANGE flags (…X) only the changed fields; a removed attribute is cleared in SAP', async () => {
    await scim('/Users', {
      method: 'POST',
      json: user('aturing', { firstName: 'Alan', lastName: 'Turing', export_password: 'Pass@w0rd1-turing' }),
    });
    // SAP's own change to a field Entra does not touch in this export: it must survive (no X flag for it).
    await sap.bapi('BAPI_USER_CHANGE', {
      USERNAME: 'ATURING',
      ADDRESS: { DEPARTMENT: 'Set in SAP' },
      ADDRESSX: { DEPARTMENT: 'X' },
      RETURN: {},
    });
    const p = await scim('/Users/ATURING', {
      method: 'PATCH',
      json: {
        schemas: [PATCH],
        Operations: [
          replace('firstName', 'Alan M.'),
          remove('city'),
          replace('jobTitle', 'Researcher & <Cryptanalyst>'),
        ],
      },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body[EXT].firstName, 'Alan M.');
    assert.equal(p.body[EXT].city, undefined);
    const d = await detail('ATURING');
    assert.equal(d.ADDRESS.FIRSTNAME, 'Alan M.');
    assert.equal(d.ADDRESS.CITY, '', 'cleared with an empty value and its X flag');
    assert.equal(d.ADDRESS.FUNCTION, 'Researcher & <Cryptanalyst>', 'escaped on the way, intact in SAP');
    assert.equal(d.ADDRESS.DEPARTMENT, 'Set in SAP', 'not flagged, not written');
    assert.equal(d.ADDRESS.FULLNAME, 'Alan M. Turing');
  });

  test('expire: expirationTime (Entra: 1990-01-01 when soft-deleted) is LOGONDATA-GLTGB; active=false changes nothing (disable flow none)', async () => {
    await scim('/Users', { method: 'POST', json: user('kjohnson', { export_password: 'Pass@w0rd1-kj' }) });
    const off = await scim('/Users/KJOHNSON', {
      method: 'PATCH',
      json: {
        schemas: [PATCH],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }, replace('expirationTime', '1990-01-01')],
      },
    });
    assert.equal(off.status, 200, off.text);
    assert.equal((await detail('KJOHNSON')).LOGONDATA.GLTGB, '1990-01-01');
    assert.ok(sap.row('KJOHNSON'), 'still in SAP');
    const on = await scim('/Users/KJOHNSON', {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [replace('expirationTime', '9999-12-31')] },
    });
    assert.equal(on.status, 200, on.text);
    assert.equal((await detail('KJOHNSON')).LOGONDATA.GLTGB, '9999-12-31');
    const cleared = await scim('/Users/KJOHNSON', {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [remove('expirationTime')] },
    });
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal((await detail('KJOHNSON')).LOGONDATA.GLTGB, '0000-00-00', 'no end of validity');
    assert.equal(cleared.body[EXT].expirationTime, undefined);
  });

  test('delete: BAPI_USER_DELETE; a user SAP no longer has (E 01/124) counts as deleted', async () => {
    await scim('/Users', { method: 'POST', json: user('hlamarr', { export_password: 'Pass@w0rd1-hl' }) });
    assert.equal((await scim('/Users/HLAMARR', { method: 'DELETE' })).status, 204);
    assert.equal(sap.row('HLAMARR'), undefined);
    assert.equal((await scim('/Users/HLAMARR')).status, 404);
    await scim('/Users', { method: 'POST', json: user('enoether', { export_password: 'Pass@w0rd1-en' }) });
    const gone = await sap.bapi('BAPI_USER_DELETE', { USERNAME: 'ENOETHER', RETURN: {} });
    assert.equal(items(gone.RETURN)[0].TYPE, 'S');
    const d = await scim('/Users/ENOETHER', { method: 'DELETE' });
    assert.equal(d.status, 204, d.text);
    assert.equal((await scim('/Users/ENOETHER')).status, 404);
    assert.match(t.logs(), /ENOETHER was already deleted/);
  });

  test("224: a user SAP already has (not in the connector space) is a clear SCIM error naming SAP's message; SAP keeps its user", async () => {
    const made = await sap.bapi('BAPI_USER_CREATE1', {
      USERNAME: 'ALOVELACE',
      ADDRESS: { FIRSTNAME: 'Ada', LASTNAME: 'Byron' },
      LOGONDATA: {},
      PASSWORD: { BAPIPWD: 'Made-in-SAP-1' },
      RETURN: {},
    });
    assert.equal(items(made.RETURN)[0].TYPE, 'S');
    const r = await scim('/Users', {
      method: 'POST',
      json: user('alovelace', { firstName: 'Ada', lastName: 'Lovelace', export_password: 'Pass@w0rd1-al' }),
    });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.scimType, 'uniqueness');
    assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    assert.match(r.body.detail, /224/);
    assert.match(r.body.detail, /User ALOVELACE already exists/);
    assert.equal((await detail('ALOVELACE')).ADDRESS.LASTNAME, 'Byron', 'nothing overwritten');
    // (Whether the space then adopts SAP's user is the export engine's settling, tested with it.)
  });

  test("a user name longer than SAP's 12 characters is refused before any call (400)", async () => {
    await sap.resetCalls();
    const r = await scim('/Users', {
      method: 'POST',
      json: user('katherine.johnson', { export_password: 'Pass@w0rd1-kj2' }),
    });
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.detail, /at most 12 characters/);
    assert.equal((await sap.calls()).BAPI_USER_CREATE1 ?? 0, 0);
  });

  test("a SOAP fault from SAP is a SCIM error with the fault's text; nothing is half-written", async () => {
    await sap.http(
      'POST',
      '/_faults',
      JSON.stringify({
        operation: 'BAPI_USER_CREATE1',
        fault: 'Injected: ABAP runtime error TSV_TNEW_PAGE_ALLOC_FAILED',
        times: 1,
      }),
      { 'Content-Type': 'application/json' },
    );
    const r = await scim('/Users', { method: 'POST', json: user('faulty', { export_password: 'Pass@w0rd1-f' }) });
    assert.ok(r.status >= 500, r.text);
    assert.match(r.body.detail, /TSV_TNEW_PAGE_ALLOC_FAILED/);
    assert.equal(sap.row('FAULTY'), undefined);
    assert.equal((await scim('/Users/FAULTY')).status, 404);
    await sap.http('DELETE', '/_faults');
  });
});

describe('SAPECC: full import', () => {
  let sap: StandIn;
  let t: TestHost;

  before(async () => {
    sap = await startStandIn({ seed: 1000 });
    t = await startSapHost(sap, { tls: true });
  });
  after(async () => {
    await t?.stop();
    await sap?.stop();
  });

  test("1,000 users over 5 pages of 200 (keyset on the user name), one GET_DETAIL each, with SAP's values", async () => {
    const status = t.host.connector('SAPECC')!.importStatus.last;
    assert.equal(status?.ok, true, status?.error);
    assert.equal(status?.objects, 1000);
    const calls = await sap.calls();
    // Five full pages; the sixth list call finds nothing after USER001000 and ends the loop.
    assert.equal(calls.BAPI_USER_GETLIST, 6);
    assert.equal(calls.BAPI_USER_GET_DETAIL, 1000);
    const all = await t.scim('SAPECC', '/Users?count=1');
    assert.equal(all.body.totalResults, 1000);
    const u = await t.scim('SAPECC', '/Users/USER000007');
    assert.equal(u.status, 200, u.text);
    assert.deepEqual(
      [
        u.body[EXT].userName,
        u.body[EXT].firstName,
        u.body[EXT].middleName,
        u.body[EXT].lastName,
        u.body[EXT].expirationTime,
        u.body[EXT].company,
      ],
      ['USER000007', 'Grace', 'Maria', 'Adams', '9999-12-31', 'Contoso GmbH'],
    );
    assert.equal((await t.scim('SAPECC', '/Users/USER000100')).body[EXT].expirationTime, '2024-06-30');
    assert.equal(
      (await t.scim('SAPECC', '/Users/USER000025')).body[EXT].expirationTime,
      undefined,
      'GLTGB 0000-00-00: no expiration',
    );
  });

  test('a full import through the admin API reads the same again', async () => {
    await sap.resetCalls();
    const report = await t.host.connector('SAPECC')!.runImport('full');
    assert.equal(t.host.connector('SAPECC')!.importStatus.last?.objects, 1000, JSON.stringify(report));
    assert.equal((await sap.calls()).BAPI_USER_GETLIST, 6);
  });
});
