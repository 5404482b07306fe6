// Small constructors for AttributeDef, so schema constants read as a list of names and differences from the defaults.
import type { AttributeDef, Mutability, Returned, ScimDataType, Uniqueness } from './types.ts';

/** The characteristics an attribute may override; everything else takes the RFC 7643 §7 defaults. */
export interface AttrOptions {
  description?: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: Mutability;
  returned?: Returned;
  uniqueness?: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
}

/** A simple (non-complex) attribute with RFC 7643 §7 defaults: single, optional, caseExact false, readWrite. */
export function attr(name: string, type: Exclude<ScimDataType, 'complex'>, opts: AttrOptions = {}): AttributeDef {
  const def: AttributeDef = {
    name,
    type,
    multiValued: opts.multiValued ?? false,
    required: opts.required ?? false,
    caseExact: opts.caseExact ?? false,
    mutability: opts.mutability ?? 'readWrite',
    returned: opts.returned ?? 'default',
    uniqueness: opts.uniqueness ?? 'none',
  };
  if (opts.description !== undefined) def.description = opts.description;
  if (opts.canonicalValues) def.canonicalValues = opts.canonicalValues;
  if (opts.referenceTypes) def.referenceTypes = opts.referenceTypes;
  return def;
}

/** A complex attribute; sub-attributes inherit nothing (each carries its own characteristics). */
export function complex(name: string, subAttributes: AttributeDef[], opts: AttrOptions = {}): AttributeDef {
  const def: AttributeDef = {
    name,
    type: 'complex',
    multiValued: opts.multiValued ?? false,
    required: opts.required ?? false,
    caseExact: opts.caseExact ?? false,
    mutability: opts.mutability ?? 'readWrite',
    returned: opts.returned ?? 'default',
    uniqueness: opts.uniqueness ?? 'none',
    subAttributes,
  };
  if (opts.description !== undefined) def.description = opts.description;
  return def;
}

/** A multi-valued complex attribute. */
export function multiComplex(name: string, subAttributes: AttributeDef[], opts: AttrOptions = {}): AttributeDef {
  return complex(name, subAttributes, { ...opts, multiValued: true });
}

/** Options for the value/display/type/primary quartet most multi-valued attributes share (RFC 7643 §2.4). */
export interface PluralOptions {
  valueType?: 'string' | 'reference' | 'binary';
  valueCaseExact?: boolean;
  referenceTypes?: string[];
  typeValues?: string[];
  mutability?: Mutability;
}

/** The sub-attributes value, display, type and primary of a plural attribute. */
export function pluralSubAttributes(opts: PluralOptions = {}): AttributeDef[] {
  const m = opts.mutability;
  return [
    attr('value', opts.valueType ?? 'string', {
      caseExact: opts.valueCaseExact,
      referenceTypes: opts.referenceTypes,
      mutability: m,
    }),
    attr('display', 'string', { mutability: m }),
    attr('type', 'string', { canonicalValues: opts.typeValues, mutability: m }),
    attr('primary', 'boolean', { mutability: m }),
  ];
}
