// Shorthands for the expression tests: evaluate text against attributes and get the value, or the error.
import { compileExpression } from '../expr/compile.ts';
import { MappingExpressionError, MappingExpressionSyntaxError } from '../expr/errors.ts';
import type { ExprResult, ExprValue } from '../expr/types.ts';

/** The fixed clock of the reference's DateDiff examples (Now() = 8/25/2021 5:41:18 PM). */
export const REFERENCE_NOW = new Date('2021-08-25T17:41:18Z');

/** Evaluates and returns the full result. */
export function run(
  text: string,
  attributes: Record<string, ExprValue | undefined> = {},
  now: Date = REFERENCE_NOW,
): ExprResult {
  return compileExpression(text).evaluate({ attributes, now });
}

/** Evaluates and returns the value (fails the test if the attribute is ignored). */
export function value(
  text: string,
  attributes: Record<string, ExprValue | undefined> = {},
  now: Date = REFERENCE_NOW,
): ExprValue {
  const r = run(text, attributes, now);
  if (r.kind !== 'value') throw new Error(`${text}: expected a value, got ${JSON.stringify(r)}`);
  return r.value;
}

/** The MappingExpressionSyntaxError compiling the text throws (fails the test if it compiles). */
export function syntaxError(text: string): MappingExpressionSyntaxError {
  try {
    compileExpression(text);
  } catch (e) {
    if (e instanceof MappingExpressionSyntaxError) return e;
    throw e;
  }
  throw new Error(`${text}: expected a syntax error`);
}

/** The MappingExpressionError evaluating the text throws (fails the test if it evaluates). */
export function evalError(
  text: string,
  attributes: Record<string, ExprValue | undefined> = {},
): MappingExpressionError {
  try {
    run(text, attributes);
  } catch (e) {
    if (e instanceof MappingExpressionError) return e;
    throw e;
  }
  throw new Error(`${text}: expected an evaluation error`);
}
