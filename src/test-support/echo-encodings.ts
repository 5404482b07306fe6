// The ways real applications echo a value back in an error (for tests of the secret scrubber): JSON as
// JavaScript, Python (ensure_ascii), PHP (escaped slashes) and Go (HTML-safe) write it, URL and form encoding
// (lenient and RFC 3986 strict, either hex case), XML escaping, JSON inside JSON, Base64.

const u4 = (s: string, upper = false) =>
  [...Array(s.length).keys()]
    .map((i) => {
      const h = s.charCodeAt(i).toString(16).padStart(4, '0');
      return `\\u${upper ? h.toUpperCase() : h}`;
    })
    .join('');

/** JSON string content (no quotes) with every non-ASCII code unit, and `extra` characters, as \uXXXX. */
function jsonEscaped(s: string, opts: { extra?: RegExp; upper?: boolean; slash?: boolean } = {}): string {
  let out = '';
  for (const ch of s) {
    const short = JSON.stringify(ch).slice(1, -1);
    if (ch === '/' && opts.slash) out += '\\/';
    else if (opts.extra?.test(ch) || /[^\x20-\x7e]/.test(ch))
      out += short.startsWith('\\') && short.length === 2 ? short : u4(ch, opts.upper);
    else out += short;
  }
  return out;
}

/** Every UTF-8 byte outside `keep` as %XX (lone surrogates become U+FFFD, as Buffer does). */
function percent(s: string, keep: RegExp, upper: boolean, plus = false): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (plus && c === ' ') out += '+';
    else if (b < 0x80 && keep.test(c)) out += c;
    else {
      const h = b.toString(16).padStart(2, '0');
      out += `%${upper ? h.toUpperCase() : h}`;
    }
  }
  return out;
}

/** XML text: the five named references, and every non-ASCII character as a numeric one. */
function xmlEscaped(s: string, hex: boolean): string {
  const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (named[ch]) out += named[ch];
    else if (cp < 0x20 || cp > 0x7e) out += hex ? `&#x${cp.toString(16).toUpperCase()};` : `&#${cp};`;
    else out += ch;
  }
  return out;
}

/** Name → how an application writes `s` into its error text. */
export const ECHO_ENCODINGS: Readonly<Record<string, (s: string) => string>> = {
  raw: (s) => s,
  json: (s) => JSON.stringify(s).slice(1, -1),
  jsonAscii: (s) => jsonEscaped(s),
  jsonAsciiUpper: (s) => jsonEscaped(s, { upper: true }),
  jsonPhp: (s) => jsonEscaped(s, { slash: true }),
  jsonGo: (s) => jsonEscaped(s, { extra: /[<>&\u2028\u2029]/ }),
  jsonAllEscaped: (s) => u4(s, true),
  jsonInJson: (s) => JSON.stringify(JSON.stringify(s)).slice(1, -1),
  url: (s) => percent(s, /[A-Za-z0-9\-_.!~*'()]/, true),
  urlStrictLower: (s) => percent(s, /[A-Za-z0-9\-_.~]/, false),
  form: (s) => percent(s, /[A-Za-z0-9\-_.*]/, true, true),
  xml: (s) => xmlEscaped(s, false),
  xmlHex: (s) => xmlEscaped(s, true),
  base64: (s) => Buffer.from(s, 'utf8').toString('base64'),
};
