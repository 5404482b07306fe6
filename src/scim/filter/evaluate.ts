// Evaluates filters against resource JSON with SCIM semantics. A filter is compiled once per schema into closures
// (attribute resolution, type checks and value folding done up front), so each match costs only the reads.
import { scimError } from '../../errors/catalogue.ts';
import { findSubAttribute, type ResourceSchema } from '../schema/resource-schema.ts';
import type { AttributeDef } from '../schema/types.ts';
import type { Filter } from './ast.ts';
import { isPresent, makeValueTest, type ValueTest } from './compare.ts';
import { formatAttrRef } from './format.ts';
import { readKey } from './read-value.ts';

export { isPresent } from './compare.ts';

/** A compiled filter: true when the resource (or, for element filters, the element) matches. */
export type Predicate = (subject: unknown) => boolean;

const never: Predicate = () => false;
const compiled = new WeakMap<Filter, { schema: ResourceSchema; test: Predicate }>();

/** True when the resource matches the filter. Compiles and caches per filter object and schema. */
export function matchesFilter(resource: Record<string, unknown>, filter: Filter, schema: ResourceSchema): boolean {
  let entry = compiled.get(filter);
  if (!entry || entry.schema !== schema) {
    entry = { schema, test: compileFilter(filter, schema) };
    compiled.set(filter, entry);
  }
  return entry.test(resource);
}

/**
 * Compiles a filter against a resource type. Unknown attributes (and unknown schema URNs) compile to "matches
 * nothing"; forbidden comparisons (gt on a boolean, any comparison of a complex value) throw invalidFilter.
 */
export function compileFilter(filter: Filter, schema: ResourceSchema): Predicate {
  switch (filter.kind) {
    case 'and': {
      const l = compileFilter(filter.left, schema);
      const r = compileFilter(filter.right, schema);
      return (s) => l(s) && r(s);
    }
    case 'or': {
      const l = compileFilter(filter.left, schema);
      const r = compileFilter(filter.right, schema);
      return (s) => l(s) || r(s);
    }
    case 'not': {
      const inner = compileFilter(filter.filter, schema);
      return (s) => !inner(s);
    }
    case 'present':
    case 'compare':
    case 'valuePath':
      return compileLeaf(filter, schema);
  }
}

function compileLeaf(filter: Exclude<Filter, { kind: 'and' | 'or' | 'not' }>, schema: ResourceSchema): Predicate {
  const resolved = schema.resolve(filter.path);
  if (!resolved) return never;
  const { attr, subAttr } = resolved;
  const container: (r: unknown) => unknown = resolved.extension
    ? (
        (id) => (r) =>
          readKey(r, id)
      )(resolved.schema.id)
    : (r) => r;
  const name = attr.name;

  if (filter.kind === 'valuePath') {
    const element = compileElementFilter(filter.filter, attr);
    return (r) => anyItem(readKey(container(r), name), element);
  }

  // Comparing a multi-valued complex attribute itself means comparing its `value` sub-attribute (RFC 7644 §3.4.2.2).
  const implicitValue =
    filter.kind === 'compare' && !subAttr && attr.type === 'complex' && attr.multiValued
      ? findSubAttribute(attr, 'value')
      : undefined;
  const leafDef = subAttr ?? implicitValue ?? attr;
  const subName = leafDef === attr ? undefined : leafDef.name;
  const test: ValueTest =
    filter.kind === 'present'
      ? isPresent
      : filter.value === null
        ? isPresent
        : makeValueTest(leafDef, filter.op, filter.value, formatAttrRef(filter.path));
  const reader = (r: unknown, t: ValueTest): boolean => {
    const raw = readKey(container(r), name);
    if (subName === undefined) return anyItem(raw, t);
    if (Array.isArray(raw)) {
      for (const item of raw) if (anyItem(readKey(item, subName), t)) return true;
      return false;
    }
    return anyItem(readKey(raw, subName), t);
  };
  if (filter.kind === 'compare' && filter.value === null) {
    // `eq null` asks for no value at all; `ne null` for some value.
    if (filter.op === 'eq') return (r) => !reader(r, isPresent);
    if (filter.op === 'ne') return (r) => reader(r, isPresent);
    throw scimError.invalidFilter(
      `'${formatAttrRef(filter.path)} ${filter.op} null': null can only be compared with eq or ne`,
    );
  }
  return (r) => reader(r, test);
}

/** Multi-valued: any element passes. Single: the value passes. */
function anyItem(value: unknown, test: Predicate): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (test(v)) return true;
    return false;
  }
  return test(value);
}

/**
 * Compiles the filter inside `attr[...]` to a test of one element of `attr`. Its names are sub-attributes of a
 * complex attribute; for a multi-valued simple attribute the element itself is called `value`.
 */
export function compileElementFilter(filter: Filter, attr: AttributeDef): Predicate {
  switch (filter.kind) {
    case 'and': {
      const l = compileElementFilter(filter.left, attr);
      const r = compileElementFilter(filter.right, attr);
      return (s) => l(s) && r(s);
    }
    case 'or': {
      const l = compileElementFilter(filter.left, attr);
      const r = compileElementFilter(filter.right, attr);
      return (s) => l(s) || r(s);
    }
    case 'not': {
      const inner = compileElementFilter(filter.filter, attr);
      return (s) => !inner(s);
    }
    case 'valuePath':
      throw scimError.invalidFilter(
        `Value filter '${formatAttrRef(filter.path)}[...]' cannot appear inside another value filter`,
      );
    case 'present':
    case 'compare': {
      if (filter.path.urn !== undefined || filter.path.sub !== undefined) return never;
      const sub = elementSubAttribute(attr, filter.path.name);
      if (!sub) return never;
      const read: (e: unknown) => unknown =
        attr.type === 'complex'
          ? (
              (n) => (e) =>
                readKey(e, n)
            )(sub.name)
          : (e) => e;
      const label = `${attr.name}.${sub.name}`;
      if (filter.kind === 'present') return (e) => isPresent(read(e));
      if (filter.value === null) {
        if (filter.op === 'eq') return (e) => !isPresent(read(e));
        if (filter.op === 'ne') return (e) => isPresent(read(e));
        throw scimError.invalidFilter(`'${label} ${filter.op} null': null can only be compared with eq or ne`);
      }
      const test = makeValueTest(sub, filter.op, filter.value, label);
      return (e) => anyItem(read(e), test);
    }
  }
}

/** The definition an element filter name refers to: a sub-attribute, or the element itself as `value`. */
export function elementSubAttribute(attr: AttributeDef, name: string): AttributeDef | undefined {
  if (attr.type === 'complex') return findSubAttribute(attr, name);
  if (name.toLowerCase() !== 'value') return undefined;
  return { ...attr, name: 'value', multiValued: false };
}
