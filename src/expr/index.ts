// The expression language's public surface, for the provisioning engine and the CLI.
export type { CompiledExpression, ExprContext, ExprResult, ExprValue } from './types.ts';
export { compileExpression, type CompiledMapping } from './compile.ts';
export { parseExpression, MAX_EXPRESSION_LENGTH } from './parser.ts';
export type { ArgNode, CallNode, CompareNode, ExprNode, LiteralNode, AttributeNode, OmittedNode } from './ast.ts';
export { ExprEvalError, ExprSyntaxError, type ExprEvalErrorCode } from './errors.ts';
export { functionNames } from './functions/registry.ts';
export { decodeScimRoles, parseAssignment, type AppRoleAssignment, type ScimRole } from './functions/app-roles.ts';
