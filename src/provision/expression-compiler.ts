// The expression language as the provisioning engine sees it: text in, a CompiledExpression out (src/expr/).
import { compileExpression as compileEntraExpression } from '../expr/compile.ts';
import type { CompiledExpression } from '../expr/types.ts';

/** Compiles an expression; throws (MappingExpressionSyntaxError) when the text is not a valid expression. */
export type ExpressionCompiler = (text: string) => CompiledExpression;

/** Entra's expression compiler (src/expr/compile.ts). */
export const compileExpression: ExpressionCompiler = compileEntraExpression;
