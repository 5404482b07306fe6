// Conditions and null handling: BitAnd, CBool, Coalesce, IgnoreFlowIfNullOrEmpty, IIF, IsNull, IsNullOrEmpty,
// IsPresent, IsString, Not, Switch.
import { MappingExpressionSyntaxError } from '../errors.ts';
import { isNullOrEmpty, toBool, toInt, toStr, type Val } from '../values.ts';
import { IGNORE_FLOW, type FunctionSpec } from './spec.ts';

function isTrue(v: Val): boolean {
  if (v === true) return true;
  if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
  if (typeof v === 'number') return v !== 0;
  return false;
}

/** The condition and null functions. */
export const LOGIC_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'BitAnd',
    params: ['value1', 'value2'],
    min: 2,
    max: 2,
    pure: true,
    call: ([a, b]) => {
      const x = BigInt(toInt(a as Val, 'BitAnd', 'value1'));
      const y = BigInt(toInt(b as Val, 'BitAnd', 'value2'));
      return Number(BigInt.asIntN(64, x & y));
    },
  },
  {
    name: 'CBool',
    params: ['Expression'],
    min: 1,
    max: 1,
    pure: true,
    call: ([v]) => toBool(v as Val, 'CBool', 'Expression'),
  },
  {
    name: 'Coalesce',
    params: ['source'],
    min: 1,
    max: Infinity,
    nullPropagates: false,
    pure: true,
    // The first value that is not null ("" counts as a value); the last argument doubles as the default.
    lazy: (args, st) => {
      for (const arg of args) {
        if (arg === undefined) continue;
        const v = arg(st);
        if (v !== null) return v;
      }
      return null;
    },
  },
  {
    name: 'IgnoreFlowIfNullOrEmpty',
    params: ['Expression'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: false,
    call: ([v]) => {
      if (isNullOrEmpty(v)) throw IGNORE_FLOW;
      return v as Val;
    },
  },
  {
    name: 'IIF',
    params: ['condition', 'valueIfTrue', 'valueIfFalse'],
    min: 3,
    max: 3,
    // Every argument is evaluated and a null one makes the result null: the reference's "if the source attribute
    // used within the IIF function is empty or null, the condition check fails".
    pure: true,
    call: ([condition, ifTrue, ifFalse]) =>
      toBool(condition as Val, 'IIF', 'condition') ? (ifTrue as Val) : (ifFalse as Val),
  },
  {
    name: 'IsNull',
    params: ['Expression'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: true,
    call: ([v]) => v === null,
  },
  {
    name: 'IsNullOrEmpty',
    params: ['Expression'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: true,
    call: ([v]) => isNullOrEmpty(v),
  },
  {
    name: 'IsPresent',
    params: ['Expression'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: true,
    call: ([v]) => !isNullOrEmpty(v),
  },
  {
    name: 'IsString',
    params: ['Expression'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: true,
    call: ([v]) => typeof v === 'string',
  },
  {
    name: 'Not',
    params: ['source'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: true,
    // The reference: "If source value is True, returns False. Otherwise, returns True" (null included).
    call: ([v]) => !(v !== null && v !== undefined && isTrue(v)),
  },
  {
    name: 'Switch',
    params: ['source', 'defaultValue', 'key', 'value'],
    min: 4,
    max: Infinity,
    omittable: [1],
    nullPropagates: false,
    pure: true,
    check: (call) => {
      if (call.args.length % 2 !== 0) {
        throw new MappingExpressionSyntaxError(
          call.close,
          'Switch takes keys and values in pairs: the last key has no value',
          ['","'],
        );
      }
    },
    // Case-sensitive text comparison; a null source (or key) compares as "", so `Switch([x], [x], "", "Other")`
    // replaces a missing value. Only the matching value (or the default) is evaluated.
    lazy: (args, st) => {
      const source = args[0]!(st);
      const s = source === null ? '' : toStr(source);
      for (let k = 2; k + 1 < args.length; k += 2) {
        const key = args[k]!(st);
        if ((key === null ? '' : toStr(key)) === s) return args[k + 1]!(st);
      }
      const fallback = args[1];
      return fallback === undefined ? null : fallback(st);
    },
  },
];
