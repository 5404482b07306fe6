// Compiles an expression once into closures, then evaluates it for many objects. Load time checks every function
// name, argument count and empty argument, so evaluation only fails on an object's values.
import type { CallNode, ExprNode } from './ast.ts';
import { compareValues } from './compare.ts';
import { MappingExpressionError, MappingExpressionSyntaxError } from './errors.ts';
import { closestFunction, findFunction, SELECT_UNIQUE_VALUE } from './functions/registry.ts';
import { IGNORE_FLOW, type EvalState, type FunctionSpec, type Thunk } from './functions/spec.ts';
import { parseExpression } from './parser.ts';
import type { CompiledExpression, ExprContext, ExprResult, ExprValue } from './types.ts';
import { isNullOrEmpty, toExprValue, toStr, type Arg, type Val } from './values.ts';

/** A compiled expression, with what the provisioning engine needs to know about its outermost function. */
export interface CompiledMapping extends CompiledExpression {
  /**
   * The outermost function as the reference spells it (undefined for a bare attribute or constant): the engine
   * replaces roles for AssertiveAppRoleAssignmentsComplex and escrows when SelectUniqueValue finds no free value.
   */
  readonly topLevelFunction: string | undefined;
}

class State implements EvalState {
  secret = false;
  private clock: Date | undefined;

  constructor(readonly ctx: ExprContext) {}

  now(): Date {
    return this.ctx.now ?? (this.clock ??= new Date());
  }
}

/** Signals, while folding constants at load time, that a call needs the clock (so it must not be folded). */
const NEEDS_CLOCK = Symbol('needs clock');
const FOLD_STATE: EvalState = {
  ctx: { attributes: {} },
  secret: false,
  now(): Date {
    throw NEEDS_CLOCK;
  },
};

