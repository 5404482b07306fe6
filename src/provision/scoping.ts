// Entra's scoping filters: clauses of one filter are AND-ed, filters are OR-ed, no filter means every user is in
// scope. A clause on a null or empty attribute is false (except IS NULL), and multi-valued attributes are not
// filtered on (a clause on a list is false), as Microsoft documents.
import type { ExprValue } from '../expr/types.ts';
import { isEmptyValue, lookupAttribute } from './attribute-lookup.ts';
import {
  UNARY_OPERATORS,
  type ScopingClauseConfig,
  type ScopingFilterConfig,
  type ScopingOperator,
} from './mapping-file.ts';

/** The outcome of one clause, for the scope step of a report. */
export interface ClauseOutcome {
  attribute: string;
  operator: ScopingOperator;
  value: string | null;
  /** The user's value, as text (null when empty). */
  actual: string | null;
  result: boolean;
}

/** The outcome of one scoping filter. */
export interface FilterOutcome {
  title: string;
  result: boolean;
  clauses: ClauseOutcome[];
}

/** Why a user is or is not in scope. */
export interface ScopeOutcome {
  inScope: boolean;
  filters: FilterOutcome[];
}

type Test = (actual: ExprValue) => boolean;

interface CompiledClause {
  config: ScopingClauseConfig;
  value: string | null;
  test: Test;
}

/** Compiled scoping filters. */
export class Scoping {
  readonly #filters: { title: string; clauses: CompiledClause[] }[];

  /** Compiles filters; throws an Error naming the clause when a regex or an integer value is invalid. */
  constructor(filters: readonly ScopingFilterConfig[]) {
    this.#filters = filters.map((f) => ({ title: f.title, clauses: f.clauses.map(compileClause) }));
  }

  /** True when the user passes any filter (or there is none). */
  inScope(attributes: Readonly<Record<string, ExprValue>>): boolean {
    if (this.#filters.length === 0) return true;
    return this.#filters.some((f) => f.clauses.every((c) => c.test(lookupAttribute(attributes, c.config.attribute))));
  }

  /** Every clause's outcome, for reports. */
  explain(attributes: Readonly<Record<string, ExprValue>>): ScopeOutcome {
    const filters = this.#filters.map((f) => {
      const clauses = f.clauses.map((c) => {
        const actual = lookupAttribute(attributes, c.config.attribute);
        return {
          attribute: c.config.attribute,
          operator: c.config.operator,
          value: c.value,
          actual: isEmptyValue(actual) ? null : text(actual),
          result: c.test(actual),
        };
      });
      return { title: f.title, result: clauses.every((c) => c.result), clauses };
    });
    return { inScope: filters.length === 0 || filters.some((f) => f.result), filters };
  }
}

/** Builds the test of one clause; throws an Error for an invalid regex or a non-integer comparison value. */
export function compileClause(c: ScopingClauseConfig): CompiledClause {
  const value = c.value === undefined ? null : text(c.value);
  if (!UNARY_OPERATORS.has(c.operator) && value === null) throw new Error(`operator ${c.operator} needs a value`);
  const v = value ?? '';
  const single =
    (t: Test): Test =>
    (a) =>
      !isEmptyValue(a) && !Array.isArray(a) && t(a);
  let test: Test;
  switch (c.operator) {
    case 'IS NULL':
      test = (a) => isEmptyValue(a);
      break;
    case 'IS NOT NULL':
      test = (a) => !isEmptyValue(a);
      break;
    case 'IS TRUE':
      test = single((a) => parseBool(a) === true);
      break;
    case 'IS FALSE':
      test = single((a) => parseBool(a) === false);
      break;
    case 'EQUALS':
      test = single((a) => text(a) === v);
      break;
    case 'NOT EQUALS':
      test = single((a) => text(a) !== v);
      break;
    case 'Includes':
      test = single((a) => text(a).includes(v));
      break;
    case 'ENDS_WITH':
      test = single((a) => text(a).endsWith(v));
      break;
    case 'REGEX MATCH':
    case 'NOT REGEX MATCH': {
      let re: RegExp;
      try {
        re = new RegExp(v);
      } catch (e) {
        throw new Error(
          `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
        );
      }
      const negate = c.operator === 'NOT REGEX MATCH';
      test = single((a) => re.test(text(a)) !== negate);
      break;
    }
    case 'Greater_Than':
    case 'Greater_Than_OR_EQUALS': {
      const limit = integer(v);
      if (limit === undefined) throw new Error(`${c.operator} compares integers: "${v}" is not an integer`);
      const orEqual = c.operator === 'Greater_Than_OR_EQUALS';
      test = single((a) => {
        const n = integer(text(a));
        return n !== undefined && (orEqual ? n >= limit : n > limit);
      });
      break;
    }
    case '&':
    case '!&': {
      // Microsoft: "the evaluated attribute exists in the input value". With integers (userAccountControl & 2)
      // that is a bit test; with text, the attribute's value occurs in the clause's value.
      const mask = integer(v);
      const negate = c.operator === '!&';
      test = single((a) => {
        const n = integer(text(a));
        const hit = mask !== undefined && n !== undefined ? (n & mask) !== 0n : v.includes(text(a));
        return hit !== negate;
      });
      break;
    }
  }
  return { config: c, value, test };
}

/** A value as Entra renders it in comparisons: booleans as True/False (.NET), numbers in decimal. */
function text(v: ExprValue | string | number | boolean): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return '';
  if (Array.isArray(v)) return v.map((x) => text(x)).join(',');
  return String(v);
}

/** Boolean.TryParse: "true"/"false" in any case, surrounding spaces allowed. */
function parseBool(v: ExprValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

function integer(s: string): bigint | undefined {
  const t = s.trim();
  return /^[+-]?\d+$/.test(t) ? BigInt(t) : undefined;
}
