// Recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2). Precedence: not > and > or, left-associative.
import { scimError } from '../../errors/catalogue.ts';
import { findSubAttribute, type ResourceSchema } from '../schema/resource-schema.ts';
import type { AttrRef, AttributeDef } from '../schema/types.ts';
import { COMPARE_OPS, type CompareOp, type CompValue, type Filter } from './ast.ts';
import { parseAttrWord } from './attr-path.ts';
import { at, tokenize, type FailFn, type Token } from './lexer.ts';

export type { CompValue, Filter } from './ast.ts';
export { formatFilter } from './format.ts';
export { equalityConjuncts, lookupEqualities } from './conjuncts.ts';

/** Longest filter accepted, in UTF-8 bytes: bounds parse time and recursion for hostile input. */
export const MAX_FILTER_BYTES = 8192;
/** Deepest nesting of parentheses, `not` and value brackets accepted. */
export const MAX_FILTER_DEPTH = 50;

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** Parses a SCIM filter; throws scimError.invalidFilter naming the problem and its 1-based position. */
export function parseFilter(text: string, schema?: ResourceSchema): Filter {
  const fail: FailFn = scimError.invalidFilter;
  if (typeof text !== 'string') throw fail('Filter must be a string');
  // Byte length only matters once the text could exceed the limit (a UTF-16 unit is at most 3 UTF-8 bytes).
  if (text.length * 3 > MAX_FILTER_BYTES && Buffer.byteLength(text, 'utf8') > MAX_FILTER_BYTES) {
    throw fail(`Filter is longer than ${MAX_FILTER_BYTES} bytes`);
  }
  const parser = new FilterParser(tokenize(text, fail), schema, fail);
  if (parser.peek().kind === 'eof') throw fail('Filter is empty');
  const filter = parser.parseExpression();
  parser.expectEnd();
  return filter;
}

/** Token-stream parser, shared with PATCH path parsing (which parses the value filter inside brackets). */
export class FilterParser {
  private i = 0;
  private depth = 0;
  /** Set while parsing inside `[...]`: names are then sub-attributes of this attribute (undefined if unknown). */
  private valueParent: { def: AttributeDef | undefined } | undefined;

  constructor(
    private readonly tokens: Token[],
    private readonly schema: ResourceSchema | undefined,
    private readonly fail: FailFn,
    private readonly what = 'filter',
  ) {}

  /** The current token. */
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  /** Throws unless every token has been consumed; names the stray token. */
  expectEnd(): void {
    const t = this.peek();
    if (t.kind === 'eof') return;
    if (t.kind === ')') throw this.fail(`Unbalanced ')' at ${at(t.pos)} in ${this.what}`);
    if (t.kind === ']') throw this.fail(`Unbalanced ']' at ${at(t.pos)} in ${this.what}`);
    const expected = this.what === 'filter' ? "'and', 'or' or the end" : 'the end of the path';
    throw this.fail(`Unexpected ${describe(t)} at ${at(t.pos)} in ${this.what}; expected ${expected}`);
  }

