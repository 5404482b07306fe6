// Building requests: namespaces and element order from the structure, arrays, the rpc wrapper, SOAP 1.1 and 1.2
// headers, value formatting, escaping (<, &, ]]>, quotes, non-ASCII, control characters) and argument errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { SoapOperation } from './soap-schema.ts';
import { buildEnvelope } from './envelope.ts';
import { SoapRequestError } from './soap-errors.ts';
import { loadWsdl } from './wsdl.ts';
import { attr, parseXml } from './xml-parser.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const accounts = await loadWsdl(fixture('accounts/accounts.wsdl'));
const accountOp = (name: string): SoapOperation =>
  accounts.services[0].ports[0].operations.find((o) => o.name === name)!.soap;
const rpc = await loadWsdl(fixture('rpc-literal.wsdl'));
const rpcOp = (name: string): SoapOperation => rpc.services[0].ports[0].operations.find((o) => o.name === name)!.soap;
const groups = (await loadWsdl(fixture('soap12.wsdl'))).services[0].ports[0].operations[0].soap;

/** The body's first element of an envelope, parsed. */
function bodyOf(xml: string) {
  const env = parseXml(xml, 'request');
  return env.children.find((c) => c.local === 'Body')!.children[0];
}

test("document/literal 1.1: the wrapper and its children qualified, in the schema's order whatever the order of keys", () => {
  const env = buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', {
    requestedBy: 'ferry',
    account: {
      note: 'n',
      login: 'jdoe',
      id: 'JD1',
      lastName: 'Doe',
      active: true,
      employeeNumber: 'E1',
      address: { country: 'DE', city: 'Köln' },
    },
  });
  assert.equal(env.contentType, 'text/xml; charset=utf-8');
  assert.equal(env.soapAction, '"urn:example:accounts/CreateAccount"');
  assert.equal(
    env.xml,
    '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:example:accounts"><soapenv:Body>' +
      '<ns1:CreateAccount><ns1:account><ns1:lastName>Doe</ns1:lastName><ns1:id>JD1</ns1:id><ns1:login>jdoe</ns1:login><ns1:active>true</ns1:active>' +
      '<ns1:employeeNumber>E1</ns1:employeeNumber><ns1:address><ns1:city>Köln</ns1:city><ns1:country>DE</ns1:country></ns1:address><note>n</note></ns1:account>' +
      '<ns1:requestedBy>ferry</ns1:requestedBy></ns1:CreateAccount></soapenv:Body></soapenv:Envelope>',
  );
  const body = bodyOf(env.xml);
  assert.equal(
    body.children[0].children.at(-1)?.ns,
    '',
    'an unqualified element is in no namespace (no default namespace is ever declared)',
  );
  const wrapped = buildEnvelope(accountOp('GetAccount'), 'GetAccount', { GetAccount: { id: 'X' } });
  assert.equal(
    wrapped.xml,
    buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: 'X' }).xml,
    "the wrapper's name as the only key is accepted too",
  );
});

test('arrays: a list repeats an element, one value of a repeating element is one element, maxOccurs is enforced', () => {
  const env = buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', {
    account: { lastName: 'D', id: 'I', login: 'l', active: false, email: ['a@x', 'b@x'], contractorCompany: 'C' },
    requestedBy: 'r',
  });
  const account = bodyOf(env.xml).children[0];
  assert.deepEqual(
    account.children.map((c) => `${c.local}=${c.text}`),
    ['lastName=D', 'id=I', 'login=l', 'active=false', 'email=a@x', 'email=b@x', 'contractorCompany=C'],
  );
  const one = buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', {
    account: { email: 'solo@x' },
    requestedBy: 'r',
  });
  assert.equal(bodyOf(one.xml).children[0].children.filter((c) => c.local === 'email').length, 1);
  const members = Array.from({ length: 51 }, (_, i) => `m${i}`);
  assert.throws(
    () => buildEnvelope(groups, 'AddMembers', { group: 'g', member: members }),
    /args\.member: takes at most 50 values, got 51/,
  );
  assert.throws(
    () => buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', { account: { login: ['a', 'b'] } }),
    /args\.account\.login: takes one value \(maxOccurs 1\), got a list of 2/,
  );
});

