// The stand-in service helper, over real HTTP on 127.0.0.1: ?wsdl, dispatch by action or body element, SOAP 1.1
// and 1.2, document and rpc, faults thrown by handlers, bad requests, WS-Security; the client side is the
// library's own envelope writer and response reader, so each test is a round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SoapOperation } from './soap-schema.ts';
import { buildEnvelope } from './envelope.ts';
import { SoapFault, parseSoapResponse } from './response.ts';
import { createSoapHandler, type SoapHandlerOptions } from './server.ts';
import { parseWsdl } from './wsdl.ts';
import { usernameTokenHeader } from './ws-security.ts';

const text = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

async function serve(o: SoapHandlerOptions): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer(createSoapHandler(o));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/soap`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Calls `op` like a client: the library's envelope, then its response reader (faults thrown). */
async function call(
  url: string,
  op: SoapOperation,
  name: string,
  args: Record<string, unknown>,
  headerXml?: string,
): Promise<{ status: number; result: unknown }> {
  const env = buildEnvelope(op, name, args, headerXml ? { headerXml } : {});
  const res = await fetch(url, {
    method: 'POST',
    body: env.xml,
    headers: {
      'content-type': env.contentType,
      ...(env.soapAction !== undefined ? { soapaction: env.soapAction } : {}),
    },
  });
  const body = await res.text();
  return { status: res.status, result: parseSoapResponse(op, name, body) };
}

const blzWsdl = text('public/BLZService.wsdl');
const blz = parseWsdl(blzWsdl, 'BLZService.wsdl');
const blzOp = (port: string): SoapOperation => blz.services[0].ports.find((p) => p.name === port)!.operations[0].soap;

test("serves ?wsdl; document/literal SOAP 1.1 round trip; the handler gets the wrapper's children", async () => {
  const seen: unknown[] = [];
  const s = await serve({
    wsdlText: blzWsdl,
    version: '1.1',
    operations: {
      getBank: (args, ctx) => {
        seen.push({ args, op: ctx.operation });
        return { details: { bezeichnung: 'Bank <&> "Köln"', plz: '50447' } };
      },
    },
  });
  try {
    const wsdl = await fetch(`${s.url}?wsdl`);
    assert.equal(wsdl.status, 200);
    assert.equal(await wsdl.text(), blzWsdl);
    const r = await call(s.url, blzOp('BLZServiceSOAP11port_http'), 'getBank', { blz: '37040044' });
    assert.deepEqual(r, { status: 200, result: { details: { bezeichnung: 'Bank <&> "Köln"', plz: '50447' } } });
    assert.deepEqual(seen, [{ args: { blz: '37040044' }, op: 'getBank' }]);
    assert.equal((await fetch(s.url, { method: 'PUT' })).status, 405);
  } finally {
    await s.close();
  }
});

test('SOAP 1.2 port: the answer in 1.2; a 1.1 request gets a VersionMismatch fault', async () => {
  const s = await serve({ wsdlText: blzWsdl, version: '1.2', operations: { getBank: () => ({ details: {} }) } });
  try {
    const r = await call(s.url, blzOp('BLZServiceSOAP12port_http'), 'getBank', { blz: '1' });
    assert.deepEqual(r.result, { details: {} });
    await assert.rejects(
      call(s.url, blzOp('BLZServiceSOAP11port_http'), 'getBank', { blz: '1' }),
      (e: unknown) =>
        e instanceof SoapFault && e.code === 'VersionMismatch' && /this service speaks SOAP 1\.2/.test(e.reason),
    );
  } finally {
    await s.close();
  }
});

test('rpc style, dispatch by SOAPAction and by the body element; typed arguments and results', async () => {
  const wsdl = text('rpc-literal.wsdl');
  const ops = parseWsdl(wsdl).services[0].ports[0].operations;
  const op = (n: string) => ops.find((o) => o.name === n)!.soap;
  const s = await serve({
    wsdlText: wsdl,
    style: 'rpc',
    operations: {
      openTicket: (args) => ({
        ticket: {
          id: Number(args.priority) * 10,
          title: String(args.title).toUpperCase(),
          open: true,
          tags: ['new', 'p2'],
        },
      }),
      findTickets: () => ({ tickets: { item: [] } }),
    },
  });
  try {
    const r = await call(s.url, op('openTicket'), 'openTicket', {
      title: 'printer',
      priority: 2,
      due: '2026-01-01T00:00:00Z',
    });
    assert.deepEqual(r.result, { ticket: { id: 20, title: 'PRINTER', open: true, tags: ['new', 'p2'] } });
    // Without SOAPAction, the body element names the operation.
    const env = buildEnvelope(op('findTickets'), 'findTickets', { query: 'x' });
    const res = await fetch(s.url, { method: 'POST', body: env.xml, headers: { 'content-type': env.contentType } });
    assert.deepEqual(parseSoapResponse(op('findTickets'), 'findTickets', await res.text()), { tickets: { item: [] } });
    await assert.rejects(
      call(s.url, op('ping'), 'ping', {}),
      /SOAP fault Server: operation ping is not implemented by this stand-in/,
    );
  } finally {
    await s.close();
  }
});

test('faults: a SoapFault thrown by a handler (1.1 and 1.2 codes), a handler bug, an answer that does not fit the WSDL', async () => {
  const errors: unknown[] = [];
  let mode = 'fault';
  const handler = () => {
    if (mode === 'fault')
      throw new SoapFault('Sender', 'No such bank', { detail: { Exception: { Name: 'NOT_FOUND', Field: 'blz' } } });
    if (mode === 'bug') throw new TypeError('boom');
    return { details: { typo: 1 } };
  };
  const s11 = await serve({
    wsdlText: blzWsdl,
    version: '1.1',
    operations: { getBank: handler },
    onError: (e) => errors.push(e),
  });
  const s12 = await serve({ wsdlText: blzWsdl, version: '1.2', operations: { getBank: handler } });
  try {
    const fault = async (url: string, port: string) => {
      try {
        await call(url, blzOp(port), 'getBank', { blz: '1' });
      } catch (e) {
        return e as SoapFault;
      }
      assert.fail('expected a fault');
    };
    const f11 = await fault(s11.url, 'BLZServiceSOAP11port_http');
    assert.equal(f11.code, 'Client', 'Sender is written as Client in SOAP 1.1');
    assert.deepEqual(f11.detail, { Exception: { Name: 'NOT_FOUND', Field: 'blz' } });
    const env = buildEnvelope(blzOp('BLZServiceSOAP12port_http'), 'getBank', { blz: '1' });
    const raw = await fetch(s12.url, { method: 'POST', body: env.xml, headers: { 'content-type': env.contentType } });
    assert.equal(raw.status, 400, 'a SOAP 1.2 Sender fault is HTTP 400');
    assert.equal(raw.headers.get('content-type'), 'application/soap+xml; charset=utf-8');
    assert.throws(() => parseSoapResponse(blzOp('BLZServiceSOAP12port_http'), 'getBank', ''), /empty/);
    mode = 'bug';
    const bug = await fault(s11.url, 'BLZServiceSOAP11port_http');
    assert.equal(bug.message, 'SOAP fault Server: boom');
    assert.ok(errors[0] instanceof TypeError);
    mode = 'misfit';
    assert.match(
      (await fault(s11.url, 'BLZServiceSOAP11port_http')).reason,
      /the stand-in's answer does not fit the WSDL: result of getBank\.details: unknown name "typo"; allowed: bezeichnung, bic, ort, plz/,
    );
  } finally {
    await s11.close();
    await s12.close();
  }
});

test('bad requests are Client faults: not XML, a DOCTYPE, not an envelope, an unknown operation, an empty body; size bounded', async () => {
  const s = await serve({ wsdlText: blzWsdl, version: '1.1', operations: { getBank: () => ({}) } });
  try {
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const res = await fetch(s.url, { method: 'POST', body, headers: { 'content-type': 'text/xml', ...headers } });
      try {
        parseSoapResponse(blzOp('BLZServiceSOAP11port_http'), 'getBank', await res.text());
      } catch (e) {
        return `${res.status} ${(e as Error).message}`;
      }
      return `${res.status} no fault`;
    };
    assert.match(await post('hello'), /^500 SOAP fault Client: the request: not XML \(it starts with "hello"\)$/);
    assert.match(
      await post('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
      /^500 SOAP fault Client: the request:1:\d+: a DOCTYPE is not accepted/,
    );
    assert.match(
      await post('<html/>'),
      /SOAP fault Client: the request is not a SOAP envelope: its root element is <html>/,
    );
    const E = (body: string) =>
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`;
    assert.match(
      await post(E('<x:other xmlns:x="urn:x"/>')),
      /SOAP fault Client: no operation of this service matches the body element <other>/,
    );
    assert.match(await post(E('')), /SOAP fault Client: the request Body is empty/);
    assert.match(
      await post(E('<b:getBank xmlns:b="http://thomas-bayer.com/blz/"><b:blz>1</b:blz></b:getBank>')),
      /^200 no fault$/,
    );
  } finally {
    await s.close();
  }
  const small = await serve({ wsdlText: blzWsdl, operations: { getBank: () => ({}) }, maxBytes: 50 });
  try {
    const res = await fetch(small.url, {
      method: 'POST',
      body: 'x'.repeat(100),
      headers: { 'content-type': 'text/xml' },
    });
    assert.equal(res.status, 413);
  } finally {
    await small.close();
  }
});

