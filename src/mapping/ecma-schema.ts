// The ECMA2Host extension schema: every selected connector attribute, as Entra's "On-premises ECMA app" reads it.
import type { ConnectorAttribute } from '../connector/types.ts';
import type { AttributeDef, ScimDataType, SchemaDef } from '../scim/schema/types.ts';

/** The ECMA2Host extension URN of a resource type (User, Group, …). */
export function ecmaUrn(resource: string): string {
  return `urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:${resource}`;
}

const TYPES: Record<ConnectorAttribute['type'], ScimDataType> = {
  string: 'string',
  integer: 'integer',
  boolean: 'boolean',
  dateTime: 'dateTime',
  reference: 'reference',
  binary: 'binary',
};

/** The SCIM definition of one connector attribute. */
export function scimAttributeOf(
  a: ConnectorAttribute,
  opts: { anchor: boolean; anchorGenerated: boolean; referenceResource?: string },
): AttributeDef {
  const mutability =
    a.readOnly || (opts.anchor && opts.anchorGenerated)
      ? 'readOnly'
      : a.writeOnly
        ? 'writeOnly'
        : opts.anchor
          ? 'immutable'
          : 'readWrite';
  return {
    name: a.name,
    type: TYPES[a.type],
    multiValued: a.multiValued ?? false,
    description: a.description ?? '',
    required: (a.required ?? false) && !(opts.anchor && opts.anchorGenerated),
    caseExact: a.caseExact ?? false,
    mutability,
    returned: a.writeOnly ? 'never' : 'default',
    uniqueness: a.unique || opts.anchor ? 'server' : 'none',
    ...(a.type === 'reference' ? { referenceTypes: [opts.referenceResource ?? a.referenceTo ?? 'external'] } : {}),
  };
}

/** Builds the ECMA2Host extension schema of a resource type from its selected attributes. */
export function ecmaSchema(resource: string, attrs: SchemaDef['attributes']): SchemaDef {
  return {
    id: ecmaUrn(resource),
    name: `ECMA2Host${resource}`,
    description: `Attributes of the connector's ${resource} object type`,
    attributes: attrs,
  };
}
