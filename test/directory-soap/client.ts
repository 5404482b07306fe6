// A small SOAP client for the directory tests: envelopes and answers through src/soap (the connector's own
// library), with control over the WS-Security token (none, text, a given nonce or creation time, a wrong password).
import { buildEnvelope } from '../../src/soap/envelope.ts';
import { parseSoapResponse, SoapFault } from '../../src/soap/response.ts';
import { usernameTokenHeader } from '../../src/soap/ws-security.ts';
import { loadWsdl } from '../../src/soap/wsdl.ts';
import type { SoapOperation } from '../../src/soap/soap-schema.ts';
import { PASSWORD, USER } from '../../examples/directory-soap/test-server.ts';

/** How the UsernameToken of one call is made (default: USER/PASSWORD, digest, fresh nonce, now). */
export interface TokenOptions {
  none?: boolean;
  username?: string;
  password?: string;
  digest?: boolean;
  nonce?: Buffer;
  now?: Date;
}

/** What a call returned: the answer's structure, or the fault. */
export type CallResult =
  | { status: number; body: any; fault?: undefined }
  | { status: number; body?: undefined; fault: SoapFault }; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are read freely

/** A client of one running directory service. */
export interface DirectoryClient {
  operations: Record<string, SoapOperation>;
  call(name: string, args?: Record<string, unknown>, token?: TokenOptions): Promise<CallResult>;
  /** call, but a fault fails the test. */
  ok(name: string, args?: Record<string, unknown>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** call, but an answer fails the test; returns the fault. */
  fault(name: string, args?: Record<string, unknown>, token?: TokenOptions): Promise<SoapFault & { status: number }>;
  /** Posts raw text as a SOAP 1.2 request. */
  raw(xml: string, contentType?: string): Promise<{ status: number; text: string }>;
}

/** Reads the service's WSDL over HTTP (following its XSD import) and returns a client. */
export async function directoryClient(url: string): Promise<DirectoryClient> {
  const desc = await loadWsdl(`${url}/directory?wsdl`);
  const operations = Object.fromEntries(desc.services[0].ports[0].operations.map((o) => [o.name, o.soap]));
  const endpoint = `${url}/directory`;
  const call: DirectoryClient['call'] = async (name, args = {}, token = {}) => {
    const op = operations[name];
    if (!op) throw new Error(`no operation ${name}`);
    const headerXml = token.none
      ? undefined
      : usernameTokenHeader({
          username: token.username ?? USER,
          password: token.password ?? PASSWORD,
          digest: token.digest ?? true,
          nonce: token.nonce,
          now: token.now,
        });
    const env = buildEnvelope(op, name, args, headerXml ? { headerXml } : {});
    const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': env.contentType }, body: env.xml });
    const text = await res.text();
    try {
      return { status: res.status, body: parseSoapResponse(op, name, text) };
    } catch (e) {
      if (e instanceof SoapFault) return { status: res.status, fault: e };
      throw new Error(`${name}: ${String(e)}; HTTP ${res.status}: ${text.slice(0, 500)}`);
    }
  };
  return {
    operations,
    call,
    ok: async (name, args) => {
      const r = await call(name, args);
      if (r.fault) throw new Error(`${name} failed: ${r.fault.message} (${r.fault.subcode ?? r.fault.code})`);
      return r.body;
    },
    fault: async (name, args, token) => {
      const r = await call(name, args, token);
      if (!r.fault) throw new Error(`${name} was expected to fail, and answered ${JSON.stringify(r.body)}`);
      return Object.assign(r.fault, { status: r.status });
    },
    raw: async (xml, contentType = 'application/soap+xml; charset=utf-8') => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': contentType }, body: xml });
      return { status: res.status, text: await res.text() };
    },
  };
}