test('SAP-style tables follow the structure: { item: [...] }, and an empty structure is an empty element', () => {
  const op: SoapOperation = {
    service: 'S',
    port: 'P',
    binding: 'B',
    version: '1.1',
    style: 'document',
    action: 'urn:sap-com:document:sap:rfc:functions:ZSU_USER:BAPI_USER_GETLISTRequest',
    input: [
      {
        name: 'BAPI_USER_GETLIST',
        namespace: 'urn:sap-com:document:sap:rfc:functions',
        minOccurs: 1,
        maxOccurs: 1,
        children: [
          { name: 'MAX_ROWS', type: 'int', minOccurs: 0, maxOccurs: 1 },
          {
            name: 'RETURN',
            minOccurs: 0,
            maxOccurs: 1,
            children: [
              {
                name: 'item',
                minOccurs: 0,
                maxOccurs: 'unbounded',
                children: [{ name: 'TYPE', type: 'string', minOccurs: 1, maxOccurs: 1 }],
              },
            ],
          },
          {
            name: 'SELECTION_RANGE',
            minOccurs: 0,
            maxOccurs: 1,
            children: [
              {
                name: 'item',
                minOccurs: 0,
                maxOccurs: 'unbounded',
                children: [
                  { name: 'PARAMETER', type: 'string', minOccurs: 1, maxOccurs: 1 },
                  { name: 'OPTION', type: 'string', minOccurs: 1, maxOccurs: 1 },
                  { name: 'LOW', type: 'string', minOccurs: 1, maxOccurs: 1 },
                ],
              },
            ],
          },
        ],
      },
    ],
    output: [],
  };
  const env = buildEnvelope(op, 'BAPI_USER_GETLIST', {
    SELECTION_RANGE: { item: [{ LOW: 'A*', OPTION: 'CP', PARAMETER: 'USERNAME' }] },
    RETURN: {},
    MAX_ROWS: 200,
  });
  assert.match(
    env.xml,
    /<ns1:BAPI_USER_GETLIST><MAX_ROWS>200<\/MAX_ROWS><RETURN\/><SELECTION_RANGE><item><PARAMETER>USERNAME<\/PARAMETER><OPTION>CP<\/OPTION><LOW>A\*<\/LOW><\/item><\/SELECTION_RANGE><\/ns1:BAPI_USER_GETLIST>/,
  );
});

test("rpc: a wrapper named after the operation in the binding's namespace, parts unqualified inside it", () => {
  const env = buildEnvelope(rpcOp('openTicket'), 'openTicket', {
    due: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    priority: 2,
    title: 'Printer on fire',
  });
  assert.match(
    env.xml,
    /<soapenv:Body><ns1:openTicket><title>Printer on fire<\/title><priority>2<\/priority><due>2026-01-02T03:04:05\.000Z<\/due><\/ns1:openTicket><\/soapenv:Body>/,
  );
  assert.match(env.xml, /xmlns:ns1="urn:example:tickets"/);
  assert.equal(env.soapAction, '"urn:example:tickets#openTicket"');
  assert.match(buildEnvelope(rpcOp('ping'), 'ping', {}).xml, /<soapenv:Body><ns1:ping\/><\/soapenv:Body>/);
  // An operation stored as Port.Operation (its name repeats across ports) still gets its own name as the wrapper.
  assert.match(buildEnvelope(rpcOp('ping'), 'TicketsPort.ping', {}).xml, /<ns1:ping\/>/);
});

