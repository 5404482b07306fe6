// Builds one comparison predicate per filter node, typed by the attribute definition (RFC 7644 §3.4.2.2):
// all per-call work (case folding of the filter value, date parsing) happens here, once.
import { scimError } from '../../errors/catalogue.ts';
import type { AttributeDef } from '../schema/types.ts';
import type { CompareOp, CompValue } from './ast.ts';

/** A test of one attribute value. */
export type ValueTest = (actual: unknown) => boolean;

const ORDERING: ReadonlySet<CompareOp> = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);

/** True for a value that counts as present for `pr`: not null/undefined, '', [] or {}. */
export function isPresent(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.some(isPresent);
  if (typeof v === 'object') {
    for (const k in v) if (isPresent((v as Record<string, unknown>)[k])) return true;
    return false;
  }
  return true;
}

function ordered<T>(op: CompareOp, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

function substring(op: CompareOp, actual: string, expected: string): boolean {
  if (op === 'co') return actual.includes(expected);
  if (op === 'sw') return actual.startsWith(expected);
  return actual.endsWith(expected);
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const l = v.toLowerCase();
    if (l === 'true') return true;
    if (l === 'false') return false;
  }
  return undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/**
 * The test `actual op expected` for an attribute of definition `def`; `label` names the attribute in errors.
 * Throws invalidFilter for combinations SCIM forbids (ordering on boolean or binary, a mistyped value).
 */
export function makeValueTest(def: AttributeDef, op: CompareOp, expected: CompValue, label: string): ValueTest {
  if (expected === null) {
    throw scimError.invalidFilter(`'${label} ${op} null': null can only be compared with eq or ne`);
  }
  const substringOp = op === 'co' || op === 'sw' || op === 'ew';
  switch (def.type) {
    case 'complex':
      throw scimError.invalidFilter(`'${label}' is a complex attribute: compare one of its sub-attributes instead`);
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne')
        throw scimError.invalidFilter(`'${label}' is boolean: only eq and ne apply, not '${op}'`);
      const want = asBoolean(expected);
      if (want === undefined)
        throw scimError.invalidFilter(
          `'${label}' is boolean: compare it with true or false, not ${JSON.stringify(expected)}`,
        );
      return (a) => {
        const b = asBoolean(a);
        return b !== undefined && (op === 'eq' ? b === want : b !== want);
      };
    }
    case 'integer':
    case 'decimal': {
      const want = asNumber(expected);
      if (want === undefined)
        throw scimError.invalidFilter(`'${label}' is a number: ${JSON.stringify(expected)} is not one`);
      if (substringOp) {
        const text = String(want);
        return (a) => {
          const n = asNumber(a);
          return n !== undefined && substring(op, String(n), text);
        };
      }
      return (a) => {
        const n = asNumber(a);
        return n !== undefined && ordered(op, n, want);
      };
    }
    case 'dateTime': {
      if (typeof expected !== 'string')
        throw scimError.invalidFilter(
          `'${label}' is a dateTime: compare it with a quoted date, not ${JSON.stringify(expected)}`,
        );
      if (substringOp) return stringTest(op, expected, false);
      const want = Date.parse(expected);
      if (Number.isNaN(want)) throw scimError.invalidFilter(`'${label}': "${expected}" is not a valid dateTime`);
      return (a) => {
        if (typeof a !== 'string') return false;
        const t = Date.parse(a);
        return !Number.isNaN(t) && ordered(op, t, want);
      };
    }
    case 'binary':
      if (ORDERING.has(op)) throw scimError.invalidFilter(`'${label}' is binary: '${op}' does not apply`);
      return stringTest(op, textOf(expected, label), true);
    default:
      return stringTest(op, textOf(expected, label), def.caseExact);
  }
}

function textOf(expected: string | number | boolean, label: string): string {
  if (typeof expected === 'string') return expected;
  if (typeof expected === 'number') return String(expected);
  throw scimError.invalidFilter(`'${label}' is a string: compare it with a quoted value, not ${expected}`);
}

function stringTest(op: CompareOp, expected: string, caseExact: boolean): ValueTest {
  const want = caseExact ? expected : expected.toLowerCase();
  const fold = (a: unknown): string | undefined => {
    const s = typeof a === 'string' ? a : typeof a === 'number' ? String(a) : undefined;
    return s === undefined || caseExact ? s : s.toLowerCase();
  };
  if (op === 'co' || op === 'sw' || op === 'ew') {
    return (a) => {
      const s = fold(a);
      return s !== undefined && substring(op, s, want);
    };
  }
  return (a) => {
    const s = fold(a);
    return s !== undefined && ordered(op, s, want);
  };
}
