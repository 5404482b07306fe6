// Plugs the function modules into Ferry's SOAP server helper (src/soap/server.ts, createSoapHandler): one endpoint
// per binding. app.ts has already read the request (for authentication, fault rules and call counts), so the
// helper gets the bytes replayed as a stream, and its answer is captured and sent by app.ts.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createSoapHandler } from '../../src/soap/server.ts';
import type { Operation } from './bapi.ts';

/** One SOAP endpoint: a request in, the answer out. */
export type SoapEndpoint = (req: {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

/** Builds the endpoint of the binding of one SOAP version. */
export function soapEndpoint(o: {
  wsdl: string;
  operations: Record<string, Operation>;
  version: '1.1' | '1.2';
}): SoapEndpoint {
  const listener = createSoapHandler({
    wsdlText: o.wsdl,
    operations: o.operations,
    version: o.version,
    style: 'document',
    onError: (e, op) =>
      process.stderr.write(`sap-standin: ${op ?? 'a call'} failed: ${(e as Error)?.stack ?? String(e)}\n`),
  });
  return (r) =>
    new Promise((resolve) => {
      const req = Object.assign(Readable.from([r.body]), {
        method: r.method,
        url: r.url,
        headers: r.headers,
      }) as unknown as IncomingMessage;
      let status = 200;
      let headers: Record<string, string> = {};
      let sent = false;
      const res = {
        get headersSent() {
          return sent;
        },
        writeHead(s: number, h?: Record<string, string | number>) {
          status = s;
          headers = Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
          sent = true;
          return res;
        },
        end(body?: string | Buffer) {
          resolve({ status, headers, body: body === undefined ? '' : body.toString() });
          return res;
        },
      } as unknown as ServerResponse;
      listener(req, res);
    });
}
