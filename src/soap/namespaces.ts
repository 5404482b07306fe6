// The namespace URIs the SOAP library recognises: WSDL 1.1/2.0, their SOAP bindings, XSD, SOAP envelopes,
// WS-Security. One place, so a typo in a URI cannot make one module disagree with another.

/** WSDL 1.1. */
export const WSDL11 = 'http://schemas.xmlsoap.org/wsdl/';
/** WSDL 1.1 SOAP 1.1 binding extension. */
export const WSDL_SOAP11 = 'http://schemas.xmlsoap.org/wsdl/soap/';
/** WSDL 1.1 SOAP 1.2 binding extension. */
export const WSDL_SOAP12 = 'http://schemas.xmlsoap.org/wsdl/soap12/';
/** WSDL 2.0. */
export const WSDL20 = 'http://www.w3.org/ns/wsdl';
/** WSDL 2.0 SOAP binding extension. */
export const WSDL20_SOAP = 'http://www.w3.org/ns/wsdl/soap';

/** XML Schema. */
export const XSD = 'http://www.w3.org/2001/XMLSchema';
/** Earlier drafts of XML Schema that old toolkits still write. */
export const XSD_OLD = ['http://www.w3.org/1999/XMLSchema', 'http://www.w3.org/2000/10/XMLSchema'];
/** XML Schema instance (xsi:nil, xsi:type). */
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** SOAP 1.1 and 1.2 encodings (rpc/encoded WSDLs refer to their types and arrays). */
export const SOAP_ENCODINGS = ['http://schemas.xmlsoap.org/soap/encoding/', 'http://www.w3.org/2003/05/soap-encoding'];

/** SOAP 1.1 envelope. */
export const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
/** SOAP 1.2 envelope. */
export const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';

/** WS-Security 1.0 secext. */
export const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
/** WS-Security 1.0 utility (wsu:Created). */
export const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

/** The envelope namespace of a SOAP version. */
export function envelopeNamespace(version: '1.1' | '1.2'): string {
  return version === '1.2' ? SOAP12_ENV : SOAP11_ENV;
}

/** True for the XML Schema namespace (and its drafts). */
export function isXsdNamespace(ns: string): boolean {
  return ns === XSD || XSD_OLD.includes(ns);
}
