// A small request listener for stand-in SOAP services (tests and demos): it serves the WSDL at ?wsdl, reads each
// request with the same safe parser as the client, finds the operation (SOAPAction, the SOAP 1.2 action, or the
// body element), checks WS-Security when asked, calls the handler with the request as a JSON-like structure, and
// writes its result (or a SoapFault it throws) with the client's envelope writer, from the WSDL's structures.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { SoapOperation } from './soap-schema.ts';
import { decodeXml } from './decode-xml.ts';
import { writeBody } from './envelope.ts';
import { buildFaultEnvelope } from './fault-envelope.ts';
import { XmlWriter } from './message-writer.ts';
import { envelopeNamespace } from './namespaces.ts';
import { readBodyContent, soapBody } from './response.ts';
import { SoapRequestError, SoapResponseError } from './soap-errors.ts';
import { SoapFault } from './soap-fault.ts';
import { parseWsdl, type WsdlOperation, type WsdlPort } from './wsdl.ts';
import { verifyUsernameTokenElement } from './ws-security.ts';
import { XmlParseError, type XmlElement } from './xml-parser.ts';

/** What a handler knows about the call besides its arguments. */
export interface SoapCallContext {
  operation: string;
  /** The HTTP request headers. */
  headers: IncomingHttpHeaders;
  /** The WS-Security user, when the service checks WS-Security. */
  username?: string;
  /** The request's soap:Header element, when it has one (context headers such as Oracle's SOAHeader). */
  header?: XmlElement;
}

/** One operation's implementation: the request's structure in, the response's structure out (or a SoapFault thrown). */
export type SoapOperationHandler = (args: Record<string, unknown>, ctx: SoapCallContext) => unknown;

/** A stand-in service. */
export interface SoapHandlerOptions {
  /** The WSDL (self-contained): served at ?wsdl, and the source of the operations and their structures. */
  wsdlText: string;
  /** Handlers by operation name; a name the WSDL does not have is an error at creation. */
  operations: Record<string, SoapOperationHandler>;
  /** The SOAP version answered: picks the WSDL port of that version (default: the first SOAP port). */
  version?: '1.1' | '1.2';
  /** The style expected of the port's operations (checked at creation). */
  style?: 'document' | 'rpc';
  /** Picks the WSDL port by name. */
  port?: string;
  /** Check a WS-Security UsernameToken on every call; `lookup` gives a user's password. */
  wsSecurity?: { lookup: (username: string) => string | undefined; requireDigest?: boolean; maxAgeSeconds?: number };
  /** Largest request in bytes (default 50 MB). */
  maxBytes?: number;
  /** Called with errors that are not SoapFaults (a handler's bug), before the Receiver fault is answered. */
  onError?: (error: unknown, operation: string | undefined) => void;
}