test('WS-Security: a valid digest token passes with its user; a wrong password or no token is wsse:FailedAuthentication', async () => {
  const users: Record<string, string> = { ferry: 'Secr3t!' };
  const s = await serve({
    wsdlText: blzWsdl,
    version: '1.1',
    wsSecurity: { lookup: (u) => users[u], requireDigest: true },
    operations: { getBank: (_a, ctx) => ({ details: { bezeichnung: ctx.username } }) },
  });
  const op = blzOp('BLZServiceSOAP11port_http');
  try {
    const ok = await call(
      s.url,
      op,
      'getBank',
      { blz: '1' },
      usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: true }),
    );
    assert.deepEqual(ok.result, { details: { bezeichnung: 'ferry' } });
    for (const header of [
      usernameTokenHeader({ username: 'ferry', password: 'nope', digest: true }),
      usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: false }),
      undefined,
    ]) {
      await assert.rejects(
        call(s.url, op, 'getBank', { blz: '1' }, header),
        (e: unknown) =>
          e instanceof SoapFault &&
          e.code === 'FailedAuthentication' &&
          e.reason === 'The security token could not be authenticated or authorized',
      );
    }
    // The same token twice is a replay.
    const once = usernameTokenHeader({ username: 'ferry', password: 'Secr3t!', digest: true });
    await call(s.url, op, 'getBank', { blz: '1' }, once);
    await assert.rejects(call(s.url, op, 'getBank', { blz: '1' }, once), SoapFault);
  } finally {
    await s.close();
  }
});

test('mistakes in the options are refused when the handler is created', () => {
  assert.throws(
    () => createSoapHandler({ wsdlText: blzWsdl, operations: { getBnak: () => ({}) } }),
    /no operation "getBnak" in port "BLZServiceSOAP11port_http" \(it has: getBank\)/,
  );
  assert.throws(
    () => createSoapHandler({ wsdlText: blzWsdl, operations: {}, style: 'rpc' }),
    /port "BLZServiceSOAP11port_http": getBank is not rpc style/,
  );
  assert.throws(
    () => createSoapHandler({ wsdlText: blzWsdl, operations: {}, port: 'Nope' }),
    /the WSDL has no SOAP port named "Nope"/,
  );
  assert.throws(() => createSoapHandler({ wsdlText: '<x/>', operations: {} }), /not a WSDL/);
});
