// Generated and protected values: Guid, RandomString, Redact.
import { randomUUID } from 'node:crypto';
import { MappingExpressionError } from '../errors.ts';
import { randomString } from '../random-string.ts';
import { toInt, toStr, type Val } from '../values.ts';
import type { FunctionSpec } from './spec.ts';

/** The generating functions. */
export const GENERATE_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'Guid',
    params: [],
    min: 0,
    max: 0,
    pure: false,
    call: () => randomUUID(),
  },
  {
    name: 'RandomString',
    params: [
      'Length',
      'MinimumNumbers',
      'MinimumSpecialCharacters',
      'MinimumCapital',
      'MinimumLowerCase',
      'CharactersToAvoid',
    ],
    min: 5,
    max: 6,
    pure: false,
    call: ([length, numbers, special, capital, lower, avoid]) => {
      const n = (v: unknown, what: string): number => toInt(v as Val, 'RandomString', what);
      const r = randomString({
        length: n(length, 'Length'),
        minNumbers: n(numbers, 'MinimumNumbers'),
        minSpecial: n(special, 'MinimumSpecialCharacters'),
        minUpper: n(capital, 'MinimumCapital'),
        minLower: n(lower, 'MinimumLowerCase'),
        avoid: avoid === undefined ? '' : toStr(avoid as Val),
      });
      if (typeof r !== 'string') throw new MappingExpressionError(r.error, 'invalidValue', 'RandomString');
      return r;
    },
  },
  {
    name: 'Redact',
    params: ['attribute/value'],
    min: 1,
    max: 1,
    nullPropagates: false,
    pure: false,
    // The value flows unchanged; the result is marked secret so logs show "[Redact]" instead.
    call: ([v], st) => {
      st.secret = true;
      return v as Val;
    },
  },
];
