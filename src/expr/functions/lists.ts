// Multi-valued attributes: Count, Item, Join, RemoveDuplicates, Split.
import { MappingExpressionError } from '../errors.ts';
import { isNullOrEmpty, toExprValue, toInt, toList, toStr, type Val } from '../values.ts';
import type { ExprValue } from '../types.ts';
import type { FunctionSpec } from './spec.ts';

/** The list functions. */
export const LIST_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'Count',
    params: ['attribute'],
    min: 1,
    max: 1,
    pure: true,
    call: ([attribute]) => toList(attribute as Val).length,
  },
  {
    name: 'Item',
    params: ['attribute', 'index'],
    min: 2,
    max: 2,
    pure: true,
    call: ([attribute, index]) => {
      // 1-based, as the reference says ("Index 0 shouldn't be used"); outside the list there is no value.
      const i = toInt(index as Val, 'Item', 'index');
      const list = toList(attribute as Val);
      return i >= 1 && i <= list.length ? list[i - 1] : null;
    },
  },
  {
    name: 'Join',
    params: ['separator', 'source'],
    min: 2,
    max: Infinity,
    nullPropagates: false,
    pure: true,
    call: ([separator, ...sources]) => {
      const sep = separator === null || separator === undefined ? '' : toStr(separator);
      const parts: string[] = [];
      // Every value of a multi-valued source is joined; null and empty values are skipped.
      const add = (v: Val | undefined): void => {
        if (Array.isArray(v)) v.forEach(add);
        else if (!isNullOrEmpty(v)) parts.push(toStr(v as Val));
      };
      sources.forEach(add);
      return parts.join(sep);
    },
  },
  {
    name: 'RemoveDuplicates',
    params: ['attribute'],
    min: 1,
    max: 1,
    pure: true,
    call: ([attribute]) => {
      // Values compare as text, case-sensitively (.NET's default string equality); the first one is kept.
      const seen = new Set<string>();
      const out: ExprValue[] = [];
      for (const v of toList(attribute as Val)) {
        const key = v === null ? '\u0000null' : toStr(v);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(toExprValue(v));
        }
      }
      return out;
    },
  },
  {
    name: 'Split',
    params: ['source', 'delimiter'],
    min: 2,
    max: 2,
    pure: true,
    call: ([source, delimiter]) => {
      const text = toStr(source as Val);
      const delim = toStr(delimiter as Val);
      if (delim === '') throw new MappingExpressionError('delimiter must not be empty', 'invalidValue', 'Split');
      if (text === '') return [];
      // The reference's example gives "PermissionSetOne, PermissionSetTwo" → ["PermissionSetOne", "PermissionSetTwo"]:
      // values are trimmed.
      return text.split(delim).map((v) => v.trim());
    },
  },
];
