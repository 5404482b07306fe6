// Turns a request body into bytes and the headers that describe them.
import type { HttpBody } from './types.ts';

/** An encoded body and its headers (lower-case names). */
export interface EncodedBody {
  body: string;
  headers: Record<string, string>;
}

/** Encodes a body: JSON, form (x-www-form-urlencoded), text, or XML with a SOAP action (1.1 header or 1.2 parameter). */
export function encodeBody(b: HttpBody): EncodedBody {
  if ('json' in b) return { body: JSON.stringify(b.json) ?? 'null', headers: { 'content-type': 'application/json' } };
  if ('form' in b)
    return {
      body: new URLSearchParams(b.form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  if ('xml' in b) {
    let contentType = b.contentType ?? 'text/xml; charset=utf-8';
    const headers: Record<string, string> = {};
    if (b.soapAction !== undefined) {
      // SOAP 1.2 carries the action as a content-type parameter; SOAP 1.1 as a quoted SOAPAction header.
      if (/^application\/soap\+xml/i.test(contentType)) contentType += `; action="${b.soapAction}"`;
      else headers.soapaction = `"${b.soapAction}"`;
    }
    headers['content-type'] = contentType;
    return { body: b.xml, headers };
  }
  return { body: b.text, headers: { 'content-type': b.contentType } };
}