test('SOAP 1.2: the envelope namespace, and the action in the content type (no SOAPAction header)', () => {
  const env = buildEnvelope(groups, 'AddMembers', { group: 'admins', member: ['ann', 'bob'] });
  assert.equal(env.contentType, 'application/soap+xml; charset=utf-8; action="urn:example:groups/AddMembers"');
  assert.equal(env.soapAction, undefined);
  assert.match(
    env.xml,
    /^<\?xml version="1\.0" encoding="utf-8"\?><soapenv:Envelope xmlns:soapenv="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"/,
  );
  assert.equal(
    buildEnvelope({ ...groups, action: undefined }, 'AddMembers', { group: 'g' }).contentType,
    'application/soap+xml; charset=utf-8',
  );
  assert.equal(
    buildEnvelope({ ...accountOp('GetAccount'), action: undefined }, 'GetAccount', { id: 'x' }).soapAction,
    '""',
  );
  assert.throws(
    () => buildEnvelope({ ...groups, action: 'a"\r\nX-Evil: 1' }, 'AddMembers', {}),
    /SOAP action .* holds a control character/,
  );
});

test('a header is put inside soap:Header as given', () => {
  const env = buildEnvelope(
    accountOp('GetAccount'),
    'GetAccount',
    { id: 'x' },
    { headerXml: '<h:Tenant xmlns:h="urn:h">7</h:Tenant>' },
  );
  assert.match(env.xml, /<soapenv:Header><h:Tenant xmlns:h="urn:h">7<\/h:Tenant><\/soapenv:Header><soapenv:Body>/);
});

test('escaping: markup, "]]>", quotes, non-ASCII and astral characters; the value survives a parse unchanged', () => {
  const nasty = 'a < b && c > d ]]> "q" \'s\' é 中文 😀 tab\there\r\nline';
  const env = buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: nasty });
  assert.match(
    env.xml,
    /<ns1:id>a &lt; b &amp;&amp; c &gt; d \]\]&gt; &quot;q&quot; &apos;s&apos; é 中文 😀 tab\there&#13;\nline<\/ns1:id>/,
  );
  assert.ok(!env.xml.includes(']]>'));
  assert.equal(
    bodyOf(env.xml).children[0].text,
    nasty,
    'parsed back, the value is exactly what was given (CR included)',
  );
  assert.equal(Buffer.from(env.xml, 'utf8').toString('utf8'), env.xml);
});

test('characters XML 1.0 cannot carry are refused, naming the argument', () => {
  assert.throws(
    () => buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: 'bell\u0007' }),
    (e: unknown) =>
      e instanceof SoapRequestError &&
      /^args\.id: a character U\+0007 at position 5 of the value cannot be written in XML 1\.0$/.test(e.message),
  );
  assert.throws(() => buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: 'nul\u0000' }), /U\+0000/);
  assert.throws(
    () => buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: 'x\uD800y' }),
    /args\.id: a lone surrogate U\+D800 at position 2/,
  );
  assert.throws(() => buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: '\uFFFE' }), /U\+FFFE/);
});

test('values are formatted for their type; wrong values are errors', () => {
  const create = accountOp('CreateAccount');
  const xml = buildEnvelope(create, 'CreateAccount', {
    account: { active: 'false', logins: 42, validTo: new Date(Date.UTC(2026, 11, 31, 23, 0)), lastName: 7 },
    requestedBy: true,
  }).xml;
  assert.match(
    xml,
    /<ns1:lastName>7<\/ns1:lastName>.*<ns1:active>false<\/ns1:active><ns1:logins>42<\/ns1:logins><ns1:validTo>2026-12-31<\/ns1:validTo>.*<ns1:requestedBy>true<\/ns1:requestedBy>/,
  );
  assert.throws(
    () => buildEnvelope(create, 'CreateAccount', { account: { logins: 1.5 } }),
    /args\.account\.logins: 1\.5 is not an integer \(type int\)/,
  );
  assert.throws(
    () => buildEnvelope(create, 'CreateAccount', { account: { logins: 'many' } }),
    /args\.account\.logins: "many" is not an integer/,
  );
  assert.throws(
    () => buildEnvelope(create, 'CreateAccount', { account: { active: 'yes' } }),
    /args\.account\.active: "yes" is not a boolean/,
  );
  assert.throws(
    () => buildEnvelope(create, 'CreateAccount', { account: { lastName: { first: 'x' } } }),
    /args\.account\.lastName: is a single value \(string\), got an object/,
  );
  assert.throws(
    () => buildEnvelope(create, 'CreateAccount', { account: 'jdoe' }),
    /args\.account: expected a structure \(an object with firstName, lastName, id, login, active, logins, validTo, email, employeeNumber, contractorCompany, …\), got "jdoe"/,
  );
});