/** A Node `http` request listener serving the stand-in service. */
export function createSoapHandler(o: SoapHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const desc = parseWsdl(o.wsdlText, 'the stand-in WSDL');
  const ports = desc.services
    .flatMap((s) => s.ports)
    .filter(
      (p) => (o.port === undefined || p.name === o.port) && (o.version === undefined || p.soapVersion === o.version),
    );
  const port: WsdlPort | undefined = ports[0];
  if (!port)
    throw new Error(
      `the WSDL has no SOAP port${o.port ? ` named "${o.port}"` : ''}${o.version ? ` of SOAP ${o.version}` : ''}`,
    );
  const version = port.soapVersion;
  const unknown = Object.keys(o.operations).filter((n) => !port.operations.some((op) => op.name === n));
  if (unknown.length)
    throw new Error(
      `no operation ${unknown.map((n) => `"${n}"`).join(', ')} in port "${port.name}" (it has: ${port.operations.map((op) => op.name).join(', ')})`,
    );
  const wrongStyle = o.style ? port.operations.filter((op) => op.soap.style !== o.style) : [];
  if (wrongStyle.length)
    throw new Error(
      `port "${port.name}": ${wrongStyle.map((op) => op.name).join(', ')} ${wrongStyle.length === 1 ? 'is' : 'are'} not ${o.style} style`,
    );
  const maxBytes = o.maxBytes ?? 50 * 1024 * 1024;
  const seen = new Map<string, number>();

  const answer = (res: ServerResponse, status: number, contentType: string, body: string): void => {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const fault = (res: ServerResponse, f: SoapFault): void => {
    const e = buildFaultEnvelope(version, f, desc.targetNamespace || undefined);
    answer(res, e.status, e.contentType, e.xml);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
      answer(res, 200, 'text/xml; charset=utf-8', o.wsdlText);
      return;
    }
    if (req.method !== 'POST') {
      res
        .writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain' })
        .end('POST a SOAP request, or GET ?wsdl\n');
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(req, maxBytes);
    } catch {
      res
        .writeHead(413, { 'content-type': 'text/plain', connection: 'close' })
        .end(`the request is larger than ${maxBytes} bytes\n`);
      return;
    }
    let op: WsdlOperation | undefined;
    try {
      const text = decodeXml(bytes, 'the request', req.headers['content-type']);
      const { el: body, envNs, envelope } = soapBody(text, 'the request', { maxBytes });
      if (envNs !== envelopeNamespace(version))
        throw new SoapFault('VersionMismatch', `this service speaks SOAP ${version}`);
      op = pick(port, req.headers, body.children[0]?.local, body.children[0]?.ns);
      const header = envelope.children.find((c) => c.local === 'Header' && c.ns === envNs);
      const ctx: SoapCallContext = { operation: op.name, headers: req.headers, ...(header ? { header } : {}) };
      if (o.wsSecurity) {
        const check = header
          ? verifyUsernameTokenElement(header, o.wsSecurity.lookup, {
              requireDigest: o.wsSecurity.requireDigest,
              maxAgeSeconds: o.wsSecurity.maxAgeSeconds,
              seen,
            })
          : { ok: false as const, reason: 'no SOAP header' };
        if (!check.ok)
          throw new SoapFault('Client', 'The security token could not be authenticated or authorized', {
            subcode: 'FailedAuthentication',
          });
        ctx.username = check.username;
      }
      const args = readBodyContent(body, op.soap, op.name, 'input');
      const handler = o.operations[op.name];
      if (!handler) throw new SoapFault('Server', `operation ${op.name} is not implemented by this stand-in`);
      const result = await handler(args, ctx);
      const w = new XmlWriter();
      const env = w.prefix(envelopeNamespace(version), 'soapenv');
      const out: Pick<SoapOperation, 'style' | 'namespace' | 'input'> = {
        style: op.soap.style,
        namespace: op.soap.namespace,
        input: op.soap.output,
      };
      writeBody(w, out, `${op.name}Response`, (result ?? {}) as Record<string, unknown>, `result of ${op.name}`);
      const xml = `<?xml version="1.0" encoding="utf-8"?><${env}:Envelope${w.declarations()}><${env}:Body>${w.parts.join('')}</${env}:Body></${env}:Envelope>`;
      answer(res, 200, version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8', xml);
    } catch (e) {
      if (e instanceof SoapFault) return fault(res, e);
      if (e instanceof SoapResponseError || e instanceof XmlParseError)
        return fault(res, new SoapFault('Client', e.message));
      o.onError?.(e, op?.name);
      const why =
        e instanceof SoapRequestError
          ? `the stand-in's answer does not fit the WSDL: ${e.message}`
          : e instanceof Error
            ? e.message
            : String(e);
      fault(res, new SoapFault('Server', why));
    }
  };
  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      o.onError?.(e, undefined);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  };
}

/** The operation a request calls: by its action when that names exactly one, else by its body element. */
function pick(
  port: WsdlPort,
  headers: IncomingHttpHeaders,
  local: string | undefined,
  ns: string | undefined,
): WsdlOperation {
  const header = headers.soapaction;
  const fromType = /;\s*action\s*=\s*"?([^";]*)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const action = (typeof header === 'string' ? header.trim().replace(/^"(.*)"$/, '$1') : undefined) || fromType;
  if (action) {
    const byAction = port.operations.filter((op) => op.soap.action === action);
    if (byAction.length === 1) return byAction[0];
  }
  if (local === undefined) throw new SoapFault('Client', 'the request Body is empty');
  const byBody = port.operations.filter((op) => {
    if (op.soap.style === 'rpc') return op.name === local;
    const first = op.soap.input[0];
    return first !== undefined && first.name === local && (first.namespace ?? '') === ns;
  });
  if (byBody.length === 1) return byBody[0];
  const via = action ? `SOAPAction "${action}" and body element <${local}>` : `body element <${local}>`;
  throw new SoapFault(
    'Client',
    `no operation of this service matches the ${via}${byBody.length > 1 ? ' (several do; send the SOAPAction)' : ''}`,
  );
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.pause();
        reject(new Error('too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
