// The two ways an expression fails: when it is loaded (syntax, unknown function, argument count) and when it is
// evaluated against one object (a value of the wrong form, every SelectUniqueValue candidate taken).

/** A load-time error: the expression text is not valid. `position` is a 0-based character offset. */
export class MappingExpressionSyntaxError extends Error {
  override readonly name: string = 'MappingExpressionSyntaxError';
  /** 0-based offset in the expression text where the problem is. */
  readonly position: number;
  /** What would have been valid at `position` (may be empty when the problem is not a missing token). */
  readonly expected: readonly string[];

  constructor(position: number, detail: string, expected: readonly string[] = []) {
    super(`at ${position}: ${detail}`);
    this.position = position;
    this.expected = expected;
  }
}

/** Builds the "expected X or Y (found Z)" error the parser throws for a missing token. */
export function expectedError(
  position: number,
  expected: readonly string[],
  found: string,
): MappingExpressionSyntaxError {
  const list =
    expected.length <= 2
      ? expected.join(' or ')
      : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
  return new MappingExpressionSyntaxError(position, `expected ${list} (found ${found})`, expected);
}

/** Why an evaluation failed; `allValuesTaken` lets the provisioning engine escrow the object as Entra does. */
export type MappingExpressionErrorCode = 'invalidValue' | 'allValuesTaken' | 'needsAsync';

/** An evaluation-time error for one object: the expression is valid but this object's values do not fit it. */
export class MappingExpressionError extends Error {
  override readonly name: string = 'MappingExpressionError';
  readonly code: MappingExpressionErrorCode;
  /** The canonical name of the function that failed, when one did. */
  readonly functionName: string | undefined;

  constructor(message: string, code: MappingExpressionErrorCode = 'invalidValue', functionName?: string) {
    super(functionName ? `${functionName}: ${message}` : message);
    this.code = code;
    this.functionName = functionName;
  }
}
