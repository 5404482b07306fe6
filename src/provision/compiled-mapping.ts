// Attribute mappings ready to evaluate: direct (a source attribute), constant, or an expression of Entra's
// language, each onto one target attribute.
import type { CompiledExpression, ExprContext, ExprResult, ExprValue } from '../expr/types.ts';
import { lookupAttribute } from './attribute-lookup.ts';
import type { ExpressionCompiler } from './expression-compiler.ts';
import type { MappingConfig } from './mapping-file.ts';
import { parseTargetPath, type TargetPath } from './target-path.ts';

/** One mapping, compiled. */
export interface CompiledMapping {
  /** Position in the mapping file. */
  readonly index: number;
  readonly type: MappingConfig['type'];
  readonly target: TargetPath;
  readonly apply: 'always' | 'onCreate';
  /** Set for matching attributes; lower is tried first. */
  readonly matchingPrecedence: number | undefined;
  /** "Default value if null", used on creation only. */
  readonly defaultValue: string | undefined;
  readonly flowNullValues: boolean;
  /** The source attributes the mapping reads (for redacting the inputs of secret values). */
  readonly sourceAttributes: readonly string[];
  /** True when evaluation may need to wait (SelectUniqueValue asking the target). */
  readonly async: boolean;
  /** A short description for reports: `[city]`, `"Sales"`, or the expression text. */
  readonly label: string;
  /** Evaluates synchronously. */
  evaluate(ctx: ExprContext): ExprResult;
  /** Evaluates, awaiting the target when SelectUniqueValue asks it. */
  evaluateAsync(ctx: ExprContext): Promise<ExprResult>;
}

/** Compiles one mapping; throws an Error (or the compiler's MappingExpressionSyntaxError) when it cannot be used. */
export function compileMapping(m: MappingConfig, index: number, compile: ExpressionCompiler): CompiledMapping {
  const target = parseTargetPath(m.target);
  const common = {
    index,
    type: m.type,
    target,
    apply: m.apply,
    matchingPrecedence: m.matchingPrecedence,
    defaultValue: m.default,
    flowNullValues: m.flowNullValues,
  };
  switch (m.type) {
    case 'direct': {
      const name = m.source ?? '';
      const evaluate = (ctx: ExprContext): ExprResult => ({
        kind: 'value',
        value: lookupAttribute(ctx.attributes, name),
      });
      return {
        ...common,
        sourceAttributes: [name],
        async: false,
        label: `[${name}]`,
        evaluate,
        evaluateAsync: async (ctx) => evaluate(ctx),
      };
    }
    case 'constant': {
      const result: ExprResult = { kind: 'value', value: m.value ?? '' };
      return {
        ...common,
        sourceAttributes: [],
        async: false,
        label: JSON.stringify(m.value ?? ''),
        evaluate: () => result,
        evaluateAsync: async () => result,
      };
    }
    case 'expression': {
      const expr: CompiledExpression = compile(m.expression ?? '');
      return {
        ...common,
        sourceAttributes: expr.attributes,
        async: expr.async,
        label: expr.text,
        evaluate: (ctx) => expr.evaluate(ctx),
        evaluateAsync: (ctx) => expr.evaluateAsync(ctx),
      };
    }
  }
}

/** The value a mapping gives, or why none. */
export type MappedValue =
  | { kind: 'value'; value: ExprValue; secret: boolean; defaulted: boolean }
  | { kind: 'ignored' };

/** Applies "default value if null" (creation only) to a result. */
export function withDefault(m: CompiledMapping, r: ExprResult, forCreate: boolean): MappedValue {
  if (r.kind === 'ignored') return r;
  const empty = r.value === null || r.value === '' || (Array.isArray(r.value) && r.value.length === 0);
  if (empty && forCreate && m.defaultValue !== undefined)
    return { kind: 'value', value: m.defaultValue, secret: false, defaulted: true };
  return { kind: 'value', value: empty ? null : r.value, secret: r.secret === true, defaulted: false };
}
