// Turns the bytes of an XML document into text: a byte order mark wins, then the charset of the HTTP
// Content-Type, then the encoding the XML declaration names, then UTF-8 (XML's default).
import { XmlParseError } from './xml-parser.ts';

/** Decodes XML bytes (`name` is used in messages; `contentType` is the HTTP header, when there is one). */
export function decodeXml(bytes: Uint8Array, name: string, contentType?: string): string {
  const label = bomEncoding(bytes) ?? charsetOf(contentType) ?? declaredEncoding(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new XmlParseError(`${name}: unknown character encoding "${label}"`);
  }
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new XmlParseError(`${name}: the bytes are not valid ${label.toUpperCase()} text`);
  }
}

function bomEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return m ? m[1].toLowerCase() : undefined;
}

function declaredEncoding(b: Uint8Array): string | undefined {
  // The declaration is ASCII and comes first: reading the first bytes as Latin-1 is enough to find it.
  const head = Buffer.from(b.subarray(0, 200)).toString('latin1');
  const m = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return m ? m[1].toLowerCase() : undefined;
}
