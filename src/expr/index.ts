// The expression language's public surface, for the provisioning engine and the CLI.
export type { ExprContext, ExprResult, ExprValue } from './types.ts';
export { compileExpression } from './compile.ts';
export { ExprEvalError, ExprSyntaxError } from './errors.ts';
