// Splits expression text into tokens on demand, so the first problem in reading order is the one reported.
import { MappingExpressionSyntaxError } from './errors.ts';

/** Token kinds of the attribute-mapping language. */
export type TokenKind = 'name' | 'string' | 'number' | 'attribute' | '(' | ')' | ',' | 'op' | 'eof';

/** The comparison operators Entra allows in a condition. */
export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** One token; `pos` and `end` are 0-based offsets (end exclusive) into the text. */
export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Decoded value: the string's content, the attribute's name, or the number (hex literals included). */
  value: string | number;
  pos: number;
  end: number;
}

const HEX_DIGIT = /[0-9A-Fa-f]/;
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const NOT_IN_NAME = new Set([']', '[', '"', ',', '(', ')', '\n', '\r']);
/** Quotes a word processor substitutes for `"`: worth naming, since pasted expressions often contain them. */
const SMART_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u00AB', '\u00BB']);

/** Describes a token for "found …" in error messages. */
export function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the expression';
  const text = t.text.length > 30 ? `${t.text.slice(0, 27)}...` : t.text;
  if (t.kind === 'string') return `the string ${text}`;
  if (t.kind === 'attribute') return `the attribute ${text}`;
  if (t.kind === 'number') return `the number ${text}`;
  return JSON.stringify(text);
}

/** Reads tokens one at a time from the text. */
export class Lexer {
  private i = 0;
  private current: Token | undefined;

  constructor(private readonly text: string) {}

  /** The next token, without consuming it. */
  peek(): Token {
    this.current ??= this.read();
    return this.current;
  }

  /** Consumes and returns the next token. */
  next(): Token {
    const t = this.peek();
    this.current = undefined;
    return t;
  }

  private read(): Token {
    const s = this.text;
    while (this.i < s.length && /\s/.test(s[this.i])) this.i++;
    const pos = this.i;
    if (pos >= s.length) return { kind: 'eof', text: '', value: '', pos, end: pos };
    const c = s[pos];
    if (c === '(' || c === ')' || c === ',') return this.token(c, pos + 1, c);
    if (c === '"') return this.readString(pos);
    if (c === '[') return this.readAttribute(pos);
    if (c === '&') return this.readHex(pos);
    if (c === '=') return this.token('op', pos + 1, '=');
    if (c === '<') {
      const two = s[pos + 1] === '>' || s[pos + 1] === '=';
      return this.token('op', pos + (two ? 2 : 1), two ? s.slice(pos, pos + 2) : '<');
    }
    if (c === '>') {
      const two = s[pos + 1] === '=';
      return this.token('op', pos + (two ? 2 : 1), two ? '>=' : '>');
    }
    if (DIGIT.test(c) || (c === '-' && DIGIT.test(s[pos + 1] ?? ''))) return this.readNumber(pos);
    if (NAME_START.test(c)) {
      let end = pos + 1;
      while (end < s.length && NAME_PART.test(s[end])) end++;
      return this.token('name', end, s.slice(pos, end));
    }
    if (SMART_QUOTES.has(c))
      throw new MappingExpressionSyntaxError(
        pos,
        `unexpected character ${JSON.stringify(c)}: strings take straight double quotes (")`,
        ['"\\""'],
      );
    if (c === ']') throw new MappingExpressionSyntaxError(pos, 'unexpected "]" without a matching "["', []);
    throw new MappingExpressionSyntaxError(
      pos,
      `unexpected character ${JSON.stringify(String.fromCodePoint(s.codePointAt(pos) ?? 0))}`,
      [],
    );
  }

  private token(kind: TokenKind, end: number, value: string | number): Token {
    const t: Token = { kind, text: this.text.slice(this.i, end), value, pos: this.i, end };
    this.i = end;
    return t;
  }

  // Only \" and \\ are escapes (the reference names no others); any other backslash is kept, so regex patterns
  // such as "\d" read as written.
  private readString(pos: number): Token {
    const s = this.text;
    let out = '';
    let i = pos + 1;
    let chunk = i;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        out += s.slice(chunk, i);
        return this.token('string', i + 1, out);
      }
      if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) {
        out += s.slice(chunk, i) + s[i + 1];
        i += 2;
        chunk = i;
      } else {
        i++;
      }
    }
    throw new MappingExpressionSyntaxError(s.length, `the string starting at ${pos} is not closed`, ['"\\""']);
  }

  private readAttribute(pos: number): Token {
    const s = this.text;
    let end = pos + 1;
    // A name runs to "]"; characters no attribute name has (quotes, commas, parentheses, line breaks) mean the
    // "]" was forgotten, and that is where the error points.
    while (end < s.length && !NOT_IN_NAME.has(s[end])) end++;
    if (end >= s.length || s[end] !== ']') {
      throw new MappingExpressionSyntaxError(end, `the attribute name starting at ${pos} is not closed`, ['"]"']);
    }
    const name = s.slice(pos + 1, end).trim();
    if (name === '') throw new MappingExpressionSyntaxError(pos + 1, 'empty attribute name', ['an attribute name']);
    return this.token('attribute', end + 1, name);
  }

  // &H followed by hex digits, as in VBA; at most 16 digits (a 64-bit value).
  private readHex(pos: number): Token {
    const s = this.text;
    if (s[pos + 1] !== 'H' && s[pos + 1] !== 'h')
      throw new MappingExpressionSyntaxError(pos + 1, '"&" starts a hex literal such as &HFF', ['"H"']);
    let end = pos + 2;
    while (end < s.length && HEX_DIGIT.test(s[end])) end++;
    if (end === pos + 2)
      throw new MappingExpressionSyntaxError(end, 'a hex literal needs digits after &H', ['a hex digit']);
    if (end - pos - 2 > 16)
      throw new MappingExpressionSyntaxError(pos, 'hex literal longer than 16 digits (64 bits)', []);
    if (end < s.length && NAME_PART.test(s[end]))
      throw new MappingExpressionSyntaxError(end, `unexpected ${JSON.stringify(s[end])} in a hex literal`, [
        'a hex digit',
      ]);
    return this.token('number', end, Number(BigInt(`0x${s.slice(pos + 2, end)}`)));
  }

  private readNumber(pos: number): Token {
    const s = this.text;
    let end = pos + 1;
    while (end < s.length && DIGIT.test(s[end])) end++;
    if (s[end] === '.' && DIGIT.test(s[end + 1] ?? '')) {
      end += 2;
      while (end < s.length && DIGIT.test(s[end])) end++;
    }
    if (end < s.length && NAME_PART.test(s[end]))
      throw new MappingExpressionSyntaxError(end, `unexpected ${JSON.stringify(s[end])} in a number`, ['a digit']);
    return this.token('number', end, Number(s.slice(pos, end)));
  }
}
