// Writes a SOAP Fault envelope (1.1 or 1.2) from a SoapFault, for stand-in services. The code is written in the
// version answered with (Client ↔ Sender, Server ↔ Receiver), and WS-Security subcodes keep their namespace.
import { WSSE, envelopeNamespace } from './namespaces.ts';
import { XmlWriter } from './message-writer.ts';
import { writeChildren } from './message-writer.ts';
import type { SoapFault } from './soap-fault.ts';
import { escapeXmlText } from './xml-escape.ts';

const WSSE_CODES = new Set([
  'UnsupportedSecurityToken',
  'UnsupportedAlgorithm',
  'InvalidSecurity',
  'InvalidSecurityToken',
  'FailedAuthentication',
  'FailedCheck',
  'SecurityTokenUnavailable',
  'MessageExpired',
]);
const TO_12: Record<string, string> = { Client: 'Sender', Server: 'Receiver' };
const TO_11: Record<string, string> = { Sender: 'Client', Receiver: 'Server' };

/** A fault answer: the envelope, its content type and the HTTP status (SOAP 1.2 Sender faults are 400, others 500). */
export function buildFaultEnvelope(
  version: '1.1' | '1.2',
  fault: SoapFault,
  subcodeNamespace = 'urn:ferry:soap-fault',
): { xml: string; contentType: string; status: number } {
  const w = new XmlWriter();
  const env = w.prefix(envelopeNamespace(version), 'soapenv');
  const [head, ...dotted] = fault.code.split('.');
  const reason = escapeXmlText(fault.reason, 'fault reason');
  const detail = detailXml(w, fault.detail);
  let body: string;
  let status = 500;
  if (version === '1.2') {
    const code = TO_12[head] ?? head;
    if (code === 'Sender') status = 400;
    const subNs = fault.subcode && WSSE_CODES.has(fault.subcode) ? WSSE : subcodeNamespace;
    const sub = fault.subcode
      ? `<${env}:Subcode><${env}:Value>${w.prefix(subNs, subNs === WSSE ? 'wsse' : undefined)}:${fault.subcode}</${env}:Value></${env}:Subcode>`
      : '';
    body =
      `<${env}:Fault><${env}:Code><${env}:Value>${env}:${code}</${env}:Value>${sub}</${env}:Code>` +
      `<${env}:Reason><${env}:Text xml:lang="en">${reason}</${env}:Text></${env}:Reason>` +
      (fault.actor ? `<${env}:Role>${escapeXmlText(fault.actor, 'fault actor')}</${env}:Role>` : '') +
      (detail ? `<${env}:Detail>${detail}</${env}:Detail>` : '') +
      `</${env}:Fault>`;
  } else {
    // SOAP 1.1 has no subcode: a WS-Security fault is its own faultcode (wsse:FailedAuthentication), as the profile says.
    const code =
      fault.subcode && WSSE_CODES.has(fault.subcode)
        ? `${w.prefix(WSSE, 'wsse')}:${fault.subcode}`
        : `${env}:${[TO_11[head] ?? head, ...dotted].join('.')}`;
    body =
      `<${env}:Fault><faultcode>${code}</faultcode><faultstring>${reason}</faultstring>` +
      (fault.actor ? `<faultactor>${escapeXmlText(fault.actor, 'fault actor')}</faultactor>` : '') +
      (detail ? `<detail>${detail}</detail>` : '') +
      `</${env}:Fault>`;
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?><${env}:Envelope${w.declarations()}><${env}:Body>${body}</${env}:Body></${env}:Envelope>`;
  return {
    xml,
    contentType: version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8',
    status,
  };
}

/** The detail's content: an object becomes unqualified elements, anything else text. */
function detailXml(w: XmlWriter, detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (typeof detail !== 'object') return escapeXmlText(String(detail), 'fault detail');
  const sub = new XmlWriter();
  const nodes = Object.keys(detail).map((name) => ({
    name,
    minOccurs: 0,
    maxOccurs: 'unbounded' as const,
    type: 'anyType',
  }));
  writeChildren(sub, nodes, detail, 'fault detail');
  // The detail's own namespaces (xsi for a nil) are declared on the envelope with the others.
  const inner = sub.parts.join('');
  if (sub.declarations()) w.prefix('http://www.w3.org/2001/XMLSchema-instance');
  return inner;
}
