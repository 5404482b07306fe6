// Builds the SOAP request for an operation from a flow's arguments: the envelope of the binding's SOAP version,
// an optional header (WS-Security), and the body from the operation's input structure (see message-writer.ts).
import type { SoapOperation, XmlNode } from './soap-schema.ts';
import { envelopeNamespace } from './namespaces.ts';
import { SoapRequestError } from './soap-errors.ts';
import { XmlWriter, writeChildren, writeElement } from './message-writer.ts';

/** A request ready to send. */
export interface SoapEnvelope {
  xml: string;
  /** SOAP 1.1: `text/xml; charset=utf-8`; SOAP 1.2: `application/soap+xml; charset=utf-8; action="…"`. */
  contentType: string;
  /** SOAP 1.1 only: the SOAPAction header's value, quoted as the header wants it (`"urn:x"`, or `""`). */
  soapAction?: string;
}

/** Options of {@link buildEnvelope}. */
export interface EnvelopeOptions {
  /** XML put inside soap:Header as it is (e.g. from usernameTokenHeader). */
  headerXml?: string;
}

/**
 * The request envelope of `op` with `args`. Document style: with one input part that is a structure (the usual
 * "wrapped" style), `args` are that element's children (`{ USERNAME: … }`; `{ BAPI_USER_GET_DETAIL: { USERNAME: … } }`
 * is accepted too); otherwise `args` are keyed by the part elements. Rpc style: `args` are the parts, written
 * inside a wrapper element named after the operation in `op.namespace`.
 */
export function buildEnvelope(
  op: SoapOperation,
  operationName: string,
  args: Record<string, unknown>,
  opts: EnvelopeOptions = {},
): SoapEnvelope {
  const w = new XmlWriter();
  const env = w.prefix(envelopeNamespace(op.version), 'soapenv');
  writeBody(w, op, wsdlOperationName(op, operationName), args ?? {}, 'args');
  const body = w.parts.join('');
  const header = opts.headerXml ? `<${env}:Header>${opts.headerXml}</${env}:Header>` : '';
  const xml = `<?xml version="1.0" encoding="utf-8"?><${env}:Envelope${w.declarations()}>${header}<${env}:Body>${body}</${env}:Body></${env}:Envelope>`;
  const action = quoted(op.action ?? '');
  if (op.version === '1.2')
    return { xml, contentType: `application/soap+xml; charset=utf-8${op.action ? `; action=${action}` : ''}` };
  return { xml, contentType: 'text/xml; charset=utf-8', soapAction: action };
}

/** An HTTP quoted-string; a line break or control character could split the header, so it is refused. */
function quoted(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new SoapRequestError(`the operation's SOAP action ${JSON.stringify(value)} holds a control character`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The WSDL operation name behind a project operation id: discovery names an operation `Port.Operation` when its
 * name repeats across ports, and the rpc wrapper must carry the operation's own name.
 */
export function wsdlOperationName(op: Pick<SoapOperation, 'port'>, id: string): string {
  return id.startsWith(`${op.port}.`) ? id.slice(op.port.length + 1) : id;
}

/** Writes the body content of `op`'s input (or, for a service's answer, of a structure given as `op.input`). */
export function writeBody(
  w: XmlWriter,
  op: Pick<SoapOperation, 'style' | 'namespace' | 'input'>,
  wrapperName: string,
  args: Record<string, unknown>,
  path: string,
): void {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new SoapRequestError(
      `${path}: expected an object of arguments, got ${Array.isArray(args) ? 'a list' : String(args)}`,
    );
  }
  if (op.style === 'rpc') {
    const tag = w.tag({ name: wrapperName, namespace: op.namespace || undefined });
    const start = w.parts.length;
    writeChildren(w, op.input, args, path);
    if (w.parts.length === start) w.parts.push(`<${tag}/>`);
    else {
      w.parts.splice(start, 0, `<${tag}>`);
      w.parts.push(`</${tag}>`);
    }
    return;
  }
  const wrapper = wrapped(op.input);
  if (!wrapper) {
    writeChildren(w, op.input, args, path);
    return;
  }
  const children = wrapper.children as XmlNode[];
  const keys = Object.keys(args);
  // The wrapper's own name as the only key (and not also the name of one of its children): the wrapped form.
  const given =
    keys.length === 1 && keys[0] === wrapper.name && !children.some((c) => c.name === wrapper.name)
      ? args[wrapper.name]
      : args;
  writeElement(w, wrapper, given ?? {}, path);
}

/** The single input part of a document operation when it is a structure (document/literal wrapped). */
export function wrapped(nodes: readonly XmlNode[]): XmlNode | undefined {
  return nodes.length === 1 && nodes[0].children !== undefined ? nodes[0] : undefined;
}
