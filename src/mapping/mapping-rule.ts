// One SCIM-style mapping: a SCIM path (`name.givenName`, `emails[type eq "work"].value`, an enterprise URN
// path) bound to one connector attribute.
import { scimError } from '../errors/catalogue.ts';
import type { ConnectorAttribute } from '../connector/types.ts';
import { equalityConjuncts, parseFilter } from '../scim/filter/parser.ts';
import type { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { AttributeDef } from '../scim/schema/types.ts';

/** A parsed mapping rule. */
export interface MappingRule {
  /** The SCIM path as written in the configuration. */
  text: string;
  /** The extension URN, or undefined for the core schema. */
  urn?: string;
  /** The top-level SCIM attribute (declared case). */
  name: string;
  scimAttr: AttributeDef;
  /** Sub-attribute equalities that select the element of a multi-valued complex attribute. */
  match?: Record<string, string | number | boolean>;
  /** The sub-attribute holding the value (declared case); complex attributes default to `value`. */
  sub?: string;
  target: ConnectorAttribute;
}

const PATH = /^([^[\]]+?)(?:\[(.+)\])?(?:\.([A-Za-z$][\w$-]*))?$/;

/** Parses the mapping `scimPath → target` against the resource schema. */
export function parseMappingRule(text: string, target: ConnectorAttribute, schema: ResourceSchema): MappingRule {
  const { urn, rest } = schema.splitUrn(text.trim());
  const m = PATH.exec(rest);
  if (!m) throw scimError.invalidPath(`Mapping path "${text}" is not a SCIM attribute path.`);
  let [, head, filterText, tailSub] = m;
  let sub = tailSub;
  if (!filterText && head.includes('.')) {
    const dot = head.indexOf('.');
    sub = head.slice(dot + 1);
    head = head.slice(0, dot);
  }
  const resolved = schema.resolve({ urn, name: head });
  if (!resolved) throw scimError.invalidPath(`Mapping path "${text}": unknown attribute "${head}".`);
  const scimAttr = resolved.attr;
  let match: MappingRule['match'];
  if (filterText) {
    const eqs = equalityConjuncts(parseFilter(filterText));
    match = {};
    for (const e of eqs) match[e.path.name] = e.value;
  }
  let subName: string | undefined;
  let subDef: AttributeDef | undefined;
  if (sub) {
    subDef = scimAttr.subAttributes?.find((s) => s.name.toLowerCase() === sub!.toLowerCase());
    if (!subDef) throw scimError.invalidPath(`Mapping path "${text}": "${head}" has no sub-attribute "${sub}".`);
    subName = subDef.name;
  } else if (scimAttr.type === 'complex') {
    subName = 'value';
    subDef = scimAttr.subAttributes?.find((s) => s.name === 'value');
  }
  // A read-only attribute (meta.created, id, groups) is the service provider's own: clients cannot write it, and
  // the mapper never fills it, so a mapping onto it would be silently ignored.
  if (scimAttr.mutability === 'readOnly' || subDef?.mutability === 'readOnly') {
    const shown = subName && sub ? `${scimAttr.name}.${subName}` : scimAttr.name;
    throw scimError.invalidPath(
      `Mapping path "${text}": "${shown}" is read-only in SCIM (the service provider sets it) and cannot be mapped.`,
    );
  }
  return {
    text,
    urn: resolved.extension ? resolved.schema.id : undefined,
    name: scimAttr.name,
    scimAttr,
    match,
    sub: subName,
    target,
  };
}
