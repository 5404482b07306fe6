// Recursive-descent parser for Entra's attribute-mapping expressions:
//   expression := operand [ ("=" | "<>" | "<" | "<=" | ">" | ">=") operand ]
//   operand    := string | number | &Hhex | [attribute] | True | False | vbConstant | Name "(" [arg ("," arg)*] ")"
//   arg        := expression | (nothing: an omitted optional argument)
// It only checks syntax; function names and argument counts are checked by compile.ts.
import type { ArgNode, CallNode, ExprNode } from './ast.ts';
import { MappingExpressionSyntaxError, expectedError } from './errors.ts';
import { describe, Lexer, type CompareOp } from './lexer.ts';

/** Longest expression accepted, in characters (Entra's limit). */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** Deepest nesting of calls: keeps the recursive parser and the evaluator far from the stack limit. */
export const MAX_NESTING = 200;

/** Bare words that are values rather than functions, as VBA spells them (case-insensitive). */
const CONSTANTS: ReadonlyMap<string, string | number | boolean> = new Map<string, string | number | boolean>([
  ['true', true],
  ['false', false],
  ['vbbinarycompare', 0],
  ['vbtextcompare', 1],
]);

const OPERAND = ['a function call', 'an [attribute]', 'a string', 'a number'];

/** Parses expression text into a tree; throws MappingExpressionSyntaxError with the position and what was expected. */
export function parseExpression(text: string): ExprNode {
  if (typeof text !== 'string') throw new MappingExpressionSyntaxError(0, 'the expression must be a string', []);
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new MappingExpressionSyntaxError(
      MAX_EXPRESSION_LENGTH,
      `the expression is longer than ${MAX_EXPRESSION_LENGTH.toLocaleString('en-US')} characters (${text.length.toLocaleString('en-US')})`,
      [`at most ${MAX_EXPRESSION_LENGTH.toLocaleString('en-US')} characters`],
    );
  }
  const p = new Parser(new Lexer(text));
  const node = p.expression(0);
  const t = p.lexer.peek();
  if (t.kind !== 'eof') {
    throw expectedError(
      t.pos,
      t.kind === 'op' ? ['the end of the expression'] : ['the end of the expression', 'a comparison operator'],
      describe(t),
    );
  }
  return node;
}

class Parser {
  constructor(readonly lexer: Lexer) {}

  expression(depth: number): ExprNode {
    const left = this.operand(depth);
    const t = this.lexer.peek();
    if (t.kind !== 'op') return left;
    this.lexer.next();
    const right = this.operand(depth);
    return { kind: 'compare', op: t.value as CompareOp, left, right, opPos: t.pos, pos: left.pos, end: right.end };
  }

  private operand(depth: number): ExprNode {
    const t = this.lexer.next();
    switch (t.kind) {
      case 'string':
      case 'number':
        return { kind: 'literal', value: t.value, pos: t.pos, end: t.end };
      case 'attribute':
        return { kind: 'attribute', name: t.value as string, pos: t.pos, end: t.end };
      case 'name': {
        if (this.lexer.peek().kind === '(') return this.call(t.text, t.pos, depth + 1);
        const constant = CONSTANTS.get(t.text.toLowerCase());
        if (constant !== undefined) return { kind: 'literal', value: constant, pos: t.pos, end: t.end };
        const next = this.lexer.peek();
        throw new MappingExpressionSyntaxError(
          next.pos,
          `expected "(" after ${JSON.stringify(t.text)} (found ${describe(next)}); an attribute is written [${t.text}]`,
          ['"("'],
        );
      }
      default:
        throw expectedError(t.pos, OPERAND, describe(t));
    }
  }

  private call(name: string, pos: number, depth: number): CallNode {
    if (depth > MAX_NESTING)
      throw new MappingExpressionSyntaxError(pos, `functions nested deeper than ${MAX_NESTING} levels`, []);
    this.lexer.next(); // "("
    const args: ArgNode[] = [];
    if (this.lexer.peek().kind === ')') {
      const close = this.lexer.next();
      return { kind: 'call', name, args, pos, close: close.pos, end: close.end };
    }
    for (;;) {
      const t = this.lexer.peek();
      if (t.kind === ',' || t.kind === ')') args.push({ kind: 'omitted', pos: t.pos, end: t.pos });
      else if (t.kind === 'eof') throw expectedError(t.pos, ['")"', '","', ...OPERAND], describe(t));
      else args.push(this.expression(depth));
      const sep = this.lexer.next();
      if (sep.kind === ')') return { kind: 'call', name, args, pos, close: sep.pos, end: sep.end };
      if (sep.kind !== ',') {
        const last = args[args.length - 1];
        const canCompare = last.kind !== 'omitted' && last.kind !== 'compare' && sep.kind !== 'op';
        throw expectedError(
          sep.pos,
          canCompare ? ['")"', '","', 'a comparison operator'] : ['")"', '","'],
          describe(sep),
        );
      }
    }
  }
}
