// WSDL reading: the fixtures of several styles (document/literal with imported and included schemas, rpc, SOAP
// 1.2, several services, ports and bindings, WSDL 2.0, two public WSDLs), imports over HTTP and through a loader,
// and broken or hostile WSDLs, which must fail with a clear error, quickly, and never read a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../test-support/http-server.ts';
import type { XmlNode } from './soap-schema.ts';
import { resolveLocation } from './wsdl-documents.ts';
import { WsdlError, loadWsdl, parseWsdl, type WsdlDescription, type WsdlOperation } from './wsdl.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function op(desc: WsdlDescription, port: string, name: string): WsdlOperation {
  const found = desc.services
    .flatMap((s) => s.ports)
    .find((p) => p.name === port)
    ?.operations.find((o) => o.name === name);
  assert.ok(found, `operation ${port}.${name}`);
  return found;
}

/** `name:type min..max` lines, children indented: structures compared at a glance. */
function outline(nodes: readonly XmlNode[], indent = ''): string[] {
  return nodes.flatMap((n) => [
    `${indent}${n.name}${n.namespace ? ` {${n.namespace}}` : ''}${n.type ? `:${n.type}` : ''} ${n.minOccurs}..${n.maxOccurs}${n.nillable ? ' nillable' : ''}`,
    ...outline(n.children ?? [], `${indent}  `),
  ]);
}

test('document/literal 1.1 with an imported XSD that includes a chameleon schema', async () => {
  const desc = await loadWsdl(fixture('accounts/accounts.wsdl'));
  assert.equal(desc.documents.length, 3);
  assert.match(desc.documents[2], /types\/common\.xsd$/);
  const [service] = desc.services;
  assert.equal(service.name, 'AccountService');
  assert.deepEqual(
    service.ports.map((p) => [p.name, p.binding, p.soapVersion, p.address]),
    [['AccountsSoap', 'AccountsSoap', '1.1', 'https://accounts.example.com/soap/v1/accounts']],
  );
  const get = op(desc, 'AccountsSoap', 'GetAccount');
  assert.equal(get.documentation, 'Reads one account by its id.');
  assert.equal(get.soap.action, 'urn:example:accounts/GetAccount');
  assert.equal(get.soap.style, 'document');
  assert.equal(get.soap.namespace, undefined, 'the rpc namespace only for rpc');
  const A = '{urn:example:accounts}';
  assert.deepEqual(
    outline(get.soap.input),
    [`GetAccount ${A} 1..1`, `  id ${A}:token 1..1`],
    'a simple type restricting a chameleon simple type reduces to its built-in base',
  );
  assert.deepEqual(outline(get.soap.output), [
    `GetAccountResponse ${A} 1..1`,
    `  account ${A} 0..1`,
    `    firstName ${A}:string 0..1`, // the base type's fields come first (extension)
    `    lastName ${A}:string 1..1`,
    `    id ${A}:token 1..1`,
    `    login ${A}:string 1..1`,
    `    active ${A}:boolean 1..1`,
    `    logins ${A}:int 0..1`,
    `    validTo ${A}:date 0..1 nillable`,
    `    email ${A}:string 0..unbounded`,
    `    employeeNumber ${A}:string 0..1`, // a choice: each branch optional
    `    contractorCompany ${A}:string 0..1`,
    `    address ${A} 0..1`, // an element ref to the included schema's global element
    `      street ${A}:string 0..1`,
    `      city ${A}:string 1..1`,
    `      country ${A}:token 1..1`,
    `    unit ${A} 0..1`,
    `      name ${A}:string 1..1`,
    `      parent ${A}:anyType 0..1`, // recursion cut
    '    note:string 0..1', // form="unqualified"
  ]);
  assert.deepEqual(
    outline(op(desc, 'AccountsSoap', 'CreateAccount').soap.input).filter((l) => /^ {2}\S/.test(l)),
    [
      `  account ${A} 1..1`,
      `  initialPassword ${A}:string 0..1`,
      `  requestedBy ${A}:string 1..1`,
      `  reason ${A}:string 0..1`,
    ],
    'a group reference is flattened in place',
  );
  assert.deepEqual(outline(op(desc, 'AccountsSoap', 'ListAccounts').soap.output).slice(0, 3), [
    `ListAccountsResponse ${A} 1..1`,
    `  accounts ${A} 1..1`,
    `    item ${A} 0..unbounded`,
  ]);
  assert.deepEqual(op(desc, 'AccountsSoap', 'DeleteAccount').soap.output, [
    { name: 'DeleteAccountResponse', namespace: 'urn:example:accounts', minOccurs: 1, maxOccurs: 1, children: [] },
  ]);
  assert.equal(desc.warnings.length, 1);
  assert.match(
    desc.warnings[0],
    /type "OrgUnit" of namespace "urn:example:accounts" contains itself \(first met at .*> unit > parent\); where it recurs it is taken as any content/,
  );
});

