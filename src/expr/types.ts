// The contract of Entra's attribute-mapping expression language, shared by the evaluator (src/expr/) and the
// provisioning engine (src/provision/).

/** A value: Entra attributes are strings, numbers, booleans, dates (ISO strings), or lists (multi-valued). */
export type ExprValue = string | number | boolean | null | ExprValue[];

/** What an expression is evaluated against. */
export interface ExprContext {
  /** The source object's attributes by name; looked up case-insensitively, as Entra does. */
  attributes: Readonly<Record<string, ExprValue | undefined>>;
  /** The clock for Now() and DateAdd/DateDiff defaults (tests and `--now` fix it). */
  now?: Date;
  /** For SelectUniqueValue: true when the target already holds the value (may ask the target over SCIM). */
  isTaken?: (value: string) => boolean | Promise<boolean>;
}

/** The outcome of one evaluation. */
export type ExprResult =
  /** The value to flow; `secret` when Redact marked it (never logged or shown). */
  | { kind: 'value'; value: ExprValue; secret?: boolean }
  /** IgnoreFlowIfNullOrEmpty: the target attribute must not be written at all. */
  | { kind: 'ignored' };

/** A parsed, checked expression, reusable for many objects. */
export interface CompiledExpression {
  readonly text: string;
  /** The source attributes the expression reads ([name] references), for scoping and change detection. */
  readonly attributes: readonly string[];
  /** True when evaluation may be asynchronous (SelectUniqueValue with an asynchronous isTaken). */
  readonly async: boolean;
  /** Evaluates synchronously; throws if the expression needs an asynchronous isTaken. */
  evaluate(ctx: ExprContext): ExprResult;
  /** Evaluates, awaiting isTaken where SelectUniqueValue needs it. */
  evaluateAsync(ctx: ExprContext): Promise<ExprResult>;
}
