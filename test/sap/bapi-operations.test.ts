// The stand-in's function modules as plain functions over parsed arguments (no HTTP, no XML): SAP's semantics —
// RETURN messages, change flags, keyset paging, ranges, passwords kept only as hashes, conversion faults.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Args, bapiOperations, type Operation } from '../../examples/sap/bapi.ts';
import { SoapFault } from '../../src/soap/soap-fault.ts';
import { openDb } from '../../examples/sap/db.ts';
import { verifyPassword } from '../../examples/sap/passwords.ts';
import { seed, seedName } from '../../examples/sap/seed.ts';
import { UserStore } from '../../examples/sap/user-store.ts';

type Ops = Record<string, Operation>;
const items = (t: unknown): Args[] => (t as { item?: Args[] } | undefined)?.item ?? [];
const RETURN = { RETURN: {} };

// Closed at the end of the file (an `after` registered inside `before` would run as soon as `before` ends).
const cleanups: (() => void)[] = [];
after(() => {
  for (const fn of cleanups) fn();
});

function open(seedCount = 0, tables: 'requested' | 'all' = 'requested'): { ops: Ops; store: UserStore } {
  const dir = mkdtempSync(join(tmpdir(), 'sap-ops-'));
  const db = openDb(dir);
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  seed(db, seedCount);
  const store = new UserStore(db);
  return { ops: bapiOperations(store, { passwordCost: 1024, tables, system: 'NPLCLNT001' }), store };
}

