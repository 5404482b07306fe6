// Evaluating a job's mappings for one user: which mappings apply (creation or update), their values with
// "default value if null" on creation, and SelectUniqueValue asking the target whether a value is taken.
import type { ExprContext, ExprValue } from '../expr/types.ts';
import { withDefault, type CompiledMapping, type MappedValue } from './compiled-mapping.ts';

/** A mapping and the value it gives for one user. */
export interface EvaluatedMapping {
  mapping: CompiledMapping;
  result: MappedValue;
}

/** A mapping that could not be evaluated for a user (the expression rejected the user's values). */
export class MappingEvaluationError extends Error {
  override readonly name: string = 'MappingEvaluationError';
  constructor(
    readonly mapping: CompiledMapping,
    override readonly cause: unknown,
  ) {
    super(`mapping to ${mapping.target.text}: ${(cause as Error)?.message ?? String(cause)}`);
  }

  /** The evaluator's error code when it gave one (e.g. allValuesTaken). */
  get code(): string | undefined {
    const c = (this.cause as { code?: unknown } | undefined)?.code;
    return typeof c === 'string' ? c : undefined;
  }
}

/** How to evaluate. */
export interface EvaluationOptions {
  /** Creation applies every mapping and defaults; update only "always" mappings. */
  forCreate: boolean;
  now?: Date;
  /** For SelectUniqueValue: whether a value is taken at the mapping's target attribute. */
  isTakenAt?: (mapping: CompiledMapping) => (value: string) => boolean | Promise<boolean>;
}

/** The mappings that apply to a creation or an update. */
export function applicableMappings(mappings: readonly CompiledMapping[], forCreate: boolean): CompiledMapping[] {
  return forCreate ? [...mappings] : mappings.filter((m) => m.apply === 'always');
}

/** Evaluates mappings for a user, awaiting the target where SelectUniqueValue asks it. */
export async function evaluateMappings(
  mappings: readonly CompiledMapping[],
  attributes: Readonly<Record<string, ExprValue>>,
  opts: EvaluationOptions,
): Promise<EvaluatedMapping[]> {
  const out: EvaluatedMapping[] = [];
  for (const m of mappings) {
    const ctx: ExprContext = { attributes, now: opts.now, isTaken: opts.isTakenAt?.(m) };
    try {
      const r = m.async ? await m.evaluateAsync(ctx) : m.evaluate(ctx);
      out.push({ mapping: m, result: withDefault(m, r, opts.forCreate) });
    } catch (e) {
      throw new MappingEvaluationError(m, e);
    }
  }
  return out;
}

/** Evaluates mappings synchronously (no SelectUniqueValue lookups): the benchmark's and previews' path. */
export function evaluateMappingsSync(
  mappings: readonly CompiledMapping[],
  ctx: ExprContext,
  forCreate: boolean,
): EvaluatedMapping[] {
  const out: EvaluatedMapping[] = new Array(mappings.length);
  for (let i = 0; i < mappings.length; i++) {
    const m = mappings[i];
    try {
      out[i] = { mapping: m, result: withDefault(m, m.evaluate(ctx), forCreate) };
    } catch (e) {
      throw new MappingEvaluationError(m, e);
    }
  }
  return out;
}