interface Compiled {
  thunk: Thunk;
  /** Present when the node is a constant (a literal, or a pure call of constants evaluated at load time). */
  constant?: { value: Val };
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Reads an attribute: the exact name first, then any case (Entra's names are case-insensitive). */
function lookup(attrs: Readonly<Record<string, ExprValue | undefined>>, name: string, lower: string): Val {
  if (hasOwn.call(attrs, name)) return attrs[name] ?? null;
  for (const key in attrs) {
    if (key.length === lower.length && key.toLowerCase() === lower && hasOwn.call(attrs, key))
      return attrs[key] ?? null;
  }
  return null;
}

class Compiler {
  readonly attributes = new Map<string, string>();

  node(n: ExprNode, topLevel: boolean): Compiled {
    switch (n.kind) {
      case 'literal': {
        const value = n.value;
        return { thunk: () => value, constant: { value } };
      }
      case 'attribute': {
        const name = n.name;
        const lower = name.toLowerCase();
        if (!this.attributes.has(lower)) this.attributes.set(lower, name);
        return { thunk: (st) => lookup(st.ctx.attributes, name, lower) };
      }
      case 'compare': {
        const left = this.node(n.left, false).thunk;
        const right = this.node(n.right, false).thunk;
        const op = n.op;
        return { thunk: (st) => compareValues(op, left(st), right(st)) };
      }
      default:
        return this.call(n, topLevel);
    }
  }

  private call(n: CallNode, topLevel: boolean): Compiled {
    const spec = findFunction(n.name);
    if (!spec) {
      const hint = closestFunction(n.name);
      throw new MappingExpressionSyntaxError(
        n.pos,
        `unknown function ${JSON.stringify(n.name)}${hint ? ` (did you mean ${hint}?)` : ''}`,
        ['a function name'],
      );
    }
    checkArity(spec, n);
    if (spec === SELECT_UNIQUE_VALUE && !topLevel) {
      throw new MappingExpressionSyntaxError(
        n.pos,
        'SelectUniqueValue must be the outermost function of the expression',
        [],
      );
    }
    spec.check?.(n);
    const args = n.args.map((a) => (a.kind === 'omitted' ? undefined : this.node(a, false)));
    const thunks = args.map((a) => a?.thunk);
    const thunk = spec.lazy ? lazyCall(spec, thunks) : eagerCall(spec, thunks);
    if (spec.pure && args.every((a) => a === undefined || a.constant)) {
      try {
        const value = thunk(FOLD_STATE);
        return { thunk: constantThunk(value), constant: { value } };
      } catch {
        // Needs the clock, or fails on these constants: left to evaluation time, where Entra reports it too.
      }
    }
    return { thunk };
  }
}

function constantThunk(value: Val): Thunk {
  return () => value;
}

function checkArity(spec: FunctionSpec, n: CallNode): void {
  const count = n.args.length;
  const range =
    spec.max === spec.min
      ? `${spec.min}`
      : spec.max === Infinity
        ? `at least ${spec.min}`
        : `${spec.min} to ${spec.max}`;
  const takes = `${spec.name} takes ${range} argument${range === '1' ? '' : 's'}`;
  if (count > spec.max) throw new MappingExpressionSyntaxError(n.args[spec.max].pos, `${takes}, not ${count}`, ['")"']);
  if (count < spec.min) {
    const missing = spec.params[Math.min(count, spec.params.length - 1)];
    throw new MappingExpressionSyntaxError(n.close, `${takes}, not ${count}: ${missing} is missing`, ['","']);
  }
  n.args.forEach((a, i) => {
    const optional = i >= spec.min ? spec.max !== Infinity : (spec.omittable?.includes(i) ?? false);
    if (a.kind === 'omitted' && !optional) {
      const param = spec.params[Math.min(i, spec.params.length - 1)];
      throw new MappingExpressionSyntaxError(a.pos, `${spec.name}: ${param} is required and cannot be left empty`, [
        `a value for ${param}`,
      ]);
    }
  });
}

function eagerCall(spec: FunctionSpec, thunks: (Thunk | undefined)[]): Thunk {
  const impl = spec.call!;
  const propagate = spec.nullPropagates !== false;
  const each = spec.eachValue === true;
  const n = thunks.length;
  return (st) => {
    const args: Arg[] = new Array<Arg>(n);
    for (let i = 0; i < n; i++) {
      const t = thunks[i];
      const v = t === undefined ? undefined : t(st);
      if (v === null && propagate) return null;
      args[i] = v;
    }
    const first = args[0];
    if (each && Array.isArray(first)) {
      // A multi-valued source is transformed value by value.
      return first.map((item) => {
        if (item === null && propagate) return null;
        args[0] = item;
        return toExprValue(impl(args, st));
      });
    }
    return impl(args, st);
  };
}

function lazyCall(spec: FunctionSpec, thunks: (Thunk | undefined)[]): Thunk {
  const impl = spec.lazy!;
  return (st) => impl(thunks, st);
}

function isThenable(v: unknown): v is PromiseLike<boolean> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function allTaken(): MappingExpressionError {
  return new MappingExpressionError(
    'every candidate value is already taken in the target',
    'allValuesTaken',
    'SelectUniqueValue',
  );
}

function noCandidate(): MappingExpressionError {
  return new MappingExpressionError('no candidate rule produced a value', 'invalidValue', 'SelectUniqueValue');
}

function result(v: Val, st: State): ExprResult {
  const value = toExprValue(v);
  return st.secret ? { kind: 'value', value, secret: true } : { kind: 'value', value };
}

/** Runs an evaluation, turning IgnoreFlowIfNullOrEmpty's signal into `ignored` and stray errors into MappingExpressionError. */
function guard<T>(run: () => T, ignored: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e === IGNORE_FLOW) return ignored();
    if (e instanceof MappingExpressionError) throw e;
    throw new MappingExpressionError(`evaluation failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const IGNORED: ExprResult = Object.freeze({ kind: 'ignored' });

/** Parses and compiles an expression; throws MappingExpressionSyntaxError (with the position) when it is not valid. */
export function compileExpression(text: string): CompiledMapping {
  const root = parseExpression(text);
  const compiler = new Compiler();
  const topLevelFunction = root.kind === 'call' ? findFunction(root.name)?.name : undefined;

  if (root.kind === 'call' && findFunction(root.name) === SELECT_UNIQUE_VALUE) {
    compiler.node(root, true); // checks arity and the rules, collects attributes
    const rules = root.args.map((a) => compiler.node(a as ExprNode, false).thunk);
    return selectUniqueValue(text, [...compiler.attributes.values()], rules);
  }

  const top = compiler.node(root, true).thunk;
  // IgnoreFlowIfNullOrEmpty at the top (its usual place) is decided without throwing.
  const ignoreFlowInner =
    root.kind === 'call' && topLevelFunction === 'IgnoreFlowIfNullOrEmpty'
      ? compiler.node(root.args[0] as ExprNode, false).thunk
      : undefined;
  const evaluate = (ctx: ExprContext): ExprResult => {
    const st = new State(ctx);
    return guard(
      () => {
        if (ignoreFlowInner) {
          const v = ignoreFlowInner(st);
          return isNullOrEmpty(v) ? IGNORED : result(v, st);
        }
        return result(top(st), st);
      },
      () => IGNORED,
    );
  };
  return {
    text,
    attributes: [...compiler.attributes.values()],
    async: false,
    topLevelFunction,
    evaluate,
    evaluateAsync: async (ctx) => evaluate(ctx),
  };
}

function selectUniqueValue(text: string, attributes: string[], rules: Thunk[]): CompiledMapping {
  // Candidates that evaluate to null or "" are skipped; each other one is offered to isTaken in turn.
  const candidate = (rule: Thunk, st: State): string | null => {
    const v = rule(st);
    return isNullOrEmpty(v) ? null : toStr(v);
  };
  const evaluate = (ctx: ExprContext): ExprResult => {
    const st = new State(ctx);
    return guard(
      () => {
        let offered = false;
        for (const rule of rules) {
          const value = candidate(rule, st);
          if (value === null) continue;
          offered = true;
          const taken = ctx.isTaken ? ctx.isTaken(value) : false;
          if (isThenable(taken)) {
            taken.then(undefined, () => undefined);
            throw new MappingExpressionError(
              'isTaken answered asynchronously: use evaluateAsync',
              'needsAsync',
              'SelectUniqueValue',
            );
          }
          if (!taken) return result(value, st);
        }
        throw offered ? allTaken() : noCandidate();
      },
      () => IGNORED,
    );
  };
  const evaluateAsync = async (ctx: ExprContext): Promise<ExprResult> => {
    const st = new State(ctx);
    let offered = false;
    for (const rule of rules) {
      const value = guard<string | null | false>(
        () => candidate(rule, st),
        () => false,
      );
      if (value === false) return IGNORED;
      if (value === null) continue;
      offered = true;
      const taken = ctx.isTaken ? await ctx.isTaken(value) : false;
      if (!taken) return result(value, st);
    }
    throw offered ? allTaken() : noCandidate();
  };
  return { text, attributes, async: true, topLevelFunction: 'SelectUniqueValue', evaluate, evaluateAsync };
}