describe('BAPI_USER_CREATE1 / GET_DETAIL / CHANGE / DELETE', () => {
  let ops: Ops;
  let store: UserStore;
  before(() => ({ ops, store } = open()));

  test('create: upper-case name, success message 01/102, the password kept only as a scrypt hash', async () => {
    const r = await ops.BAPI_USER_CREATE1({
      USERNAME: 'jdoe',
      ADDRESS: {
        FIRSTNAME: 'John',
        LASTNAME: 'Doe',
        E_MAIL: 'john.doe@contoso.com',
        FUNCTION: 'Buyer',
        DEPARTMENT: 'Purchasing',
        CITY: 'Walldorf',
        TEL1_NUMBR: '+49 6227 1',
      },
      LOGONDATA: { GLTGB: '9999-12-31' },
      COMPANY: { COMPANY: 'Contoso GmbH' },
      PASSWORD: { BAPIPWD: 'Init1al-Secret' },
      ...RETURN,
    });
    const ret = items(r.RETURN);
    assert.equal(ret.length, 1);
    assert.deepEqual(
      [ret[0].TYPE, ret[0].ID, ret[0].NUMBER, ret[0].MESSAGE, ret[0].MESSAGE_V1],
      ['S', '01', '102', 'User JDOE created', 'JDOE'],
    );
    const u = store.get('JDOE')!;
    assert.match(u.pwdHash!, /^scrypt\$/);
    assert.ok(!u.pwdHash!.includes('Init1al-Secret'));
    assert.equal(u.pwdState, 'initial');
    assert.ok(await verifyPassword('Init1al-Secret', u.pwdHash!));
    assert.equal(u.address.FULLNAME, 'John Doe');
  });

  test('create again: E 01/224 "User JDOE already exists", nothing changed', async () => {
    const r = await ops.BAPI_USER_CREATE1({
      USERNAME: 'JDOE',
      ADDRESS: { LASTNAME: 'Other' },
      LOGONDATA: {},
      PASSWORD: { BAPIPWD: 'Another-Secret1' },
      ...RETURN,
    });
    const [e] = items(r.RETURN);
    assert.deepEqual(
      [e.TYPE, e.ID, e.NUMBER, e.MESSAGE, e.MESSAGE_V1],
      ['E', '01', '224', 'User JDOE already exists', 'JDOE'],
    );
    assert.equal(store.get('JDOE')!.address.LASTNAME, 'Doe');
  });

  test('create: a dialog user needs a password (or GENERATE_PWD), a short one is refused, a last name is required', async () => {
    const noPw = await ops.BAPI_USER_CREATE1({
      USERNAME: 'NOPW',
      ADDRESS: { LASTNAME: 'X' },
      LOGONDATA: {},
      ...RETURN,
    });
    assert.equal(items(noPw.RETURN)[0].NUMBER, '290');
    const short = await ops.BAPI_USER_CREATE1({
      USERNAME: 'SHORTPW',
      ADDRESS: { LASTNAME: 'X' },
      LOGONDATA: {},
      PASSWORD: { BAPIPWD: 'abc' },
      ...RETURN,
    });
    assert.equal(items(short.RETURN)[0].NUMBER, '791');
    const noLast = await ops.BAPI_USER_CREATE1({
      USERNAME: 'NOLAST',
      ADDRESS: { FIRSTNAME: 'X' },
      LOGONDATA: {},
      PASSWORD: { BAPIPWD: 'Long-enough-1' },
      ...RETURN,
    });
    assert.equal(items(noLast.RETURN)[0].NUMBER, '391');
    assert.equal(store.get('NOPW') ?? store.get('SHORTPW') ?? store.get('NOLAST'), undefined);
    const gen = await ops.BAPI_USER_CREATE1({
      USERNAME: 'GENPW',
      ADDRESS: { LASTNAME: 'Gen' },
      LOGONDATA: {},
      GENERATE_PWD: 'X',
      ...RETURN,
    });
    assert.equal(items(gen.RETURN)[0].TYPE, 'S');
    const generated = String((gen.GENERATED_PASSWORD as Args).BAPIPWD);
    assert.equal(generated.length, 12);
    assert.ok(await verifyPassword(generated, store.get('GENPW')!.pwdHash!));
    const system = await ops.BAPI_USER_CREATE1({
      USERNAME: 'RFCUSER',
      ADDRESS: { LASTNAME: 'Rfc' },
      LOGONDATA: { USTYP: 'B' },
      ...RETURN,
    });
    assert.equal(items(system.RETURN)[0].TYPE, 'S', 'a system user needs no password');
  });

  test("a value longer than its field is a conversion fault, as in SAP's SOAP runtime (not a RETURN row)", async () => {
    await assert.rejects(
      ops.BAPI_USER_CREATE1({ USERNAME: 'THIRTEENCHARS', ADDRESS: { LASTNAME: 'X' }, LOGONDATA: {}, ...RETURN }),
      (e: unknown) => {
        assert.ok(e instanceof SoapFault);
        assert.equal(e.code, 'Client');
        assert.match(e.message, /Data loss occurred when converting THIRTEENCHARS/);
        return true;
      },
    );
    await assert.rejects(
      ops.BAPI_USER_CHANGE({ USERNAME: 'JDOE', LOGONDATA: { GLTGB: '31.12.9999' }, LOGONDATAX: { GLTGB: 'X' } }),
      SoapFault,
    );
  });

  test("get detail: every structure, with SAP's empty values; unknown user: E 01/124", async () => {
    const r = await ops.BAPI_USER_GET_DETAIL({ USERNAME: 'jdoe', ...RETURN });
    const a = r.ADDRESS as Args;
    assert.deepEqual(
      [a.FIRSTNAME, a.LASTNAME, a.MIDDLENAME, a.FULLNAME, a.FUNCTION, a.E_MAIL],
      ['John', 'Doe', '', 'John Doe', 'Buyer', 'john.doe@contoso.com'],
    );
    const l = r.LOGONDATA as Args;
    assert.deepEqual([l.GLTGV, l.GLTGB, l.USTYP, l.LTIME], ['0000-00-00', '9999-12-31', 'A', '00:00:00']);
    assert.equal((r.COMPANY as Args).COMPANY, 'Contoso GmbH');
    assert.deepEqual(items(r.RETURN), []);
    const missing = await ops.BAPI_USER_GET_DETAIL({ USERNAME: 'NOBODY', ...RETURN });
    const [e] = items(missing.RETURN);
    assert.deepEqual([e.TYPE, e.NUMBER, e.MESSAGE], ['E', '124', 'User NOBODY does not exist']);
    assert.equal((missing.ADDRESS as Args).LASTNAME, '');
  });

  test("tables come back only when the request named them (SAP's runtime); --tables all returns them always", async () => {
    const r = await ops.BAPI_USER_GET_DETAIL({ USERNAME: 'NOBODY' });
    assert.equal(r.RETURN, undefined, 'no RETURN asked, none given: the error is invisible, as on a real SAP system');
    const { ops: all } = open(0, 'all');
    const r2 = await all.BAPI_USER_GET_DETAIL({ USERNAME: 'NOBODY' });
    assert.equal(items(r2.RETURN)[0].NUMBER, '124');
  });

  test('change: only fields flagged X in the …X structures are written; a flagged empty field is cleared', async () => {
    const r = await ops.BAPI_USER_CHANGE({
      USERNAME: 'JDOE',
      ADDRESS: { FIRSTNAME: 'Johnny', LASTNAME: 'IGNORED', CITY: '', DEPARTMENT: 'Sales' },
      ADDRESSX: { FIRSTNAME: 'X', CITY: 'X', DEPARTMENT: 'X' },
      LOGONDATA: { GLTGB: '1990-01-01', CLASS: 'IGNORED' },
      LOGONDATAX: { GLTGB: 'X' },
      COMPANY: { COMPANY: 'Fabrikam' },
      ...RETURN,
    });
    const [m] = items(r.RETURN);
    assert.deepEqual([m.TYPE, m.NUMBER, m.MESSAGE], ['S', '039', 'User JDOE has changed']);
    const u = store.get('JDOE')!;
    assert.equal(u.address.FIRSTNAME, 'Johnny');
    assert.equal(u.address.LASTNAME, 'Doe');
    assert.equal(u.address.CITY, undefined);
    assert.equal(u.address.DEPARTMENT, 'Sales');
    assert.equal(u.address.FULLNAME, 'Johnny Doe');
    assert.equal(u.logondata.GLTGB, '1990-01-01');
    assert.equal(u.logondata.CLASS, undefined);
    assert.equal(u.company, 'Contoso GmbH', 'COMPANY without COMPANYX changes nothing');
  });

  test('change: the password with PASSWORDX; unknown user: E 01/124', async () => {
    const before = store.get('JDOE')!.pwdHash;
    await ops.BAPI_USER_CHANGE({ USERNAME: 'JDOE', PASSWORD: { BAPIPWD: 'Changed-Secret2' }, ...RETURN });
    assert.equal(store.get('JDOE')!.pwdHash, before, 'PASSWORD without PASSWORDX is ignored');
    await ops.BAPI_USER_CHANGE({
      USERNAME: 'JDOE',
      PASSWORD: { BAPIPWD: 'Changed-Secret2' },
      PASSWORDX: { BAPIPWD: 'X' },
      PRODUCTIVE_PWD: 'X',
      ...RETURN,
    });
    const u = store.get('JDOE')!;
    assert.ok(await verifyPassword('Changed-Secret2', u.pwdHash!));
    assert.equal(u.pwdState, 'productive');
    const r = await ops.BAPI_USER_CHANGE({
      USERNAME: 'GHOST',
      ADDRESS: { FIRSTNAME: 'x' },
      ADDRESSX: { FIRSTNAME: 'X' },
      ...RETURN,
    });
    assert.deepEqual(
      [items(r.RETURN)[0].TYPE, items(r.RETURN)[0].NUMBER, items(r.RETURN)[0].MESSAGE_V1],
      ['E', '124', 'GHOST'],
    );
  });

  test('delete: S 01/199, then E 01/124', async () => {
    const r = await ops.BAPI_USER_DELETE({ USERNAME: 'jdoe', ...RETURN });
    assert.deepEqual(
      [items(r.RETURN)[0].TYPE, items(r.RETURN)[0].NUMBER, items(r.RETURN)[0].MESSAGE],
      ['S', '199', 'User JDOE deleted'],
    );
    const again = await ops.BAPI_USER_DELETE({ USERNAME: 'JDOE', ...RETURN });
    assert.deepEqual(
      [items(again.RETURN)[0].TYPE, items(again.RETURN)[0].NUMBER, items(again.RETURN)[0].MESSAGE],
      ['E', '124', 'User JDOE does not exist'],
    );
  });
});