test('rpc style: parts by type, the wrapper namespace, xsd:all, a SOAP-encoded array, a one-way operation', async () => {
  const desc = await loadWsdl(fixture('rpc-literal.wsdl'));
  const open = op(desc, 'TicketsPort', 'openTicket').soap;
  assert.equal(open.style, 'rpc');
  assert.equal(open.namespace, 'urn:example:tickets');
  assert.equal(open.action, 'urn:example:tickets#openTicket');
  assert.deepEqual(
    outline(open.input),
    ['title:string 1..1', 'priority:int 1..1', 'due:dateTime 1..1'],
    'rpc parts are unqualified accessors',
  );
  assert.deepEqual(outline(open.output), [
    'ticket 1..1',
    '  id:int 1..1',
    '  title:string 1..1',
    '  open:boolean 1..1',
    '  tags:string 0..unbounded',
  ]);
  assert.deepEqual(outline(op(desc, 'TicketsPort', 'findTickets').soap.output).slice(0, 3), [
    'tickets 1..1',
    '  item 0..unbounded',
    '    id:int 1..1',
  ]);
  assert.deepEqual(op(desc, 'TicketsPort', 'ping').soap.output, []);
  assert.match(desc.warnings.join('\n'), /binding "TicketsBinding" uses SOAP encoding \(use="encoded"\)/);
});

test('SOAP 1.2 from the binding namespace; header parts are not in the body; maxOccurs > 1', async () => {
  const desc = await loadWsdl(fixture('soap12.wsdl'));
  const add = op(desc, 'GroupsSoap12', 'AddMembers');
  assert.equal(add.soap.version, '1.2');
  assert.equal(add.soap.action, 'urn:example:groups/AddMembers');
  assert.deepEqual(outline(add.soap.input), [
    'AddMembers {urn:example:groups} 1..1',
    '  group {urn:example:groups}:string 1..1',
    '  member {urn:example:groups}:string 1..50',
  ]);
  assert.deepEqual(outline(add.soap.output).slice(2), [
    '  rejected {urn:example:groups} 0..unbounded',
    '    member {urn:example:groups}:string 1..1',
    '    why {urn:example:groups}:string 1..1',
  ]);
});

test('several services, ports and bindings; port types from an imported WSDL; an HTTP binding left out', async () => {
  const desc = await loadWsdl(fixture('multi/multi.wsdl'));
  assert.deepEqual(
    desc.services.map((s) => [s.name, s.ports.map((p) => `${p.name}:${p.soapVersion}`)]),
    [
      ['Users', ['UsersSoap:1.1', 'UsersSoap12:1.2']],
      ['Audit', ['AuditSoap:1.1']],
    ],
  );
  assert.deepEqual(
    desc.services[0].ports.map((p) => p.operations.map((o) => o.name)),
    [
      ['GetUser', 'Ping'],
      ['GetUser', 'Ping'],
    ],
  );
  assert.equal(op(desc, 'UsersSoap12', 'GetUser').soap.binding, 'UsersSoap12');
  assert.deepEqual(op(desc, 'UsersSoap', 'Ping').soap.input, [
    { name: 'Ping', namespace: 'urn:example:multi:porttypes', minOccurs: 1, maxOccurs: 1, children: [] },
  ]);
  assert.match(
    desc.warnings.join('\n'),
    /port "UsersHttpPost" of service "Users" has a non-SOAP binding \(http:\/\/schemas\.xmlsoap\.org\/wsdl\/http\/\) "UsersHttpPost"; left out/,
  );
});

