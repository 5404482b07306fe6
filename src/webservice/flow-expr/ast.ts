// The flow expression syntax tree: a safe subset of JavaScript expressions (parsed by jsep).

/** Any expression node. */
export type ExprNode =
  | { type: 'Literal'; value: string | number | boolean | null; raw?: string }
  | { type: 'Identifier'; name: string }
  | { type: 'MemberExpression'; object: ExprNode; property: ExprNode; computed: boolean; optional?: boolean }
  | { type: 'CallExpression'; callee: ExprNode; arguments: ExprNode[]; optional?: boolean }
  | { type: 'UnaryExpression'; operator: string; argument: ExprNode; prefix: boolean }
  | { type: 'BinaryExpression'; operator: string; left: ExprNode; right: ExprNode }
  | { type: 'ConditionalExpression'; test: ExprNode; consequent: ExprNode; alternate: ExprNode }
  | { type: 'ArrayExpression'; elements: (ExprNode | null)[] }
  | { type: 'Compound'; body: ExprNode[] }
  | { type: 'ThisExpression' };
