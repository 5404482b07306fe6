// One resource type's view of its schemas: resolves attribute references case-insensitively and splits URN paths.
import { COMMON_ATTRIBUTES } from './core-schemas.ts';
import type { AttrRef, AttributeDef, ResolvedAttr, SchemaDef } from './types.ts';

interface SchemaIndex {
  schema: SchemaDef;
  extension: boolean;
  /** Lower-cased attribute name → definition. */
  attrs: Map<string, AttributeDef>;
}

/** Lower-cased sub-attribute names of a complex attribute, built once per definition and shared by all schemas. */
const subIndexes = new WeakMap<AttributeDef, Map<string, AttributeDef>>();

/** The sub-attribute `name` (any case) of a complex attribute, or undefined. */
export function findSubAttribute(parent: AttributeDef, name: string): AttributeDef | undefined {
  let index = subIndexes.get(parent);
  if (!index) {
    index = new Map();
    for (const sub of parent.subAttributes ?? []) index.set(sub.name.toLowerCase(), sub);
    subIndexes.set(parent, index);
  }
  return index.get(name.toLowerCase());
}

function indexAttributes(
  list: readonly AttributeDef[],
  into = new Map<string, AttributeDef>(),
): Map<string, AttributeDef> {
  for (const a of list) {
    const key = a.name.toLowerCase();
    // The schema's own definition wins over a common attribute of the same name.
    if (!into.has(key)) into.set(key, a);
  }
  return into;
}

/** The schemas of one resource type (core plus extensions), with case-insensitive attribute resolution. */
export class ResourceSchema {
  readonly core: SchemaDef;
  readonly extensions: readonly SchemaDef[];
  private readonly byId = new Map<string, SchemaIndex>();
  /** Indexes in resolution order for unqualified names: core (with common attributes), then extensions. */
  private readonly ordered: SchemaIndex[] = [];
  /** Lower-cased schema ids, longest first, so splitUrn finds the longest prefix first. */
  private readonly idsLongestFirst: { lower: string; schema: SchemaDef }[];

  constructor(core: SchemaDef, extensions: readonly SchemaDef[] = []) {
    this.core = core;
    this.extensions = [...extensions];
    const coreIndex: SchemaIndex = {
      schema: core,
      extension: false,
      attrs: indexAttributes(COMMON_ATTRIBUTES, indexAttributes(core.attributes)),
    };
    this.ordered.push(coreIndex);
    this.byId.set(core.id.toLowerCase(), coreIndex);
    for (const ext of extensions) {
      const idx: SchemaIndex = { schema: ext, extension: true, attrs: indexAttributes(ext.attributes) };
      this.ordered.push(idx);
      if (!this.byId.has(ext.id.toLowerCase())) this.byId.set(ext.id.toLowerCase(), idx);
    }
    this.idsLongestFirst = this.ordered
      .map((i) => ({ lower: i.schema.id.toLowerCase(), schema: i.schema }))
      .sort((a, b) => b.lower.length - a.lower.length);
  }

  /** Every schema id of the resource type, core first. */
  get schemaIds(): string[] {
    return this.ordered.map((i) => i.schema.id);
  }

  /** The schema with this id (any case), or undefined. */
  schemaById(id: string): SchemaDef | undefined {
    return this.byId.get(id.toLowerCase())?.schema;
  }

  /** True when the schema id (any case) is one of this resource type's extensions. */
  isExtension(id: string): boolean {
    return this.byId.get(id.toLowerCase())?.extension ?? false;
  }

  /** Resolves a reference; unqualified names try core plus common attributes, then each extension in order. */
  resolve(ref: AttrRef): ResolvedAttr | undefined {
    const name = ref.name.toLowerCase();
    if (ref.urn !== undefined) {
      const idx = this.byId.get(ref.urn.toLowerCase());
      return idx ? this.resolveIn(idx, name, ref.sub) : undefined;
    }
    for (const idx of this.ordered) {
      if (idx.attrs.has(name)) return this.resolveIn(idx, name, ref.sub);
    }
    return undefined;
  }

  private resolveIn(idx: SchemaIndex, lowerName: string, sub: string | undefined): ResolvedAttr | undefined {
    const attr = idx.attrs.get(lowerName);
    if (!attr) return undefined;
    if (sub === undefined) return { schema: idx.schema, extension: idx.extension, attr };
    if (attr.type !== 'complex') return undefined;
    const subAttr = findSubAttribute(attr, sub);
    return subAttr ? { schema: idx.schema, extension: idx.extension, attr, subAttr } : undefined;
  }

  /**
   * Splits a `urn:` path into schema URN and the rest. URNs contain ':' and '.', so the split is at the longest
   * known schema id that prefixes the path followed by ':'; an unknown URN splits at the last ':'.
   */
  splitUrn(path: string): { urn?: string; rest: string } {
    if (!startsWithUrn(path)) return { rest: path };
    const lower = path.toLowerCase();
    for (const { lower: id, schema } of this.idsLongestFirst) {
      if (!lower.startsWith(id)) continue;
      if (lower.length === id.length) return { urn: schema.id, rest: '' };
      if (lower.charCodeAt(id.length) === 58 /* ':' */) return { urn: schema.id, rest: path.slice(id.length + 1) };
    }
    return splitAtLastColon(path);
  }

  /** The attribute path in its declared case (`name.givenName`), without URN; undefined when unknown. */
  canonicalName(ref: AttrRef): string | undefined {
    const r = this.resolve(ref);
    if (!r) return undefined;
    return r.subAttr ? `${r.attr.name}.${r.subAttr.name}` : r.attr.name;
  }

  /** The reference in declared case, with the schema URN set for extension attributes and left out for core ones. */
  canonicalRef(ref: AttrRef): AttrRef | undefined {
    const r = this.resolve(ref);
    if (!r) return undefined;
    const out: AttrRef = { name: r.attr.name };
    if (r.extension) out.urn = r.schema.id;
    if (r.subAttr) out.sub = r.subAttr.name;
    return out;
  }
}

/** True when the text starts with `urn:` in any case. */
export function startsWithUrn(text: string): boolean {
  return text.length > 4 && text.slice(0, 4).toLowerCase() === 'urn:';
}

/** The split used when no schema knows the URN: everything up to the last ':' is the URN. */
export function splitAtLastColon(path: string): { urn?: string; rest: string } {
  const at = path.lastIndexOf(':');
  return at < 0 ? { rest: path } : { urn: path.slice(0, at), rest: path.slice(at + 1) };
}