test('WSDL 2.0: interface, SOAP binding (1.2 by default), endpoint, action', async () => {
  const desc = await loadWsdl(fixture('wsdl20.wsdl'));
  assert.equal(desc.wsdlVersion, '2.0');
  const check = op(desc, 'reservationEndpoint', 'opCheckAvailability');
  assert.equal(check.soap.version, '1.2');
  assert.equal(check.soap.action, 'urn:example:hotel/check');
  assert.equal(check.soap.address, 'http://hotel.example.com/2024/reservation');
  assert.equal(check.documentation, 'Whether a room is free, and its rate.');
  assert.deepEqual(outline(check.soap.output), ['checkAvailabilityResponse {urn:example:hotel}:double 1..1']);
});

test("public WSDLs: the BLZ bank-code service (SOAP 1.1, 1.2 and HTTP bindings) and AFIP's WSAA LoginCms (Axis 1.4)", async () => {
  const blz = await loadWsdl(fixture('public/BLZService.wsdl'));
  assert.deepEqual(
    blz.services[0].ports.map((p) => `${p.name}:${p.soapVersion}`),
    ['BLZServiceSOAP11port_http:1.1', 'BLZServiceSOAP12port_http:1.2'],
  );
  const getBank = op(blz, 'BLZServiceSOAP12port_http', 'getBank').soap;
  assert.equal(getBank.action, undefined, 'soapAction="" is no action');
  assert.deepEqual(
    outline(getBank.output).map((l) => l.replace(' {http://thomas-bayer.com/blz/}', '')),
    [
      'getBankResponse 1..1',
      '  details 1..1',
      '    bezeichnung:string 0..1',
      '    bic:string 0..1',
      '    ort:string 0..1',
      '    plz:string 0..1',
    ],
  );
  const afip = await loadWsdl(fixture('public/logincms.wsdl'));
  const login = op(afip, 'LoginCms', 'loginCms').soap;
  assert.equal(login.address, 'https://wsaahomo.afip.gov.ar/ws/services/LoginCms');
  assert.deepEqual(outline(login.input), [
    'loginCms {http://wsaa.view.sua.dvadac.desein.afip.gov} 1..1',
    '  in0 {http://wsaa.view.sua.dvadac.desein.afip.gov}:string 1..1',
  ]);
  assert.deepEqual(afip.warnings, []);
});

