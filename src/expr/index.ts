// Mapping expressions: Entra ID's attribute-mapping expression language (`ToUpper(Word([userPrincipalName], 1,
// "@"), )`, `Switch([IsSoftDeleted], , "False", …)`), with Entra's functions and their .NET semantics, as the
// provisioning engine (src/provision) and `ferry expr` use it to turn a source user into a target's attributes.
// Not to be confused with flow expressions (src/webservice/flow-expr), the JavaScript-like language of a web
// service project's flows. This file is the language's public surface; its errors are MappingExpressionError and
// MappingExpressionSyntaxError.
export type { ExprContext, ExprResult, ExprValue } from './types.ts';
export { compileExpression } from './compile.ts';
export { MappingExpressionError, MappingExpressionSyntaxError } from './errors.ts';
