// Splits filter and PATCH path text into tokens. Words are taken whole (a `urn:...` path keeps its colons and
// dots); deciding what a word means is the parser's job.
import type { FerryError } from '../../errors/catalogue.ts';

/** Token kinds: bare words (names, operators, numbers, literals), JSON strings and the four brackets. */
export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'eof';

/** One token; `pos` is the 0-based offset of its first character in the input. */
export interface Token {
  kind: TokenKind;
  /** The word as written, or the decoded string value. */
  text: string;
  pos: number;
}

/** Builds the error to throw; lets PATCH paths report invalidPath where filters report invalidFilter. */
export type FailFn = (message: string) => FerryError;

const BRACKETS = new Set(['(', ')', '[', ']']);
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/** Human position of an offset: 1-based, as error messages show it. */
export function at(pos: number): string {
  return `position ${pos + 1}`;
}

/** Tokenizes the whole input; the last token is always `eof`. Throws via `fail` on a malformed string. */
export function tokenize(text: string, fail: FailFn, what = 'filter'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
    } else if (BRACKETS.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, pos: i });
      i++;
    } else if (c === '"') {
      const start = i;
      const { value, end } = readString(text, i, fail, what);
      tokens.push({ kind: 'string', text: value, pos: start });
      i = end;
    } else {
      const start = i;
      while (i < n && !isSpace(text[i]) && !BRACKETS.has(text[i]) && text[i] !== '"') i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), pos: start });
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: n });
  return tokens;
}

/** Reads a JSON string starting at the opening quote; returns the decoded value and the offset after the closing quote. */
function readString(text: string, open: number, fail: FailFn, what: string): { value: string; end: number } {
  let out = '';
  let i = open + 1;
  let chunk = i;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value: out + text.slice(chunk, i), end: i + 1 };
    if (c !== '\\') {
      i++;
      continue;
    }
    out += text.slice(chunk, i);
    const e = text[i + 1];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (hex.length < 4 || ![...hex].every(isHex)) {
        throw fail(`Invalid \\u escape in ${what} string at ${at(i)}: expected 4 hexadecimal digits`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (Object.hasOwn(SIMPLE_ESCAPES, e)) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else {
      throw fail(`Invalid escape '\\${e}' in ${what} string at ${at(i)}`);
    }
    chunk = i;
  }
  throw fail(`Unterminated string in ${what} starting at ${at(open)}`);
}