test('undefined and null leave an element out; null on a nillable element is xsi:nil', () => {
  const xml = buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', {
    account: { firstName: undefined, lastName: null, validTo: null, id: 'I' },
    requestedBy: 'r',
    reason: undefined,
  }).xml;
  assert.match(xml, /<ns1:account><ns1:id>I<\/ns1:id><ns1:validTo xsi:nil="true"\/><\/ns1:account>/);
  assert.match(xml, /xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance"/);
  assert.ok(!xml.includes('reason'));
});

test('an unknown argument is an error naming it and the names allowed (a typo is never dropped)', () => {
  assert.throws(
    () =>
      buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', {
        account: { lastNmae: 'x', lastName: 'y' },
        requestedBy: 'r',
      }),
    (e: unknown) => {
      assert.ok(e instanceof SoapRequestError);
      assert.equal(
        e.message,
        'args.account: unknown name "lastNmae"; allowed: firstName, lastName, id, login, active, logins, validTo, email, employeeNumber, contractorCompany, address, unit, note',
      );
      return true;
    },
  );
  assert.throws(
    () => buildEnvelope(accountOp('GetAccount'), 'GetAccount', { id: 'x', Id: undefined, extra: 1 }),
    /args: unknown names "Id", "extra"; allowed: id/,
  );
  assert.throws(
    () => buildEnvelope(rpcOp('ping'), 'ping', { x: 1 }),
    /args: unknown name "x"; this element has no children/,
  );
});

test('any content (a recursion that was cut) takes an object as it is', () => {
  const xml = buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', {
    account: { unit: { name: 'IT', parent: { name: 'Corp', parent: { name: 'Root' } } } },
    requestedBy: 'r',
  }).xml;
  assert.match(
    xml,
    /<ns1:unit><ns1:name>IT<\/ns1:name><ns1:parent><name>Corp<\/name><parent><name>Root<\/name><\/parent><\/ns1:parent><\/ns1:unit>/,
  );
  assert.throws(
    () =>
      buildEnvelope(accountOp('CreateAccount'), 'CreateAccount', { account: { unit: { parent: { 'bad name': 1 } } } }),
    /args\.account\.unit\.parent: "bad name" cannot be an XML element name/,
  );
});

test("the request is well-formed XML whose body element is the operation's", () => {
  const env = buildEnvelope(accountOp('ListAccounts'), 'ListAccounts', { pageSize: 200, after: 'JD1' });
  const body = bodyOf(env.xml);
  assert.equal(body.local, 'ListAccounts');
  assert.equal(body.ns, 'urn:example:accounts');
  assert.equal(attr(body, 'x'), undefined);
});

test('document style with several parts (or a simple-typed one): arguments keyed by the part elements', () => {
  const op: SoapOperation = {
    service: 'S',
    port: 'P',
    binding: 'B',
    version: '1.1',
    style: 'document',
    input: [
      { name: 'Tenant', namespace: 'urn:h', type: 'string', minOccurs: 1, maxOccurs: 1 },
      {
        name: 'Query',
        namespace: 'urn:q',
        minOccurs: 1,
        maxOccurs: 1,
        children: [{ name: 'text', type: 'string', minOccurs: 1, maxOccurs: 1 }],
      },
    ],
    output: [],
  };
  const xml = buildEnvelope(op, 'Find', { Query: { text: 'x' }, Tenant: 't1' }).xml;
  assert.match(
    xml,
    /<soapenv:Body><ns1:Tenant>t1<\/ns1:Tenant><ns2:Query><text>x<\/text><\/ns2:Query><\/soapenv:Body>/,
  );
  assert.throws(() => buildEnvelope(op, 'Find', { text: 'x' }), /args: unknown name "text"; allowed: Tenant, Query/);
});
