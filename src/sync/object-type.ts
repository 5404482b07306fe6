// What the sync engine knows of one object type: the connector's definition and the connector's settings.
import type { AttrValue, Attributes, ConnectorAttribute, ConnectorObjectType } from '../connector/types.ts';

/** One object type as configured on a connector. */
export interface ObjectTypeRuntime {
  name: string;
  anchor: string;
  dnTemplate: string;
  definition: ConnectorObjectType;
  /** The selected attributes (always includes the anchor), by name. */
  selected: Map<string, ConnectorAttribute>;
  /** The application assigns the anchor on add (the anchor attribute is read-only in its schema). */
  anchorGenerated: boolean;
}

const sortedNames = new WeakMap<ObjectTypeRuntime, string[]>();

/**
 * Keeps only selected, storable attributes (never write-only ones such as export_password), in name order, so
 * that the stored JSON of equal objects is equal text without sorting each time.
 */
export function storable(rt: ObjectTypeRuntime, attrs: Attributes, anchor?: string): Attributes {
  let names = sortedNames.get(rt);
  if (!names) {
    names = [...rt.selected.values()]
      .filter((d) => !d.writeOnly)
      .map((d) => d.name)
      .sort();
    sortedNames.set(rt, names);
  }
  const out: Attributes = {};
  for (const name of names) {
    // The anchor, when given, overrides the attribute of that name (saves callers a copy of every object).
    const value = anchor !== undefined && name === rt.anchor ? anchor : attrs[name];
    if (value === undefined || isEmpty(value)) continue;
    out[name] = value;
  }
  return out;
}

/** True for undefined, '', and empty lists: attributes with no value. */
export function isEmpty(v: AttrValue | AttrValue[] | undefined | null): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Values of an attribute as a list. */
export function valuesOf(v: AttrValue | AttrValue[] | undefined): AttrValue[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

/** Compares two values the way the attribute's definition says (case-insensitive unless caseExact). */
export function sameValue(def: ConnectorAttribute | undefined, a: AttrValue, b: AttrValue): boolean {
  if (typeof a === 'string' && typeof b === 'string' && !def?.caseExact) return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** True when two attribute values hold the same values (order-insensitive for multi-valued). */
export function sameAttribute(
  def: ConnectorAttribute | undefined,
  a: AttrValue | AttrValue[] | undefined,
  b: AttrValue | AttrValue[] | undefined,
): boolean {
  const va = valuesOf(a);
  const vb = valuesOf(b);
  if (va.length !== vb.length) return false;
  if (!def?.multiValued) return va.every((x, i) => x === vb[i]);
  // A set, not a search per value: a group's members are tens of thousands.
  const inB = new Set(vb);
  return va.every((x) => inB.has(x));
}
