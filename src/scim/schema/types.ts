// SCIM schema model (RFC 7643 §7): the one description that filters, PATCH, projection and /Schemas share.

/** SCIM attribute data types (RFC 7643 §2.3). */
export type ScimDataType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';

/** RFC 7643 §7 mutability. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
/** RFC 7643 §7 returned. */
export type Returned = 'always' | 'never' | 'default' | 'request';
/** RFC 7643 §7 uniqueness. */
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute definition, as served by /Schemas. */
export interface AttributeDef {
  name: string;
  type: ScimDataType;
  multiValued: boolean;
  description?: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

/** One schema (core or extension), as served by /Schemas. */
export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

/** A parsed attribute reference: optional schema URN, attribute name, optional sub-attribute. */
export interface AttrRef {
  urn?: string;
  name: string;
  sub?: string;
}

/** What an attribute reference resolves to within one resource type. */
export interface ResolvedAttr {
  schema: SchemaDef;
  /** True when the attribute lives in an extension (stored under the schema URN key in JSON). */
  extension: boolean;
  attr: AttributeDef;
  /** The sub-attribute definition when the reference names one. */
  subAttr?: AttributeDef;
}
