// Builds, for one configured object type, what the SCIM side and the sync side need: the resource type with
// its schemas, the mapper, the index paths and the sync runtime. Configuration mistakes fail here, by name.
import type { ConnectorConfig, ObjectTypeConfig } from '../config/host-config.ts';
import type { ConnectorAttribute, ConnectorObjectType } from '../connector/types.ts';
import { ecmaSchema, ecmaUrn, scimAttributeOf } from '../mapping/ecma-schema.ts';
import { parseMappingRule, type MappingRule } from '../mapping/mapping-rule.ts';
import { ResourceMapper } from '../mapping/resource-mapper.ts';
import type { ResourceTypeInfo } from '../scim/resource-service.ts';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../scim/schema/core-schemas.ts';
import { ResourceSchema } from '../scim/schema/resource-schema.ts';
import type { SchemaDef } from '../scim/schema/types.ts';
import { defaultDnTemplate } from '../sync/dn.ts';
import type { ObjectTypeRuntime } from '../sync/object-type.ts';

/** Everything built for one object type. */
export interface ObjectTypeSetup {
  info: ResourceTypeInfo;
  runtime: ObjectTypeRuntime;
  mapper: ResourceMapper;
  indexedPaths: Map<string, string>;
  /** The attributes the connector space indexes. */
  indexed: string[];
}

/** SCIM attributes clients match on (Entra's defaults and common choices): their targets are indexed. */
const IDENTITY = new Set(['username', 'externalid', 'displayname', 'emails']);

/** A setting of an object type, as a path below the object type (`['mapping', 'description']`). */
export type ObjectTypeSetting = readonly (string | number)[];

/** One mistake of an object type's configuration: the setting to fix and what is wrong with it. */
export interface SetupProblem {
  setting: ObjectTypeSetting;
  message: string;
}

/**
 * Thrown for a configuration that does not fit the connector's schema. Carries every problem found with the
 * setting it is about, so that `ferry validate` and `ferry serve` can both point at the file, line and column.
 */
export class SetupError extends Error {
  override readonly name: string = 'SetupError';
  readonly problems: readonly SetupProblem[];

  constructor(message: string, problems: readonly SetupProblem[] = []) {
    super(message);
    this.problems = problems;
  }
}

/** Throws one SetupError for every problem, each message starting with where it is. */
function failWith(where: string, problems: SetupProblem[]): never {
  const lines = problems.map((p) => `${where}: ${formatSetting(p.setting)}: ${p.message}`);
  throw new SetupError(lines.join('\n'), problems);
}

function formatSetting(setting: ObjectTypeSetting): string {
  return setting
    .map((s, i) =>
      typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (i ? `.${s}` : s) : `[${JSON.stringify(s)}]`,
    )
    .join('');
}

function coreSchemaOf(resource: string): SchemaDef {
  if (resource === 'User') return USER_SCHEMA;
  if (resource === 'Group') return GROUP_SCHEMA;
  return {
    id: `urn:ietf:params:scim:schemas:core:2.0:${resource}`,
    name: resource,
    description: `${resource} objects`,
    attributes: [],
  };
}

/** The SCIM endpoint of a resource type: User → /Users, Group → /Groups, X → /Xs. */
export function endpointOf(resource: string): string {
  return `/${resource}s`;
}

