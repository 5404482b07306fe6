// The syntax tree of an expression. Offsets are 0-based and let load-time checks point at the right place.
import type { CompareOp } from './lexer.ts';

export type { CompareOp } from './lexer.ts';

/** A literal string, number (decimal or &H hex) or boolean (True/False), or a named VBA constant. */
export interface LiteralNode {
  kind: 'literal';
  value: string | number | boolean;
  pos: number;
  end: number;
}

/** `[name]`: an attribute of the source object. */
export interface AttributeNode {
  kind: 'attribute';
  name: string;
  pos: number;
  end: number;
}

/** An argument left empty (`ToUpper(x, )`): the optional parameter is not given. */
export interface OmittedNode {
  kind: 'omitted';
  pos: number;
  end: number;
}

/** `Name(arg, …)`; `name` is as written (function names are matched case-insensitively). */
export interface CallNode {
  kind: 'call';
  name: string;
  args: ArgNode[];
  pos: number;
  /** Offset of the closing parenthesis. */
  close: number;
  end: number;
}

/** `left op right`, as IIF's condition (and CBool's argument) use. */
export interface CompareNode {
  kind: 'compare';
  op: CompareOp;
  left: ExprNode;
  right: ExprNode;
  /** Offset of the operator. */
  opPos: number;
  pos: number;
  end: number;
}

/** Any expression. */
export type ExprNode = LiteralNode | AttributeNode | CallNode | CompareNode;

/** A call argument: an expression, or nothing. */
export type ArgNode = ExprNode | OmittedNode;
