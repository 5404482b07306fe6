// Parses flow expressions with jsep, configured for the safe subset: no `this`, no assignment, no sequences.
import jsep from 'jsep';
import type { ExprNode } from './ast.ts';

jsep.addBinaryOp('??', 1);
jsep.removeBinaryOp('>>>');
jsep.removeBinaryOp('<<');
jsep.removeBinaryOp('>>');
jsep.removeUnaryOp('~');

/** A syntax error in a flow expression, with the character offset. */
export class ExpressionSyntaxError extends Error {
  override readonly name: string = 'ExpressionSyntaxError';
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** Longest expression accepted (a guard against pathological input). */
export const MAX_EXPRESSION_LENGTH = 4096;

/** Parses one expression. */
export function parseExpression(text: string): ExprNode {
  if (text.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionSyntaxError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`, 0);
  if (!text.trim()) throw new ExpressionSyntaxError('empty expression', 0);
  let node: ExprNode;
  try {
    node = jsep(text) as unknown as ExprNode;
  } catch (e) {
    const err = e as Error & { index?: number; description?: string };
    throw new ExpressionSyntaxError(err.description ?? err.message, err.index ?? 0);
  }
  if (node.type === 'Compound') throw new ExpressionSyntaxError('one expression expected, found several', 0);
  return node;
}