/** Sets up one object type of a connector from its configuration and the connector's schema. */
export function setupObjectType(
  cc: ConnectorConfig,
  ot: ObjectTypeConfig,
  connectorTypes: ConnectorObjectType[],
): ObjectTypeSetup {
  const where = `connector ${cc.name}, object type ${ot.name}`;
  const problems: SetupProblem[] = [];
  const problem = (setting: ObjectTypeSetting, message: string) => problems.push({ setting, message });
  const definition = connectorTypes.find((t) => t.name === ot.name);
  if (!definition)
    failWith(where, [
      {
        setting: ['name'],
        message: `the connector has no object type "${ot.name}" (it has: ${connectorTypes.map((t) => t.name).join(', ')}).`,
      },
    ]);
  const known = definition.attributes.map((x) => x.name).join(', ');
  const attr = (name: string, why: string, setting: ObjectTypeSetting): ConnectorAttribute | undefined => {
    const a = definition.attributes.find((x) => x.name === name);
    if (!a) problem(setting, `${why} "${name}" is not an attribute of the connector's schema (it has: ${known}).`);
    return a;
  };
  const anchorDef = attr(ot.anchor, 'anchor', ['anchor']);
  const selected = new Map<string, ConnectorAttribute>();
  if (anchorDef) selected.set(anchorDef.name, anchorDef);
  if (ot.attributes.length)
    ot.attributes.forEach((n, j) => {
      const a = attr(n, 'selected attribute', ['attributes', j]);
      if (a) selected.set(n, a);
    });
  else for (const a of definition.attributes) selected.set(a.name, a);
  const anchorGenerated = !!anchorDef?.readOnly;
  const resource = ot.resource ?? ot.name;
  const exposure = cc.exposure;

  const fullCore = coreSchemaOf(resource);
  const mappingEntries = Object.entries(ot.mapping ?? {});
  if (exposure === 'scim' && mappingEntries.length === 0)
    problem(['mapping'], 'exposure "scim" needs a mapping (SCIM path → connector attribute).');
  for (const [path, target] of mappingEntries) {
    if (selected.has(target)) continue;
    const a = attr(target, 'mapping target', ['mapping', path]);
    if (a) selected.set(target, a);
  }
  const d = ot.deprovisioning;
  if (d.disable.flow === 'set') {
    const setting = ['deprovisioning', 'disable', 'attribute'];
    const a = d.disable.attribute ? attr(d.disable.attribute, 'disable attribute', setting) : undefined;
    if (!d.disable.attribute) problem(setting, 'disable flow "set" needs an attribute.');
    else if (a && a.type !== 'boolean')
      problem(setting, `the disable attribute "${a.name}" must be boolean, it is ${a.type}.`);
    else if (a) selected.set(a.name, a);
  }
  const custom = ot.customSchema;
  const customEntries = Object.entries(custom?.attributes ?? {});
  const customId = custom?.id ?? `urn:ietf:params:scim:schemas:extension:${cc.name}:2.0:${resource}`;
  if (custom && exposure === 'ecma')
    problem(['customSchema'], 'exposure "ecma" already has every selected attribute in the ECMA2Host extension.');
  if (custom && [fullCore.id, ecmaUrn(resource), ENTERPRISE_USER_SCHEMA.id].includes(customId))
    problem(['customSchema', 'id'], `"${customId}" is a schema Ferry already serves; choose a URN of your own.`);
  for (const [name, target] of customEntries) {
    const a = selected.get(target) ?? attr(target, 'custom schema attribute', ['customSchema', 'attributes', name]);
    if (a) selected.set(target, a);
  }
  for (const [j, n] of (ot.index ?? []).entries())
    if (!selected.has(n)) problem(['index', j], `"${n}" is not a selected attribute.`);

  const ecmaAttrs = [...selected.values()];
  const ecmaDef =
    exposure === 'scim'
      ? undefined
      : ecmaSchema(
          resource,
          ecmaAttrs.map((a) => scimAttributeOf(a, { anchor: a.name === ot.anchor, anchorGenerated })),
        );
  // The custom schema: each attribute typed as its connector attribute, under the name the configuration gives it.
  const customDef: SchemaDef | undefined =
    custom && exposure !== 'ecma'
      ? {
          id: customId,
          name: custom.name ?? `${cc.name}${resource}`,
          description: `Attributes of connector ${cc.name}'s ${resource} beyond the standard schemas`,
          attributes: customEntries
            .filter(([, target]) => selected.has(target))
            .map(([name, target]) =>
              scimAttributeOf({ ...selected.get(target)!, name }, { anchor: target === ot.anchor, anchorGenerated }),
            ),
        }
      : undefined;
  const extensionsFull: SchemaDef[] = [];
  if (resource === 'User' && exposure !== 'ecma') extensionsFull.push(ENTERPRISE_USER_SCHEMA);
  if (customDef) extensionsFull.push(customDef);
  if (ecmaDef) extensionsFull.push(ecmaDef);

  // ECMA only: the core schema holds just what is mapped (and active), so that unqualified names such as
  // `userName` resolve to the ECMA extension attribute.
  const mappedTop = new Set(mappingEntries.map(([p]) => p.split(/[.[]/)[0].toLowerCase()));
  const coreForEcma: SchemaDef = {
    ...fullCore,
    attributes: fullCore.attributes.filter(
      (a) => mappedTop.has(a.name.toLowerCase()) || (resource === 'User' && a.name === 'active'),
    ),
  };
  const resolutionCore = exposure === 'ecma' ? coreForEcma : fullCore;
  const schema = new ResourceSchema(resolutionCore, extensionsFull);
  const rules: MappingRule[] = [];
  for (const [path, target] of mappingEntries) {
    if (!selected.has(target)) continue; // reported above
    try {
      rules.push(parseMappingRule(path, selected.get(target)!, schema));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      problem(['mapping', path], /unknown attribute/.test(message) ? message + hintFor(resource, exposure) : message);
    }
  }
  // Built directly, not parsed: an attribute the application sets (read-only) may be shown in a schema of its own.
  for (const scimAttr of customDef?.attributes ?? []) {
    const target = selected.get(custom!.attributes[scimAttr.name])!;
    rules.push({ text: `${customId}:${scimAttr.name}`, urn: customId, name: scimAttr.name, scimAttr, target });
  }
  if (problems.length) failWith(where, problems);

  // /Schemas shows what is really served: mapped core attributes, the enterprise attributes in use, the ECMA extension.
  const usedEnterprise = new Set(rules.filter((r) => r.urn === ENTERPRISE_USER_SCHEMA.id).map((r) => r.name));
  const shownCore: SchemaDef = {
    ...fullCore,
    attributes: fullCore.attributes.filter(
      (a) => mappedTop.has(a.name.toLowerCase()) || (resource === 'User' && a.name === 'active'),
    ),
  };
  const extensions: ResourceTypeInfo['extensions'] = [];
  if (usedEnterprise.size)
    extensions.push({
      schema: {
        ...ENTERPRISE_USER_SCHEMA,
        attributes: ENTERPRISE_USER_SCHEMA.attributes.filter((a) => usedEnterprise.has(a.name)),
      },
      required: false,
    });
  if (customDef) extensions.push({ schema: customDef, required: false });
  if (ecmaDef) extensions.push({ schema: ecmaDef, required: false });

  const info: ResourceTypeInfo = {
    name: resource,
    endpoint: endpointOf(resource),
    description: `${resource} objects of connector ${cc.name}`,
    core: { ...shownCore, attributes: [...shownCore.attributes] },
    extensions,
    schema,
  };

  const mapper = new ResourceMapper(rules, ecmaDef ? { urn: ecmaUrn(resource), attributes: ecmaAttrs } : undefined);
  const indexedPaths = new Map<string, string>();
  const perTop = new Map<string, number>();
  for (const r of rules) perTop.set(r.name, (perTop.get(r.name) ?? 0) + 1);
  for (const r of rules) {
    const prefix = r.urn ? `${r.urn}:` : '';
    const complex = r.scimAttr.type === 'complex';
    const keyed = complex ? `${r.name}.${r.sub}` : r.name;
    if (!r.match) {
      indexedPaths.set((prefix + keyed).toLowerCase(), r.target.name);
      if (complex && r.sub === 'value') indexedPaths.set((prefix + r.name).toLowerCase(), r.target.name);
      if (r.urn) indexedPaths.set(keyed.toLowerCase(), r.target.name);
    } else if (perTop.get(r.name) === 1) {
      indexedPaths.set((prefix + keyed).toLowerCase(), r.target.name);
    }
  }
  if (ecmaDef) {
    for (const a of ecmaAttrs) {
      indexedPaths.set(`${ecmaDef.id}:${a.name}`.toLowerCase(), a.name);
      const unq = a.name.toLowerCase();
      if (!indexedPaths.has(unq) && schema.resolve({ name: a.name })?.extension) indexedPaths.set(unq, a.name);
    }
  }

  const indexed = new Set<string>(
    ot.index ?? [
      ot.anchor,
      ...[...selected.values()].filter((a) => a.unique).map((a) => a.name),
      ...rules.filter((r) => IDENTITY.has(r.name.toLowerCase())).map((r) => r.target.name),
    ],
  );
  indexed.add(ot.anchor);
  for (const [path, target] of indexedPaths) if (!indexed.has(target)) indexedPaths.delete(path);

  const runtime: ObjectTypeRuntime = {
    name: ot.name,
    anchor: ot.anchor,
    dnTemplate: ot.dn ?? defaultDnTemplate(ot.name),
    definition,
    selected,
    anchorGenerated,
  };
  return { info, runtime, mapper, indexedPaths, indexed: [...indexed] };
}

/** What to do when a path is not in the exposed schemas: an ECMA-style connector exposes every attribute already. */
function hintFor(resource: string, exposure: string): string {
  if (exposure === 'ecma') return ' (with exposure "ecma" every selected attribute is in the ECMA2Host extension)';
  return ` (a standard ${resource} has no such attribute: check the spelling, or expose the attribute in a custom extension schema with customSchema.attributes)`;
}
