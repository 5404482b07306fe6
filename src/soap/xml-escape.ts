// Escaping of values written into XML text and attributes. Every markup character becomes a reference, so a value
// can never close an element or a CDATA section ("]]>" is written "]]&gt;"); a carriage return becomes &#13; so it
// survives end-of-line normalisation; characters XML 1.0 cannot carry at all are refused, naming where.

/** A value that cannot be written into XML 1.0 (a control character or a lone surrogate). */
export class XmlCharacterError extends Error {
  override readonly name: string = 'XmlCharacterError';
  constructor(message: string) {
    super(message);
  }
}

// Anything that needs work: markup, CR/TAB/LF (for attributes), controls, surrogates (checked in pairs), U+FFFE/F.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_WORK = /[&<>"'\r\n\t\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const REPLACE: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** `value` escaped for element content; `where` names the value in the error for a character XML 1.0 refuses. */
export function escapeXmlText(value: string, where: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return escapeXml(value, where, false);
}

function escapeXml(value: string, where: string, attribute: boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      if (c === 0x0d) rep = '&#13;';
      else if (c === 0x0a || c === 0x09) rep = attribute ? `&#${c};` : undefined;
      else refuse(value, i, c, where);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff)
        i++; // a valid pair: an astral character, written as UTF-8
      else refuse(value, i, c, where);
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      refuse(value, i, c, where);
    } else if (c === 0xfffe || c === 0xffff) {
      refuse(value, i, c, where);
    } else if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27) {
      rep = REPLACE[value[i]];
    }
    if (rep !== undefined) {
      out += value.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return out + value.slice(from);
}

function refuse(_value: string, i: number, c: number, where: string): never {
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const kind = c >= 0xd800 && c <= 0xdfff ? 'a lone surrogate' : 'a character';
  throw new XmlCharacterError(
    `${where}: ${kind} ${code} at position ${i + 1} of the value cannot be written in XML 1.0`,
  );
}
