// Flow expressions: the small, safe, JavaScript-like language of a web service project's flows (conditions such as
// `object.attributes.active == false`, and `{{ expression }}` parts of templates escaped for where the value
// lands), parsed here, checked at load (check.ts), compiled (compile.ts) and rendered (template.ts). Not to be
// confused with mapping expressions (src/expr), Entra's attribute-mapping language. Its errors are
// FlowExpressionSyntaxError (load time) and FlowExpressionError (evaluation).
//
// This file parses flow expressions with jsep, configured for the safe subset: no `this`, no assignment, no
// sequences.
import jsep from 'jsep';
import type { ExprNode } from './ast.ts';

jsep.addBinaryOp('??', 1);
jsep.removeBinaryOp('>>>');
jsep.removeBinaryOp('<<');
jsep.removeBinaryOp('>>');
jsep.removeUnaryOp('~');

/** A syntax error in a flow expression, with the character offset. */
export class FlowExpressionSyntaxError extends Error {
  override readonly name: string = 'FlowExpressionSyntaxError';
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
    throw new FlowExpressionSyntaxError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`, 0);
  if (!text.trim()) throw new FlowExpressionSyntaxError('empty expression', 0);
  let node: ExprNode;
  try {
    node = jsep(text) as unknown as ExprNode;
  } catch (e) {
    const err = e as Error & { index?: number; description?: string };
    throw new FlowExpressionSyntaxError(err.description ?? err.message, err.index ?? 0);
  }
  if (node.type === 'Compound') throw new FlowExpressionSyntaxError('one expression expected, found several', 0);
  return node;
}
