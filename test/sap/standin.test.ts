// The stand-in SAP service as a black box: its own process, HTTP basic auth, the WSDL, every BAPI over SOAP 1.1 (and
// the SOAP 1.2 binding), RETURN messages, keyset paging, conversion faults, passwords kept only as hashes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyPassword } from '../../examples/sap/passwords.ts';
import { SoapFault } from '../../src/soap/soap-fault.ts';
import { parseWsdl } from '../../src/soap/wsdl.ts';
import { SAP_PATH, basic, items, startStandIn, type StandIn } from './helpers.ts';

let sap: StandIn;
before(async () => {
  sap = await startStandIn({ seed: 1000 });
});
after(async () => {
  await sap?.stop();
});

describe('HTTP: ping, authentication, the WSDL', () => {
  test('the ready line carries the real port; /sap/public/ping needs no logon', async () => {
    assert.match(sap.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(sap.url).port, '0');
    const r = await fetch(`${sap.url}/sap/public/ping`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'Server reached.');
  });

  test("every other call needs HTTP basic authentication; 401 names SAP's realm", async () => {
    for (const auth of [null, basic('FERRY_TEST', 'wrong'), basic('OTHER', 'sap-test-password-0123'), 'Bearer x']) {
      await assert.rejects(
        sap.bapi('BAPI_USER_GETLIST', { MAX_ROWS: 1 }, { auth }),
        (e: { status?: number; headers?: Headers }) => {
          assert.equal(e.status, 401);
          assert.match(e.headers?.get('www-authenticate') ?? '', /^Basic realm="SAP NetWeaver/);
          return true;
        },
      );
    }
    const wsdl = await fetch(`${sap.url}${SAP_PATH}?wsdl`);
    assert.equal(wsdl.status, 401, 'the WSDL too, as on SAP');
  });

  test('GET …?wsdl: the WSDL, with both endpoint addresses pointing at this service', async () => {
    const r = await sap.http('GET', `${SAP_PATH}?sap-client=001&wsdl`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/xml/);
    const d = parseWsdl(r.text, 'served');
    assert.equal(d.targetNamespace, 'urn:sap-com:document:sap:rfc:functions');
    const ports = d.services[0].ports;
    assert.deepEqual(ports.map((p) => p.soapVersion).sort(), ['1.1', '1.2']);
    for (const p of ports) assert.ok(p.address?.startsWith(sap.url), p.address);
    assert.deepEqual(ports[0].operations.map((o) => o.name).sort(), [
      'BAPI_USER_CHANGE',
      'BAPI_USER_CREATE1',
      'BAPI_USER_DELETE',
      'BAPI_USER_GETLIST',
      'BAPI_USER_GET_DETAIL',
    ]);
    const create = ports[0].operations.find((o) => o.name === 'BAPI_USER_CREATE1')!.soap;
    assert.equal(create.style, 'document');
    assert.equal(create.action, 'urn:sap-com:document:sap:rfc:functions:ZSU_USER:BAPI_USER_CREATE1Request');
    assert.deepEqual(
      create.input[0].children!.map((c) => c.name),
      ['ADDRESS', 'COMPANY', 'GENERATE_PWD', 'LOGONDATA', 'PASSWORD', 'PRODUCTIVE_PWD', 'RETURN', 'USERNAME'],
      'parameters in alphabetical order, as SAP writes them',
    );
    assert.equal(create.input[0].children![0].namespace, undefined, 'unqualified children, as SAP writes them');
    assert.equal((await sap.http('GET', '/sap/bc/srt/rfc/sap/nothing')).status, 404);
    assert.equal((await sap.http('PUT', SAP_PATH, '')).status, 405);
  });
});

describe('the BAPIs over SOAP', () => {
  test('GETLIST: keyset paging reads the 1,000 seeded users in 5 pages of 200 (MAX_ROWS, USERNAME GT last)', async () => {
    const names: string[] = [];
    let last = '';
    let pages = 0;
    for (;;) {
      const r = await sap.bapi('BAPI_USER_GETLIST', {
        MAX_ROWS: 200,
        SELECTION_RANGE: { item: [{ PARAMETER: 'USERNAME', SIGN: 'I', OPTION: 'GT', LOW: last }] },
        USERLIST: {},
        RETURN: {},
      });
      const page = items(r.USERLIST).map((u) => String(u.USERNAME));
      assert.equal(r.ROWS, page.length, 'ROWS is an int');
      if (page.length) pages++;
      names.push(...page);
      if (page.length < 200) break;
      last = page.at(-1)!;
    }
    assert.equal(pages, 5);
    assert.equal(names.length, 1000);
    assert.equal(new Set(names).size, 1000);
    assert.deepEqual(names.slice(0, 2), ['USER000001', 'USER000002']);
    assert.equal(names.at(-1), 'USER001000');
  });

  test('create → detail → change → delete, with RETURN messages and the password kept only as a hash', async () => {
    const c = await sap.bapi('BAPI_USER_CREATE1', {
      USERNAME: 'mmeier',
      ADDRESS: {
        FIRSTNAME: 'Maria',
        LASTNAME: 'Meier',
        E_MAIL: 'maria.meier@contoso.com',
        FUNCTION: 'Buyer',
        DEPARTMENT: 'Purchasing & <Logistics>',
        CITY: 'Zürich',
        TEL1_NUMBR: '+41 44 555 01',
      },
      LOGONDATA: { GLTGB: '9999-12-31', USTYP: 'A' },
      COMPANY: { COMPANY: 'Contoso AG' },
      PASSWORD: { BAPIPWD: 'Start&<Pass>1' },
      RETURN: {},
    });
    assert.deepEqual(
      items(c.RETURN).map((m) => [m.TYPE, m.ID, m.NUMBER, m.MESSAGE]),
      [['S', '01', '102', 'User MMEIER created']],
    );
    const row = sap.row('MMEIER')!;
    assert.match(row.pwd_hash!, /^scrypt\$1024\$/);
    assert.ok(!JSON.stringify(row).includes('Start&<Pass>1'));
    assert.ok(await verifyPassword('Start&<Pass>1', row.pwd_hash!), 'the XML-escaped password arrived intact');

    const d = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'MMEIER', RETURN: {} });
    assert.deepEqual(items(d.RETURN), []);
    assert.equal(d.ADDRESS.DEPARTMENT, 'Purchasing & <Logistics>');
    assert.equal(d.ADDRESS.CITY, 'Zürich');
    assert.equal(d.ADDRESS.FULLNAME, 'Maria Meier');
    assert.equal(d.ADDRESS.MIDDLENAME, '', 'empty fields come as empty elements');
    assert.equal(d.LOGONDATA.GLTGB, '9999-12-31');
    assert.equal(d.LOGONDATA.GLTGV, '0000-00-00');
    assert.equal(d.COMPANY.COMPANY, 'Contoso AG');

    const ch = await sap.bapi('BAPI_USER_CHANGE', {
      USERNAME: 'MMEIER',
      ADDRESS: { CITY: '', FUNCTION: 'Lead Buyer', LASTNAME: 'not flagged' },
      ADDRESSX: { CITY: 'X', FUNCTION: 'X' },
      LOGONDATA: { GLTGB: '1990-01-01' },
      LOGONDATAX: { GLTGB: 'X' },
      RETURN: {},
    });
    assert.deepEqual(
      items(ch.RETURN).map((m) => [m.TYPE, m.NUMBER, m.MESSAGE]),
      [['S', '039', 'User MMEIER has changed']],
    );
    const d2 = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'MMEIER', RETURN: {} });
    assert.deepEqual(
      [d2.ADDRESS.CITY, d2.ADDRESS.FUNCTION, d2.ADDRESS.LASTNAME, d2.LOGONDATA.GLTGB],
      ['', 'Lead Buyer', 'Meier', '1990-01-01'],
    );

    const del = await sap.bapi('BAPI_USER_DELETE', { USERNAME: 'MMEIER', RETURN: {} });
    assert.deepEqual(
      items(del.RETURN).map((m) => [m.TYPE, m.NUMBER]),
      [['S', '199']],
    );
    assert.equal(sap.row('MMEIER'), undefined);
  });

  test('errors are RETURN rows (TYPE E, class 01), never faults: 224 on create, 124 on detail, change and delete', async () => {
    const dup = await sap.bapi('BAPI_USER_CREATE1', {
      USERNAME: 'USER000001',
      ADDRESS: { LASTNAME: 'Dup' },
      LOGONDATA: {},
      PASSWORD: { BAPIPWD: 'Whatever-123' },
      RETURN: {},
    });
    assert.deepEqual(
      items(dup.RETURN).map((m) => [m.TYPE, m.ID, m.NUMBER, m.MESSAGE, m.MESSAGE_V1]),
      [['E', '01', '224', 'User USER000001 already exists', 'USER000001']],
    );
    for (const [op, extra] of [
      ['BAPI_USER_GET_DETAIL', {}],
      ['BAPI_USER_CHANGE', { ADDRESS: { CITY: 'x' }, ADDRESSX: { CITY: 'X' } }],
      ['BAPI_USER_DELETE', {}],
    ] as const) {
      const r = await sap.bapi(op, { USERNAME: 'NOBODY', ...extra, RETURN: {} });
      assert.deepEqual(
        items(r.RETURN).map((m) => [m.TYPE, m.ID, m.NUMBER, m.MESSAGE]),
        [['E', '01', '124', 'User NOBODY does not exist']],
        op,
      );
    }
  });

  test('as on SAP, a TABLES parameter the request does not name is not in the answer (RETURN: {} asks for it)', async () => {
    const r = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'NOBODY' });
    assert.deepEqual(items(r.RETURN), [], 'the reader gives an absent table as empty');
    const raw = await sap.http(
      'POST',
      SAP_PATH,
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:sap-com:document:sap:rfc:functions"><soapenv:Body><urn:BAPI_USER_GET_DETAIL><USERNAME>NOBODY</USERNAME></urn:BAPI_USER_GET_DETAIL></soapenv:Body></soapenv:Envelope>',
      {
        'Content-Type': 'text/xml; charset=utf-8',
        SOAPAction: '"urn:sap-com:document:sap:rfc:functions:ZSU_USER:BAPI_USER_GET_DETAILRequest"',
      },
    );
    assert.equal(raw.status, 200);
    assert.ok(!raw.text.includes('RETURN'), raw.text.slice(0, 300));
  });

  test('a value longer than its field is a SOAP fault (soap-env:Client "Data loss occurred when converting …")', async () => {
    await assert.rejects(
      sap.bapi('BAPI_USER_CREATE1', {
        USERNAME: 'MUCH.TOO.LONG.NAME',
        ADDRESS: { LASTNAME: 'X' },
        LOGONDATA: {},
        RETURN: {},
      }),
      (e: unknown) => {
        assert.ok(e instanceof SoapFault, String(e));
        assert.equal(e.code, 'Client');
        assert.match(e.reason, /Data loss occurred when converting MUCH\.TOO\.LONG\.NAME/);
        return true;
      },
    );
  });

  test('the SOAP 1.2 binding answers the same BAPIs', async () => {
    const r = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'user000002', RETURN: {} }, { version: '1.2' });
    assert.equal(r.ADDRESS.FIRSTNAME, 'Ben');
    assert.equal(r.LOGONDATA.GLTGB, '9999-12-31');
  });

  test('fault injection (tests only): a SOAP fault, an HTTP 503, garbage; call counts', async () => {
    await sap.resetCalls();
    await sap.http(
      'POST',
      '/_faults',
      JSON.stringify({ operation: 'BAPI_USER_GET_DETAIL', fault: 'Injected: work process restarted', times: 1 }),
      { 'Content-Type': 'application/json' },
    );
    await assert.rejects(
      sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'USER000003' }),
      (e: unknown) => e instanceof SoapFault && /work process restarted/.test(e.reason),
    );
    const ok = await sap.bapi('BAPI_USER_GET_DETAIL', { USERNAME: 'USER000003' });
    assert.equal(ok.ADDRESS.FIRSTNAME, 'Chloe');
    assert.deepEqual(await sap.calls(), { BAPI_USER_GET_DETAIL: 2 });
    assert.equal(
      (await sap.http('POST', '/_faults', '{"nope": 1}', { 'Content-Type': 'application/json' })).status,
      400,
    );
    await sap.http('DELETE', '/_faults');
  });
});
