// Reads a SOAP response for an operation: the envelope is checked, a Fault (SOAP 1.1 or 1.2) is thrown as a
// SoapFault, and the answer is read into a JSON-like structure following the operation's output structure.
import type { SoapOperation } from './soap-schema.ts';
import { SOAP11_ENV, SOAP12_ENV } from './namespaces.ts';
import { readChildren, readElement, type XmlObject } from './message-reader.ts';
import { wrapped, wsdlOperationName } from './envelope.ts';
import { SoapResponseError } from './soap-errors.ts';
import { SoapFault } from './soap-fault.ts';
import { XmlParseError, attr, firstChild, parseXml, type XmlElement, type XmlLimits } from './xml-parser.ts';
import { fastParseXml } from './fast-xml.ts';

export { SoapFault } from './soap-fault.ts';
export { SoapResponseError } from './soap-errors.ts';

/** Default largest response. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/**
 * The answer of `op` in the response `xml`. Document style with one output part that is a structure: that
 * element's children (`{ details: { … } }` for `<getBankResponse><details>…`); a simple-typed part element or
 * several parts: an object keyed by the part elements. Rpc style: the parts inside the response wrapper (`<operationNameResponse>`). Throws a
 * SoapFault for a Fault, and a SoapResponseError for anything that is not the expected SOAP answer.
 */
export function parseSoapResponse(
  op: SoapOperation,
  operationName: string,
  xml: string,
  limits: XmlLimits = {},
): unknown {
  const body = soapBody(xml, 'the response', { maxBytes: DEFAULT_MAX_RESPONSE_BYTES, ...limits });
  const first = body.el.children[0];
  if (first && first.local === 'Fault' && first.ns === body.envNs) throw readFault(first, body.envNs);
  return readBodyContent(body.el, op, wsdlOperationName(op, operationName), 'output');
}

/** The Body element of a SOAP envelope, and the envelope's namespace; `what` names the text in errors. */
export function soapBody(
  xml: string,
  what: string,
  limits: XmlLimits,
): { el: XmlElement; envNs: string; envelope: XmlElement } {
  if (!/\S/.test(xml)) throw new SoapResponseError(`${what} is empty (expected a SOAP envelope)`);
  let root: XmlElement;
  try {
    // The fast scanner handles the plain XML services send; anything it doubts goes to the strict parser.
    root = fastParseXml(xml, limits) ?? parseXml(xml, what, limits);
  } catch (e) {
    if (e instanceof XmlParseError) throw new SoapResponseError(e.message);
    throw e;
  }
  if (root.local !== 'Envelope' || (root.ns !== SOAP11_ENV && root.ns !== SOAP12_ENV)) {
    throw new SoapResponseError(
      `${what} is not a SOAP envelope: its root element is <${root.qname}>${root.ns ? ` in namespace "${root.ns}"` : ''}`,
    );
  }
  const el = firstChild(root, root.ns, 'Body');
  if (!el) throw new SoapResponseError(`${what}: the SOAP envelope has no Body`);
  return { el, envNs: root.ns, envelope: root };
}

/**
 * Reads the content of a Body for `op`'s `dir` message (a client reads the output, a service the input): the
 * shape described at {@link parseSoapResponse}.
 */
export function readBodyContent(
  body: XmlElement,
  op: SoapOperation,
  operationName: string,
  dir: 'input' | 'output',
): XmlObject {
  const nodes = op[dir];
  const what = dir === 'output' ? 'the response' : 'the request';
  const first = body.children[0];
  if (op.style === 'rpc') {
    const expected = dir === 'output' ? `${operationName}Response` : operationName;
    if (!first) {
      if (dir === 'output' && !nodes.length) return {};
      throw new SoapResponseError(`${what} Body is empty (expected <${expected}>)`);
    }
    if (first.local !== expected)
      throw new SoapResponseError(
        `${what} Body holds <${first.qname}>, not <${expected}> (the ${dir === 'output' ? 'answer' : 'call'} of ${operationName})`,
      );
    return readChildren(first, nodes);
  }
  const wrapper = wrapped(nodes);
  if (nodes.length === 1) {
    const expected = nodes[0];
    if (!first) throw new SoapResponseError(`${what} Body is empty (expected <${expected.name}>)`);
    if (first.local !== expected.name || first.ns !== (expected.namespace ?? '')) {
      const ns = expected.namespace ? ` of namespace "${expected.namespace}"` : '';
      throw new SoapResponseError(
        `${what} Body holds <${first.qname}>${first.ns ? ` of namespace "${first.ns}"` : ''}, not <${expected.name}>${ns} (the ${dir === 'output' ? 'answer' : 'call'} of ${operationName})`,
      );
    }
    if (wrapper) return readChildren(first, wrapper.children);
    return { [expected.name]: readElement(first, expected) };
  }
  return readChildren(body, nodes);
}

/** A Fault element (SOAP 1.1 or 1.2) as a SoapFault. */
export function readFault(fault: XmlElement, envNs: string): SoapFault {
  const child = (parent: XmlElement | undefined, local: string): XmlElement | undefined =>
    parent?.children.find((c) => c.local === local);
  const localName = (qname: string | undefined): string => (qname ?? '').trim().replace(/^[^:]*:/, '');
  const detailOf = (el: XmlElement | undefined): unknown => {
    if (!el) return undefined;
    if (el.children.length) return readChildren(el);
    const t = el.text.trim();
    return t === '' ? undefined : t;
  };
  if (envNs === SOAP12_ENV) {
    const code = child(fault, 'Code');
    const sub = child(child(code, 'Subcode'), 'Value');
    const texts = child(fault, 'Reason')?.children.filter((c) => c.local === 'Text') ?? [];
    const text =
      texts.find((t) => /^en\b/i.test(attr(t, 'lang', 'http://www.w3.org/XML/1998/namespace') ?? '')) ?? texts[0];
    const role = child(fault, 'Role')?.text.trim();
    return new SoapFault(
      localName(child(code, 'Value')?.text) || 'Receiver',
      text?.text.trim() ?? '(no reason given)',
      {
        ...(sub ? { subcode: localName(sub.text) } : {}),
        ...(detailOf(child(fault, 'Detail')) !== undefined ? { detail: detailOf(child(fault, 'Detail')) } : {}),
        ...(role ? { actor: role } : {}),
      },
    );
  }
  const actor = child(fault, 'faultactor')?.text.trim();
  const detail = detailOf(child(fault, 'detail'));
  return new SoapFault(
    localName(child(fault, 'faultcode')?.text) || 'Server',
    child(fault, 'faultstring')?.text.trim() ?? '(no reason given)',
    {
      ...(detail !== undefined ? { detail } : {}),
      ...(actor ? { actor } : {}),
    },
  );
}
