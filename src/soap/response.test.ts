// Reading responses: the structure JSON-like (local names, typed leaves, lists for repeating elements, '' and
// null), rpc wrappers, SOAP 1.1 and 1.2 faults, and garbage (not XML, not an envelope, another operation's answer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { SoapOperation } from './soap-schema.ts';
import { SoapFault, SoapResponseError, parseSoapResponse } from './response.ts';
import { loadWsdl } from './wsdl.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const accounts = await loadWsdl(fixture('accounts/accounts.wsdl'));
const accountOp = (name: string): SoapOperation =>
  accounts.services[0].ports[0].operations.find((o) => o.name === name)!.soap;
const rpc = await loadWsdl(fixture('rpc-literal.wsdl'));
const rpcOp = (name: string): SoapOperation => rpc.services[0].ports[0].operations.find((o) => o.name === name)!.soap;
const blz = (await loadWsdl(fixture('public/BLZService.wsdl'))).services[0].ports[0].operations[0].soap;

const env11 = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>${body}</soap:Body></soap:Envelope>`;
const env12 = (body: string) =>
  `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Header/><env:Body>${body}</env:Body></env:Envelope>`;

test("document/literal: the wrapper's children keyed by local name, leaves typed, repeating elements always lists", () => {
  const xml = env11(`<a:ListAccountsResponse xmlns:a="urn:example:accounts"><a:accounts>
    <a:item><a:lastName>Doe</a:lastName><a:id>JD1</a:id><a:login>jdoe</a:login><a:active>true</a:active><a:logins>12</a:logins>
      <a:validTo xsi:nil="true"/><a:email>j@x</a:email><a:address><a:city>Köln</a:city></a:address><a:firstName></a:firstName><a:unknownField>kept</a:unknownField></a:item>
    <a:item><a:lastName>Roe</a:lastName><a:active>0</a:active><a:logins/><a:email>r1@x</a:email><a:email>r2@x</a:email></a:item>
  </a:accounts><a:total>9007199254740993</a:total></a:ListAccountsResponse>`);
  const r = parseSoapResponse(accountOp('ListAccounts'), 'ListAccounts', xml) as {
    accounts: { item: Record<string, unknown>[] };
    total: unknown;
  };
  assert.equal(r.total, '9007199254740993', 'an integer beyond the safe range stays text');
  const [a, b] = r.accounts.item;
  assert.deepEqual(a, {
    lastName: 'Doe',
    id: 'JD1',
    login: 'jdoe',
    active: true,
    logins: 12,
    validTo: null,
    email: ['j@x'],
    address: { city: 'Köln' },
    firstName: '',
    unknownField: 'kept',
  });
  assert.deepEqual(b, { lastName: 'Roe', active: false, logins: '', email: ['r1@x', 'r2@x'] });
  const empty = parseSoapResponse(
    accountOp('ListAccounts'),
    'ListAccounts',
    env11('<ListAccountsResponse xmlns="urn:example:accounts"><accounts/><total>0</total></ListAccountsResponse>'),
  );
  assert.deepEqual(empty, { accounts: { item: [] }, total: 0 }, 'an absent repeating element is an empty list');
  assert.deepEqual(
    parseSoapResponse(
      accountOp('DeleteAccount'),
      'DeleteAccount',
      env11('<DeleteAccountResponse xmlns="urn:example:accounts"/>'),
    ),
    {},
  );
});

test("the public BLZ service's answer reads as its structure", () => {
  const xml =
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns1:getBankResponse xmlns:ns1="http://thomas-bayer.com/blz/"><ns1:details><ns1:bezeichnung>Commerzbank</ns1:bezeichnung><ns1:bic>COBADEFFXXX</ns1:bic><ns1:ort>Köln</ns1:ort><ns1:plz>50447</ns1:plz></ns1:details></ns1:getBankResponse></soapenv:Body></soapenv:Envelope>';
  assert.deepEqual(parseSoapResponse(blz, 'getBank', xml), {
    details: { bezeichnung: 'Commerzbank', bic: 'COBADEFFXXX', ort: 'Köln', plz: '50447' },
  });
});

test("rpc: the parts inside <operationResponse>; a SOAP-encoded array's items", () => {
  const open = env11(
    '<t:openTicketResponse xmlns:t="urn:example:tickets"><ticket><id>7</id><title>x &lt; y</title><open>true</open><tags>a</tags></ticket></t:openTicketResponse>',
  );
  assert.deepEqual(parseSoapResponse(rpcOp('openTicket'), 'openTicket', open), {
    ticket: { id: 7, title: 'x < y', open: true, tags: ['a'] },
  });
  const find = env11(
    '<t:findTicketsResponse xmlns:t="urn:example:tickets"><tickets><item><id>1</id></item></tickets></t:findTicketsResponse>',
  );
  assert.deepEqual(parseSoapResponse(rpcOp('findTickets'), 'TicketsPort.findTickets', find), {
    tickets: { item: [{ id: 1, tags: [] }] },
  });
});

test('a simple-typed part element reads as { name: value }; several parts as an object keyed by their elements', async () => {
  const hotel = (await loadWsdl(fixture('wsdl20.wsdl'))).services[0].ports[0].operations[0].soap;
  assert.deepEqual(
    parseSoapResponse(
      hotel,
      'opCheckAvailability',
      env12('<h:checkAvailabilityResponse xmlns:h="urn:example:hotel">129.5</h:checkAvailabilityResponse>'),
    ),
    { checkAvailabilityResponse: 129.5 },
  );
  const two: SoapOperation = {
    ...hotel,
    output: [
      { name: 'a', type: 'int', minOccurs: 1, maxOccurs: 1 },
      {
        name: 'b',
        minOccurs: 1,
        maxOccurs: 1,
        children: [{ name: 'c', type: 'boolean', minOccurs: 0, maxOccurs: 'unbounded' }],
      },
    ],
  };
  assert.deepEqual(parseSoapResponse(two, 'x', env12('<a>1</a><b><c>true</c></b>')), { a: 1, b: { c: [true] } });
});

test('SOAP 1.1 fault: code, reason, detail', () => {
  const xml = env11(
    '<soap:Fault><faultcode>soap:Client.Authentication</faultcode><faultstring>Bad credentials</faultstring><faultactor>urn:gw</faultactor><detail><e:Info xmlns:e="urn:e"><e:Code>42</e:Code></e:Info></detail></soap:Fault>',
  );
  assert.throws(
    () => parseSoapResponse(blz, 'getBank', xml),
    (e: unknown) => {
      assert.ok(e instanceof SoapFault);
      assert.equal(e.message, 'SOAP fault Client.Authentication: Bad credentials');
      assert.equal(e.code, 'Client.Authentication');
      assert.equal(e.reason, 'Bad credentials');
      assert.equal(e.actor, 'urn:gw');
      assert.deepEqual(e.detail, { Info: { Code: '42' } });
      assert.equal(e.isClientFault, true);
      return true;
    },
  );
});

test('SOAP 1.2 fault: code, subcode, the English reason, detail', () => {
  const xml =
    env12(`<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value xmlns:wsse="urn:wsse">wsse:FailedAuthentication</env:Value></env:Subcode></env:Code>
    <env:Reason><env:Text xml:lang="de">Anmeldung fehlgeschlagen</env:Text><env:Text xml:lang="en">Authentication failed</env:Text></env:Reason><env:Detail>no such user</env:Detail></env:Fault>`);
  assert.throws(
    () => parseSoapResponse(blz, 'getBank', xml),
    (e: unknown) => {
      assert.ok(e instanceof SoapFault);
      assert.equal(e.message, 'SOAP fault Sender: Authentication failed');
      assert.equal(e.subcode, 'FailedAuthentication');
      assert.equal(e.detail, 'no such user');
      return true;
    },
  );
  assert.throws(
    () =>
      parseSoapResponse(
        blz,
        'getBank',
        env12(
          '<env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="fr">Panne</env:Text></env:Reason></env:Fault>',
        ),
      ),
    /^SoapFault: SOAP fault Receiver: Panne$/,
  );
});

test("garbage: not XML, an HTML error page, not an envelope, no body, an empty body, another operation's answer", () => {
  const reject = (xml: string, re: RegExp) =>
    assert.throws(
      () => parseSoapResponse(blz, 'getBank', xml),
      (e: unknown) => e instanceof SoapResponseError && re.test(e.message),
    );
  reject('', /the response is empty \(expected a SOAP envelope\)/);
  reject('{"error":"nope"}', /the response: not XML \(it starts with "\{\\"error\\":\\"nope\\"\}"\)/);
  reject(
    '<html><body><h1>502 Bad Gateway</h1></body></html>',
    /the response is not a SOAP envelope: its root element is <html>/,
  );
  reject('<html><body><p>unclosed</body></html>', /the response:1:\d+: not well-formed XML: unexpected close tag/);
  reject('<Envelope xmlns="urn:other"><Body/></Envelope>', /its root element is <Envelope> in namespace "urn:other"/);
  reject(
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>',
    /the SOAP envelope has no Body/,
  );
  reject(env11(''), /the response Body is empty \(expected <getBankResponse>\)/);
  reject(
    env11('<ns:getBank xmlns:ns="http://thomas-bayer.com/blz/"/>'),
    /the response Body holds <ns:getBank> of namespace "http:\/\/thomas-bayer\.com\/blz\/", not <getBankResponse> of namespace "http:\/\/thomas-bayer\.com\/blz\/" \(the answer of getBank\)/,
  );
  reject(env11('<getBankResponse/>'), /holds <getBankResponse>, not <getBankResponse> of namespace/);
  assert.throws(
    () => parseSoapResponse(rpcOp('openTicket'), 'openTicket', env11('<t:closeTicketResponse xmlns:t="urn:t"/>')),
    /holds <t:closeTicketResponse>, not <openTicketResponse> \(the answer of openTicket\)/,
  );
  reject(
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    /a DOCTYPE is not accepted/,
  );
  assert.throws(
    () => parseSoapResponse(blz, 'getBank', env11(`<a>${'x'.repeat(2000)}</a>`), { maxBytes: 1000 }),
    /more than the 1000 accepted/,
  );
});