test("over HTTP: imports resolve against the WSDL's URL", async () => {
  const server = await startTestServer((req, res) => {
    try {
      const body = readFileSync(fixture(`accounts${req.url.pathname}`));
      res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  try {
    const desc = await loadWsdl(`${server.url}/accounts.wsdl`);
    assert.deepEqual(desc.documents, [
      `${server.url}/accounts.wsdl`,
      `${server.url}/types/accounts.xsd`,
      `${server.url}/types/common.xsd`,
    ]);
    assert.equal(desc.services[0].ports[0].operations.length, 4);
    await assert.rejects(
      loadWsdl(`${server.url}/missing.wsdl`),
      (e: unknown) =>
        e instanceof WsdlError &&
        /cannot fetch http:\/\/127\.0\.0\.1:\d+\/missing\.wsdl: the server answered 404/.test(e.message),
    );
  } finally {
    await server.close();
  }
});

test('a WSDL read from the network cannot name a local file', async () => {
  const wsdl = readFileSync(fixture('hostile/xsd-import-file.wsdl'), 'utf8');
  const server = await startTestServer((_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(wsdl));
  try {
    await assert.rejects(
      loadWsdl(`${server.url}/x.wsdl`),
      /x\.wsdl:6: a document read from the network cannot name a local file \(file:\/\/\/etc\/passwd\)/,
    );
  } finally {
    await server.close();
  }
});

const loaderDocs = (docs: Record<string, string>) => {
  const reads: string[] = [];
  return {
    reads,
    load: async (location: string): Promise<string> => {
      reads.push(location);
      const text = docs[location];
      if (text === undefined) throw new Error('no such document');
      return text;
    },
  };
};
const schemaDoc = (body: string, tns = 'urn:t') =>
  `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${tns}" xmlns:t="${tns}">${body}</xs:schema>`;
const wsdlWith = (
  types: string,
  element = 't:E',
) => `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" xmlns:w="urn:w" targetNamespace="urn:w">
  <wsdl:types>${types}</wsdl:types>
  <wsdl:message name="M"><wsdl:part name="p" element="${element}"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="Op"><wsdl:input message="w:M"/><wsdl:output message="w:M"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="w:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op"><soap:operation soapAction="Op"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="w:B"><soap:address location="http://127.0.0.1/soap"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;

test('a loader callback reads the documents; an import cycle is read once; the number of documents is limited', async () => {
  const a = schemaDoc('<xs:include schemaLocation="b.xsd"/><xs:element name="E" type="t:T"/>');
  const b = schemaDoc(
    '<xs:include schemaLocation="a.xsd"/><xs:complexType name="T"><xs:sequence><xs:element name="v" type="xs:int"/></xs:sequence></xs:complexType>',
  );
  const docs = loaderDocs({
    'mem://x/main.wsdl': wsdlWith(
      '<xs:schema targetNamespace="urn:w"><xs:import namespace="urn:t" schemaLocation="a.xsd"/></xs:schema>',
    ),
    'mem://x/a.xsd': a,
    'mem://x/b.xsd': b,
  });
  const desc = await loadWsdl('mem://x/main.wsdl', { load: docs.load });
  assert.deepEqual(docs.reads, ['mem://x/main.wsdl', 'mem://x/a.xsd', 'mem://x/b.xsd']);
  assert.deepEqual(outline(desc.services[0].ports[0].operations[0].soap.input), ['E {urn:t} 1..1', '  v:int 1..1']);

  const chain: Record<string, string> = {
    'mem://c/main.wsdl': wsdlWith(
      '<xs:schema targetNamespace="urn:w"><xs:import namespace="urn:t" schemaLocation="s0.xsd"/></xs:schema>',
    ),
  };
  for (let i = 0; i < 100; i++) chain[`mem://c/s${i}.xsd`] = schemaDoc(`<xs:include schemaLocation="s${i + 1}.xsd"/>`);
  const many = loaderDocs(chain);
  await assert.rejects(
    loadWsdl('mem://c/main.wsdl', { load: many.load, maxDocuments: 10 }),
    /mem:\/\/c\/s8\.xsd:1: the WSDL needs more than 10 documents \(imports and includes\); stopped at mem:\/\/c\/s9\.xsd/,
  );
  assert.equal(many.reads.length, 10);
  await assert.rejects(
    loadWsdl('mem://x/main.wsdl', {
      load: loaderDocs({
        'mem://x/main.wsdl': wsdlWith(
          '<xs:schema targetNamespace="urn:w"><xs:import namespace="urn:t" schemaLocation="gone.xsd"/></xs:schema>',
        ),
      }).load,
    }),
    /mem:\/\/x\/main\.wsdl:2: cannot read mem:\/\/x\/gone\.xsd: no such document/,
  );
});

test('broken WSDLs: a missing message, an unknown type, a part without element or type, not a WSDL at all', async () => {
  await assert.rejects(loadWsdl(fixture('broken/missing-message.wsdl')), (e: unknown) => {
    assert.ok(e instanceof WsdlError);
    assert.match(
      e.message,
      /missing-message\.wsdl:16: output of operation "GetThing": message "GetThingOut" of namespace "urn:broken" is not defined \(defined: GetThingIn, PingIn, PingOut\)/,
    );
    assert.match(e.message, /--lenient leaves them out/);
    return true;
  });
  const lenient = await loadWsdl(fixture('broken/missing-message.wsdl'), { lenient: true });
  assert.deepEqual(
    lenient.services[0].ports[0].operations.map((o) => o.name),
    ['Ping'],
    'lenient: the broken operation is left out, the others kept',
  );
  assert.match(lenient.warnings[0], /message "GetThingOut" .* is not defined .*\(operation left out\)/);

  await assert.rejects(
    loadWsdl(fixture('broken/unknown-type.wsdl')),
    /unknown-type\.wsdl:12: operation "SetAddress" input, message "In", part "parameters" \(element tns:SetAddress\) > SetAddress > address: type "Adress" of namespace "urn:broken" is not defined \(namespace "urn:broken" defines: Address\)/,
  );
  await assert.rejects(
    loadWsdl(fixture('broken/part-without-element.wsdl')),
    /part-without-element\.wsdl:5: operation "Op" input, message "In", part "parameters": the part has neither an element nor a type/,
  );
  await assert.rejects(
    loadWsdl(fixture('accounts/types/accounts.xsd')),
    /accounts\.xsd: this is an XML Schema, not a WSDL/,
  );
  assert.throws(
    () => parseWsdl('<html><body>Service unavailable</body></html>', 'page'),
    /page: not a WSDL: the root element is <html> \(expected wsdl:definitions/,
  );
  assert.throws(
    () => parseWsdl('{"openapi":"3.0.0"}', 'api.json'),
    /api\.json: not XML \(it starts with "\{\\"openapi\\":\\"3\.0\.0\\"\}"\)/,
  );
  await assert.rejects(loadWsdl(fixture('nope.wsdl')), /cannot read .*nope\.wsdl \(ENOENT\)/);
  assert.throws(() => parseWsdl(wsdlWith('', 'x:E')), /WSDL:3: the prefix of "x:E" is not declared/);
  assert.throws(
    () => parseWsdl(wsdlWith(schemaDoc('<xs:element name="Other"/>'))),
    /element "E" of namespace "urn:t" is not defined \(namespace "urn:t" defines: Other\)/,
  );
  assert.throws(
    () => parseWsdl(wsdlWith('', 'xs:string')),
    /element "string" of namespace "http:\/\/www\.w3\.org\/2001\/XMLSchema" is not defined \(no schema for namespace/,
  );
});

test('hostile WSDLs: an external entity naming a file, billion laughs: a clear error at once, nothing read', async () => {
  const secret = readFileSync(fixture('hostile/secret.txt'), 'utf8').trim();
  let message = '';
  await assert.rejects(loadWsdl(fixture('hostile/xxe-file.wsdl')), (e: unknown) => {
    message = (e as Error).message;
    return e instanceof WsdlError;
  });
  assert.match(
    message,
    /xxe-file\.wsdl:5:\d+: a DOCTYPE is not accepted \(DTDs and entity declarations are never processed\)/,
  );
  assert.ok(!message.includes(secret));
  // With a loader, every read is seen: only the WSDL itself is read, never the entity's file.
  const reads: string[] = [];
  await assert.rejects(
    loadWsdl(fixture('hostile/xxe-file.wsdl'), {
      load: async (loc) => {
        reads.push(loc);
        return readFileSync(loc);
      },
    }),
    WsdlError,
  );
  assert.deepEqual(reads, [fixture('hostile/xxe-file.wsdl')]);

  const start = performance.now();
  await assert.rejects(
    loadWsdl(fixture('hostile/billion-laughs.wsdl')),
    /billion-laughs\.wsdl:\d+:\d+: a DOCTYPE is not accepted/,
  );
  assert.ok(performance.now() - start < 2000, 'refused before anything expands');
});

test('hostile WSDLs: a huge document, deep nesting, and a schema that explodes exponentially are bounded', async () => {
  await assert.rejects(
    loadWsdl('mem://huge.wsdl', { load: async () => `<w>${' '.repeat(11 * 1024 * 1024)}</w>` }),
    /mem:\/\/huge\.wsdl: the document is 11534343 bytes, more than the 10485760 accepted/,
  );
  assert.throws(
    () => parseWsdl(`${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}`, 'deep.wsdl'),
    /deep\.wsdl:1:\d+: elements are nested more than 256 deep/,
  );
  // Each type holds ten of the next: 10^12 elements if expanded.
  const types = Array.from(
    { length: 12 },
    (_, i) =>
      `<xs:complexType name="T${i}"><xs:sequence>${Array.from({ length: 10 }, (_, j) => `<xs:element name="e${j}" type="${i === 11 ? 'xs:string' : `t:T${i + 1}`}"/>`).join('')}</xs:sequence></xs:complexType>`,
  ).join('');
  const start = performance.now();
  assert.throws(
    () => parseWsdl(wsdlWith(schemaDoc(`<xs:element name="E" type="t:T0"/>${types}`)), 'bomb.wsdl'),
    /bomb\.wsdl:3: operation "Op" input, message "M", part "p" \(element t:E\) > E > e0 > .*: the message structure has more than 20000 elements/,
  );
  assert.ok(performance.now() - start < 3000, 'cut off long before 10^12 elements');
  // A deep but legitimate chain is cut at the depth limit with a warning rather than failing.
  const chain = Array.from(
    { length: 40 },
    (_, i) =>
      `<xs:complexType name="C${i}"><xs:sequence><xs:element name="c" type="${i === 39 ? 'xs:string' : `t:C${i + 1}`}"/></xs:sequence></xs:complexType>`,
  ).join('');
  const deep = parseWsdl(wsdlWith(schemaDoc(`<xs:element name="E" type="t:C0"/>${chain}`)));
  assert.match(deep.warnings.join('\n'), /is nested more than 32 deep; it is taken as any content/);
});

test('a port whose binding is missing fails, or (lenient) is left out', () => {
  const text = wsdlWith(schemaDoc('<xs:element name="E"/>')).replace(
    '<wsdl:service name="S">',
    '<wsdl:service name="S"><wsdl:port name="Ghost" binding="w:Nope"><soap:address location="http://127.0.0.1/"/></wsdl:port>',
  );
  assert.throws(
    () => parseWsdl(text, 'ghost.wsdl'),
    /ghost\.wsdl:7: service "S", port "Ghost": binding "Nope" of namespace "urn:w" is not defined \(defined: B\)\n\(--lenient leaves them out\)/,
  );
  const lenient = parseWsdl(text, 'ghost.wsdl', { lenient: true });
  assert.deepEqual(
    lenient.services[0].ports.map((p) => p.name),
    ['P'],
  );
  assert.match(lenient.warnings.join('\n'), /binding "Nope" .* \(port left out\)/);
});

test('locations resolve against the naming document; a document from the network never names a local file', () => {
  assert.equal(resolveLocation('b.xsd', '/dir/a.wsdl', 'w'), '/dir/b.xsd');
  assert.equal(resolveLocation('../t/b.xsd', '/dir/sub/a.wsdl', 'w'), '/dir/t/b.xsd');
  assert.equal(resolveLocation('file:///tmp/z.xsd', '/dir/a.wsdl', 'w'), '/tmp/z.xsd');
  assert.equal(resolveLocation('http://h.example/y.xsd', '/dir/a.wsdl', 'w'), 'http://h.example/y.xsd');
  assert.equal(
    resolveLocation('types/b.xsd', 'https://h.example/svc/a.wsdl', 'w'),
    'https://h.example/svc/types/b.xsd',
  );
  assert.equal(
    resolveLocation('/etc/passwd', 'https://h.example/svc/a.xsd', 'w'),
    'https://h.example/etc/passwd',
    'an absolute path is a path on the same server',
  );
  // The check is on the naming document, so a remote schema imported by a local WSDL is held to it too.
  assert.throws(
    () => resolveLocation('file:///etc/passwd', 'https://h.example/t.xsd', 'https://h.example/t.xsd:1'),
    /https:\/\/h\.example\/t\.xsd:1: a document read from the network cannot name a local file \(file:\/\/\/etc\/passwd\)/,
  );
  assert.throws(
    () => resolveLocation('ftp://h.example/y.xsd', '/dir/a.wsdl', 'a.wsdl:3'),
    /a\.wsdl:3: "ftp:\/\/h\.example\/y\.xsd" is neither a file nor an http\(s\) URL/,
  );
  assert.equal(
    resolveLocation('b.xsd', 'mem://x/a.wsdl', 'w', false),
    'mem://x/b.xsd',
    'a loader gets any scheme, resolved',
  );
});

test('parseWsdl refuses imports (they need a file or URL to resolve against)', () => {
  assert.throws(
    () =>
      parseWsdl(
        wsdlWith(
          '<xs:schema targetNamespace="urn:w"><xs:import namespace="urn:t" schemaLocation="a.xsd"/></xs:schema>',
        ),
        'inline',
      ),
    /inline:2: the WSDL imports a\.xsd; read it with loadWsdl/,
  );
});
