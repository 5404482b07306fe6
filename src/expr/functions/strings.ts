// Text functions: Append, ConvertToBase64, ConvertToUTF8Hex, CStr, InStr, Left, Mid, NormalizeDiacritics, PCase,
// StripSpaces, ToLower, ToUpper, Word.
import { toLower, toUpper } from '../casing.ts';
import { normalizeDiacritics } from '../diacritics.ts';
import { MappingExpressionError } from '../errors.ts';
import { properCase } from '../title-case.ts';
import { toInt, toStr, type Arg, type Val } from '../values.ts';
import type { FunctionSpec } from './spec.ts';

const fail = (fn: string, message: string): never => {
  throw new MappingExpressionError(message, 'invalidValue', fn);
};

/** InStr's compareType: vbBinaryCompare (0, the default) or vbTextCompare (1), as a constant, number or name. */
function isTextCompare(v: Arg): boolean {
  if (v === undefined) return false;
  if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  const s = toStr(v as Val)
    .trim()
    .toLowerCase();
  if (s === 'vbtextcompare' || s === '1') return true;
  if (s === 'vbbinarycompare' || s === '0') return false;
  return fail('InStr', `compareType must be vbBinaryCompare or vbTextCompare, not ${JSON.stringify(toStr(v as Val))}`);
}

function culture(v: Arg): string | undefined {
  return v === undefined || v === null ? undefined : toStr(v);
}

/** The text functions. */
export const STRING_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'Append',
    params: ['source', 'suffix'],
    min: 2,
    max: 2,
    eachValue: true,
    pure: true,
    call: ([source, suffix]) => toStr(source as Val) + toStr(suffix as Val),
  },
  {
    name: 'ConvertToBase64',
    params: ['source'],
    min: 1,
    max: 1,
    pure: true,
    // .NET's Encoding.Unicode: UTF-16 little-endian.
    call: ([source]) => Buffer.from(toStr(source as Val), 'utf16le').toString('base64'),
  },
  {
    name: 'ConvertToUTF8Hex',
    params: ['source'],
    min: 1,
    max: 1,
    pure: true,
    call: ([source]) =>
      Buffer.from(toStr(source as Val), 'utf8')
        .toString('hex')
        .toUpperCase(),
  },
  {
    name: 'CStr',
    params: ['value'],
    min: 1,
    max: 1,
    eachValue: true,
    pure: true,
    call: ([value]) => toStr(value as Val),
  },
  {
    name: 'InStr',
    params: ['value1', 'value2', 'start', 'compareType'],
    min: 2,
    max: 4,
    pure: true,
    call: ([value1, value2, start, compareType]) => {
      let s1 = toStr(value1 as Val);
      let s2 = toStr(value2 as Val);
      const from = start === undefined ? 1 : toInt(start as Val, 'InStr', 'start');
      if (from < 1) fail('InStr', `start must be 1 or more, not ${from}`);
      if (from > s1.length) return 0;
      if (s2 === '') return from;
      if (isTextCompare(compareType)) {
        s1 = toUpper(s1);
        s2 = toUpper(s2);
      }
      return s1.indexOf(s2, from - 1) + 1;
    },
  },
  {
    name: 'Left',
    params: ['String', 'NumChars'],
    min: 2,
    max: 2,
    eachValue: true,
    nullPropagates: false,
    pure: true,
    call: ([s, n]) => {
      if (n === null) return null;
      // The reference: a null string gives "", 0 gives "", a negative count gives the whole string.
      if (s === null) return '';
      const text = toStr(s as Val);
      const count = toInt(n as Val, 'Left', 'NumChars');
      return count < 0 ? text : text.slice(0, count);
    },
  },
  {
    name: 'Mid',
    params: ['source', 'start', 'length'],
    min: 3,
    max: 3,
    eachValue: true,
    pure: true,
    call: ([source, start, length]) => {
      const text = toStr(source as Val);
      const from = toInt(start as Val, 'Mid', 'start');
      const count = toInt(length as Val, 'Mid', 'length');
      if (from < 1) fail('Mid', `start must be 1 or more (the first character is 1), not ${from}`);
      if (count < 0) fail('Mid', `length must be 0 or more, not ${count}`);
      return text.slice(from - 1, from - 1 + count);
    },
  },
  {
    name: 'NormalizeDiacritics',
    params: ['source'],
    min: 1,
    max: 1,
    eachValue: true,
    pure: true,
    call: ([source]) => normalizeDiacritics(toStr(source as Val)),
  },
  {
    name: 'PCase',
    params: ['source', 'wordSeparators'],
    min: 1,
    max: 2,
    eachValue: true,
    nullPropagates: false,
    pure: true,
    call: ([source, separators]) =>
      source === null
        ? null
        : properCase(
            toStr(source as Val),
            separators === undefined || separators === null ? undefined : toStr(separators),
          ),
  },
  {
    name: 'StripSpaces',
    params: ['source'],
    min: 1,
    max: 1,
    eachValue: true,
    pure: true,
    call: ([source]) => toStr(source as Val).replaceAll(' ', ''),
  },
  {
    name: 'ToLower',
    params: ['source', 'culture'],
    min: 1,
    max: 2,
    eachValue: true,
    nullPropagates: false,
    pure: true,
    call: ([source, c]) => (source === null ? null : toLower(toStr(source as Val), culture(c))),
  },
  {
    name: 'ToUpper',
    params: ['source', 'culture'],
    min: 1,
    max: 2,
    eachValue: true,
    nullPropagates: false,
    pure: true,
    call: ([source, c]) => (source === null ? null : toUpper(toStr(source as Val), culture(c))),
  },
  {
    name: 'Word',
    params: ['String', 'WordNumber', 'Delimiters'],
    min: 3,
    max: 3,
    eachValue: true,
    nullPropagates: false,
    pure: true,
    call: ([s, n, delimiters]) => {
      if (n === null || delimiters === null) return null;
      // The reference: a null string, a number below 1, or too few words give "".
      if (s === null) return '';
      const index = toInt(n as Val, 'Word', 'WordNumber');
      if (index < 1) return '';
      const text = toStr(s as Val);
      const delims = toStr(delimiters as Val);
      let count = 0;
      let start = -1;
      for (let i = 0; i <= text.length; i++) {
        const isDelim = i === text.length || delims.includes(text[i]);
        if (isDelim) {
          if (start >= 0) {
            count++;
            if (count === index) return text.slice(start, i);
            start = -1;
          }
        } else if (start < 0) {
          start = i;
        }
      }
      return '';
    },
  },
];