  /** expression := andExpr ('or' andExpr)* */
  parseExpression(): Filter {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      const op = this.next();
      this.requireOperand(op);
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  /** Parses `[ valFilter ]` after an attribute whose definition is `parent` (undefined when unknown). */
  parseValueFilter(open: Token, parent: AttributeDef | undefined): Filter {
    if (this.valueParent) throw this.fail(`Nested '[' at ${at(open.pos)}: value filters cannot contain value filters`);
    this.enter(open);
    this.valueParent = { def: parent };
    if (this.peek().kind === ']') throw this.fail(`Empty value filter '[]' at ${at(open.pos)}`);
    const inner = this.parseExpression();
    this.valueParent = undefined;
    const close = this.peek();
    if (close.kind !== ']') {
      throw this.fail(`Missing ']' to close the '[' at ${at(open.pos)}; found ${describe(close)} at ${at(close.pos)}`);
    }
    this.next();
    this.depth--;
    return inner;
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      const op = this.next();
      this.requireOperand(op);
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Filter {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      this.enter(t);
      const inner = this.parseExpression();
      this.close(t);
      return inner;
    }
    if (t.kind === 'word' && this.isKeyword(t, 'not') && this.peek(1).kind === '(') {
      this.next();
      const open = this.next();
      this.enter(open);
      const inner = this.parseExpression();
      this.close(open);
      return { kind: 'not', filter: inner };
    }
    if (t.kind === 'word' && this.isKeyword(t, 'not') && !this.isOperatorWord(this.peek(1))) {
      throw this.fail(`Expected '(' after 'not' at ${at(t.pos)}`);
    }
    if (t.kind !== 'word') {
      if (t.kind === 'eof')
        throw this.fail(`Unexpected end of ${this.what} at ${at(t.pos)}; expected an attribute path`);
      throw this.fail(`Expected an attribute path at ${at(t.pos)}, found ${describe(t)}`);
    }
    return this.parseAttrExpression();
  }

  /** attrPath 'pr' | attrPath compareOp compValue | attrPath '[' valFilter ']' */
  private parseAttrExpression(): Filter {
    const word = this.next();
    const path = this.parsePath(word);
    const t = this.peek();
    if (t.kind === '[') {
      if (this.valueParent) throw this.fail(`Nested '[' at ${at(t.pos)}: value filters cannot contain value filters`);
      if (path.sub !== undefined) {
        throw this.fail(
          `Value filter '[' at ${at(t.pos)} follows sub-attribute '${word.text}'; it must follow a multi-valued attribute`,
        );
      }
      this.next();
      const filter = this.parseValueFilter(t, this.schema?.resolve(path)?.attr);
      const after = this.peek();
      if (after.kind === 'word' && after.text.startsWith('.')) {
        throw this.fail(
          `Sub-attribute '${after.text}' after ']' at ${at(after.pos)} is only allowed in PATCH paths, not in filters`,
        );
      }
      return { kind: 'valuePath', path, filter };
    }
    if (t.kind !== 'word') {
      if (t.kind === 'eof')
        throw this.fail(`Expected an operator after '${word.text}' at ${at(t.pos)}, found the end of the ${this.what}`);
      throw this.fail(`Expected an operator after '${word.text}' at ${at(t.pos)}, found ${describe(t)}`);
    }
    const op = t.text.toLowerCase();
    if (op === 'pr') {
      this.next();
      return { kind: 'present', path };
    }
    if (!COMPARE_OPS.has(op)) throw this.fail(`Unknown operator '${t.text}' at ${at(t.pos)}`);
    this.next();
    return { kind: 'compare', op: op as CompareOp, path, value: this.parseCompValue(t) };
  }

  private parsePath(word: Token): AttrRef {
    if (!this.valueParent) return parseAttrWord(word.text, word.pos, this.schema, this.fail).ref;
    // Inside brackets only sub-attribute names of the bracketed attribute make sense.
    if (word.text.includes(':') || word.text.includes('.')) {
      throw this.fail(`Only a sub-attribute name is allowed inside '[...]', found '${word.text}' at ${at(word.pos)}`);
    }
    const ref = parseAttrWord(word.text, word.pos, undefined, this.fail).ref;
    const parent = this.valueParent.def;
    const sub = parent?.type === 'complex' ? findSubAttribute(parent, ref.name) : undefined;
    return sub ? { name: sub.name } : ref;
  }

  private parseCompValue(opToken: Token): CompValue {
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return t.text;
    }
    if (t.kind !== 'word') {
      throw this.fail(`Missing comparison value after '${opToken.text}' at ${at(t.pos)}`);
    }
    const lower = t.text.toLowerCase();
    let value: CompValue;
    if (lower === 'true') value = true;
    else if (lower === 'false') value = false;
    else if (lower === 'null') value = null;
    else if (JSON_NUMBER.test(t.text)) value = Number(t.text);
    else if (lower === 'and' || lower === 'or')
      throw this.fail(`Missing comparison value after '${opToken.text}' at ${at(t.pos)}`);
    else {
      throw this.fail(
        `Invalid comparison value '${t.text}' at ${at(t.pos)}: a string value must be a quoted JSON string ` +
          `(${JSON.stringify(t.text)}, RFC 7644 §3.4.2.2); other values are a number, true, false or null`,
      );
    }
    this.next();
    return value;
  }

  private requireOperand(op: Token): void {
    const t = this.peek();
    if (t.kind === 'eof' || t.kind === ')' || t.kind === ']') {
      throw this.fail(`'${op.text}' at ${at(op.pos)} has no right-hand side`);
    }
  }

  private enter(open: Token): void {
    this.depth++;
    if (this.depth > MAX_FILTER_DEPTH) {
      throw this.fail(`The ${this.what} nests deeper than ${MAX_FILTER_DEPTH} levels at ${at(open.pos)}`);
    }
  }

  private close(open: Token): void {
    const t = this.peek();
    if (t.kind !== ')') {
      throw this.fail(`Missing ')' to close the '(' at ${at(open.pos)}; found ${describe(t)} at ${at(t.pos)}`);
    }
    this.next();
    this.depth--;
  }

  private isKeyword(t: Token, keyword: string): boolean {
    return t.kind === 'word' && t.text.length === keyword.length && t.text.toLowerCase() === keyword;
  }

  private isOperatorWord(t: Token): boolean {
    if (t.kind !== 'word') return false;
    const w = t.text.toLowerCase();
    return w === 'pr' || COMPARE_OPS.has(w);
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end';
  if (t.kind === 'string') return `string ${JSON.stringify(t.text)}`;
  if (t.kind === 'word') return `'${t.text}'`;
  return `'${t.kind}'`;
}