describe('BAPI_USER_GETLIST', () => {
  let ops: Ops;
  before(() => ({ ops } = open(1000)));
  const range = (rows: Args[]) => ({ SELECTION_RANGE: { item: rows } });
  const names = (r: Args) => items(r.USERLIST).map((u) => u.USERNAME);

  test('keyset paging: USERNAME GT the last name + MAX_ROWS 200 reads 1,000 users in 5 pages, each once, in order', async () => {
    const seen: unknown[] = [];
    let last = '';
    let pages = 0;
    for (;;) {
      const r = await ops.BAPI_USER_GETLIST({
        MAX_ROWS: 200,
        ...range([{ PARAMETER: 'USERNAME', SIGN: 'I', OPTION: 'GT', LOW: last }]),
        USERLIST: {},
        ...RETURN,
      });
      const page = names(r);
      assert.equal(r.ROWS, page.length);
      if (page.length === 0) break;
      pages++;
      seen.push(...page);
      last = String(page.at(-1));
      if (page.length < 200) break;
    }
    assert.equal(pages, 5);
    assert.equal(seen.length, 1000);
    assert.deepEqual(
      seen,
      Array.from({ length: 1000 }, (_, i) => seedName(i + 1)),
    );
  });

  test('WITH_USERNAME fills the names; without it only USERNAME', async () => {
    const r = await ops.BAPI_USER_GETLIST({ MAX_ROWS: 1, WITH_USERNAME: 'X', USERLIST: {} });
    const [u] = items(r.USERLIST);
    assert.equal(u.USERNAME, 'USER000001');
    assert.equal(u.FIRSTNAME, 'Ada');
    assert.equal(u.FULLNAME, 'Ada Adams');
    const bare = items((await ops.BAPI_USER_GETLIST({ MAX_ROWS: 1, USERLIST: {} })).USERLIST)[0];
    assert.equal(bare.FIRSTNAME, '');
  });

  test('ranges: CP patterns, BT, E excludes, and ranges on address and logon fields (AND-ed)', async () => {
    const cp = await ops.BAPI_USER_GETLIST({
      ...range([{ PARAMETER: 'USERNAME', SIGN: 'I', OPTION: 'CP', LOW: 'USER00001+' }]),
      USERLIST: {},
    });
    assert.deepEqual(names(cp), [
      'USER000010',
      'USER000011',
      'USER000012',
      'USER000013',
      'USER000014',
      'USER000015',
      'USER000016',
      'USER000017',
      'USER000018',
      'USER000019',
    ]);
    const bt = await ops.BAPI_USER_GETLIST({
      ...range([
        { PARAMETER: 'USERNAME', SIGN: 'I', OPTION: 'BT', LOW: 'user000001', HIGH: 'USER000005' },
        { PARAMETER: 'USERNAME', SIGN: 'E', OPTION: 'EQ', LOW: 'USER000003' },
      ]),
      USERLIST: {},
    });
    assert.deepEqual(names(bt), ['USER000001', 'USER000002', 'USER000004', 'USER000005']);
    const dept = await ops.BAPI_USER_GETLIST({
      MAX_ROWS: 3,
      ...range([
        { PARAMETER: 'ADDRESS', FIELD: 'DEPARTMENT', SIGN: 'I', OPTION: 'EQ', LOW: 'Finance' },
        { PARAMETER: 'LOGONDATA', FIELD: 'CLASS', SIGN: 'I', OPTION: 'EQ', LOW: 'ADMIN' },
      ]),
      USERLIST: {},
    });
    assert.deepEqual(names(dept), ['USER000010', 'USER000050', 'USER000090']);
  });

  test('an unknown selection parameter is an E message in RETURN, not a fault', async () => {
    const r = await ops.BAPI_USER_GETLIST({
      ...range([{ PARAMETER: 'NOSUCH', SIGN: 'I', OPTION: 'EQ', LOW: 'x' }]),
      USERLIST: {},
      ...RETURN,
    });
    assert.equal(items(r.RETURN)[0].TYPE, 'E');
    assert.equal(r.ROWS, 0);
    const bad = await ops.BAPI_USER_GETLIST({
      ...range([{ PARAMETER: 'USERNAME', SIGN: 'Q', OPTION: 'EQ', LOW: 'x' }]),
      ...RETURN,
    });
    assert.match(String(items(bad.RETURN)[0].MESSAGE), /SIGN must be I or E/);
  });
});
