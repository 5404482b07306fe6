// SoapCaller over a real HttpCaller and a stand-in SOAP service on 127.0.0.1: a structured call becomes an
// envelope and its reply a structure; faults are classified; WS-Security travels; other requests pass through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SoapFault } from '../soap/response.ts';
import { createSoapHandler, type SoapHandlerOptions } from '../soap/server.ts';
import type { SoapOperation } from '../soap/soap-schema.ts';
import { parseWsdl } from '../soap/wsdl.ts';
import { FlowError } from './flow/flow-error.ts';
import { HttpCaller } from './http-caller.ts';
import { SoapCaller } from './soap-caller.ts';

const wsdlText = readFileSync(
  fileURLToPath(new URL('../soap/fixtures/public/BLZService.wsdl', import.meta.url)),
  'utf8',
);
const getBank: SoapOperation = parseWsdl(wsdlText)
  .services[0].ports.find((p) => p.name === 'BLZServiceSOAP11port_http')!
  .operations.find((o) => o.name === 'getBank')!.soap;

async function withService(
  o: Omit<SoapHandlerOptions, 'wsdlText' | 'version'>,
  settings: ConstructorParameters<typeof SoapCaller>[2],
  fn: (caller: SoapCaller) => Promise<void>,
): Promise<void> {
  const server = createServer(createSoapHandler({ wsdlText, version: '1.1', ...o }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const caller = new SoapCaller(
    new HttpCaller({ baseUrl: base, retry: { maxAttempts: 1 } }),
    new Map([['getBank', getBank]]),
    settings,
  );
  try {
    await fn(caller);
  } finally {
    await caller.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const call = (caller: SoapCaller, args: Record<string, unknown>) =>
  caller.request({ method: 'POST', path: '/soap', operation: 'getBank', body: { args } }, { idempotent: true });

test('a structured call is sent as the operation envelope with its SOAPAction; the reply is a structure', async () => {
  const seen: unknown[] = [];
  await withService(
    {
      operations: {
        getBank: (args, ctx) => {
          seen.push({ args, action: ctx.headers.soapaction });
          return { details: { bezeichnung: 'Bank <&> "Köln"', plz: '50447' } };
        },
      },
    },
    {},
    async (caller) => {
      const res = await call(caller, { blz: '37040044' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { details: { bezeichnung: 'Bank <&> "Köln"', plz: '50447' } });
      assert.deepEqual(seen, [{ args: { blz: '37040044' }, action: '""' }]);
      // A request that names no SOAP operation goes to the service as it is.
      const wsdl = await caller.request({ method: 'GET', path: '/soap', query: { wsdl: '' } }, {});
      assert.equal(wsdl.status, 200);
      assert.match(String(wsdl.body), /BLZService/);
    },
  );
});

test('faults become FlowErrors: Client → invalidValue, Server → unavailable, with the status and code', async () => {
  let fault = new SoapFault('Client', 'no such bank code');
  await withService(
    {
      operations: {
        getBank: () => {
          throw fault;
        },
      },
    },
    {},
    async (caller) => {
      await assert.rejects(
        call(caller, { blz: '1' }),
        (e: unknown) =>
          e instanceof FlowError &&
          e.kind === 'invalidValue' &&
          e.status === 500 &&
          /^getBank: SOAP fault Client: no such bank code/.test(e.message),
      );
      fault = new SoapFault('Server', 'database down');
      await assert.rejects(
        call(caller, { blz: '1' }),
        (e: unknown) => e instanceof FlowError && e.kind === 'unavailable' && /database down/.test(e.message),
      );
      // Arguments that do not fit the operation's structure are the object's data at fault, and never sent.
      await assert.rejects(
        call(caller, { blz: ['1', '2'] }),
        (e: unknown) => e instanceof FlowError && e.kind === 'invalidValue' && /takes one value/.test(e.message),
      );
    },
  );
});

test('WS-Security: the service settings sign each call; a refused token is unauthorized', async () => {
  const users: unknown[] = [];
  const wsSecurity = { lookup: (u: string) => (u === 'ann' ? 'right password' : undefined), requireDigest: true };
  const operations = {
    getBank: (_args: unknown, ctx: { username?: string }) => {
      users.push(ctx.username);
      return { details: {} };
    },
  };
  const token = (password: string) => ({
    wsSecurity: { type: 'usernameToken' as const, username: 'ann', password, digest: true },
  });
  await withService({ operations, wsSecurity }, token('right password'), async (caller) => {
    await call(caller, { blz: '1' });
    await call(caller, { blz: '2' });
    assert.deepEqual(users, ['ann', 'ann']);
  });
  await withService({ operations, wsSecurity }, token('wrong password'), async (caller) => {
    await assert.rejects(call(caller, { blz: '1' }), (e: unknown) => {
      assert.ok(e instanceof FlowError);
      assert.equal(e.kind, 'unauthorized');
      assert.doesNotMatch(e.message, /wrong password/);
      return true;
    });
  });
});
