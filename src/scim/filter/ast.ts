// The SCIM filter syntax tree (RFC 7644 §3.4.2.2): what the parser builds and the evaluator and formatter read.
import type { AttrRef } from '../schema/types.ts';

/** Attribute operators that take a value. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A comparison value: JSON string, number, true, false or null. */
export type CompValue = string | number | boolean | null;

/** A logical `and` / `or` of two filters (left-associative). */
export interface LogicalFilter {
  kind: 'and' | 'or';
  left: Filter;
  right: Filter;
}

/** `not ( filter )`. */
export interface NotFilter {
  kind: 'not';
  filter: Filter;
}

/** `attrPath op value`. */
export interface CompareFilter {
  kind: 'compare';
  op: CompareOp;
  path: AttrRef;
  value: CompValue;
}

/** `attrPath pr`. */
export interface PresentFilter {
  kind: 'present';
  path: AttrRef;
}

/** `attrPath [ filter ]`: the inner filter's paths name sub-attributes of `path` (no URN, no '.'). */
export interface ValuePathFilter {
  kind: 'valuePath';
  path: AttrRef;
  filter: Filter;
}

/** Any filter expression. */
export type Filter = LogicalFilter | NotFilter | CompareFilter | PresentFilter | ValuePathFilter;

/** The operators that compare against a value, lower-case. */
export const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
]);
