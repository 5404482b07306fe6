// How a function of the language is described to the compiler: its arity, which arguments may be left empty,
// how it treats null, and its implementation over already-evaluated (or, for a few, lazily evaluated) arguments.
import type { CallNode } from '../ast.ts';
import type { ExprContext } from '../types.ts';
import type { Arg, Val } from '../values.ts';

/** Per-evaluation state shared by every function of one expression evaluation. */
export interface EvalState {
  readonly ctx: ExprContext;
  /** Set by Redact: the result must be marked secret. */
  secret: boolean;
  /** The evaluation's clock: ctx.now, or the time of the first call to Now() in this evaluation. */
  now(): Date;
}

/** A compiled argument: evaluates it for one object. */
export type Thunk = (st: EvalState) => Val;

/** One function of the language. */
export interface FunctionSpec {
  /** The name as Microsoft's reference spells it. */
  readonly name: string;
  /** Parameter names as the reference gives them; a variadic function repeats its last one. */
  readonly params: readonly string[];
  readonly min: number;
  /** Most arguments accepted (Infinity when variadic). */
  readonly max: number;
  /** Positions below `min` that may still be left empty, e.g. Switch's defaultValue. */
  readonly omittable?: readonly number[];
  /** When true (the default), a null argument makes the result null without calling the function. */
  readonly nullPropagates?: boolean;
  /** When true, a multi-valued first argument is transformed value by value (ToUpper of a list of names). */
  readonly eachValue?: boolean;
  /** False for functions whose result changes between calls (Now, Guid, RandomString) or marks state (Redact). */
  readonly pure: boolean;
  /** The implementation over evaluated arguments; an empty argument is `undefined`. */
  readonly call?: (args: Arg[], st: EvalState) => Val;
  /** The implementation for functions that evaluate only the arguments they need (Switch, Coalesce). */
  readonly lazy?: (args: (Thunk | undefined)[], st: EvalState) => Val;
  /** Load-time checks beyond arity (argument combinations, pairs); throws MappingExpressionSyntaxError. */
  readonly check?: (call: CallNode) => void;
}

/**
 * Thrown (not an Error: no stack to capture) by a nested IgnoreFlowIfNullOrEmpty whose value is null or empty;
 * the evaluation then reports `{ kind: 'ignored' }`.
 */
export const IGNORE_FLOW: { readonly ignoreFlow: true } = Object.freeze({ ignoreFlow: true });
