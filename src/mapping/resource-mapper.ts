// Converts between SCIM resources and connector objects, in ECMA style (every selected attribute in the
// ECMA2Host extension), SCIM style (mapping rules onto the standard schemas), or both.
import type { AttrValue, Attributes, ConnectorAttribute } from '../connector/types.ts';
import { scimError } from '../errors/catalogue.ts';
import { MAX_JSON_DEPTH, jsonDepthExceededAt } from '../util/json-depth.ts';
import type { ScimResource } from '../scim/resource-service.ts';
import { toConnectorValue, toScimValue } from './convert.ts';
import type { MappingRule } from './mapping-rule.ts';

type Json = Record<string, unknown>;

/** The parts of a SCIM resource that are not plain connector attributes. */
export interface FromResource {
  attributes: Attributes;
  /** `active` when the body carried it. */
  active?: boolean;
  /** The SCIM `password`, when sent. */
  password?: string;
}

/** Maps one resource type. */
export class ResourceMapper {
  constructor(
    readonly rules: MappingRule[],
    /** The ECMA extension URN and attributes, or undefined when the connector is SCIM style only. */
    readonly ecma: { urn: string; attributes: ConnectorAttribute[] } | undefined,
  ) {}

  /** Writes connector attributes into a SCIM resource (adds to `res`). */
  write(res: Json, attrs: Attributes): void {
    for (const rule of this.rules) {
      const raw = attrs[rule.target.name];
      const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((v) =>
        toScimValue(rule.target, v),
      );
      if (values.length === 0) continue;
      const container = rule.urn ? ((res[rule.urn] ??= {}) as Json) : res;
      writeRule(container, rule, values);
    }
    if (this.ecma) {
      const ext: Json = {};
      for (const def of this.ecma.attributes) {
        if (def.writeOnly) continue;
        const raw = attrs[def.name];
        if (raw === undefined) continue;
        ext[def.name] = Array.isArray(raw) ? raw.map((v) => toScimValue(def, v)) : toScimValue(def, raw);
      }
      if (Object.keys(ext).length) res[this.ecma.urn] = ext;
    }
  }

  /**
   * Reads connector attributes from a SCIM resource. When both the ECMA extension and a mapping give a value
   * for one attribute, the one that differs from `current` wins (it is the one the client changed).
   */
  read(res: ScimResource, current?: Attributes): FromResource {
    const fromRules: Attributes = {};
    for (const rule of this.rules) {
      const container = rule.urn ? (res[rule.urn] as Json | undefined) : res;
      const values = readRule(container, rule);
      if (values.length) fromRules[rule.target.name] = rule.target.multiValued ? values : values[0];
    }
    const out: Attributes = { ...fromRules };
    if (this.ecma) {
      const ext = res[this.ecma.urn] as Json | undefined;
      for (const def of this.ecma.attributes) {
        const raw = jsonList(def, ext?.[def.name]);
        if (raw === undefined || raw === null) continue;
        const list = (Array.isArray(raw) ? raw : [raw])
          .map((v) => toConnectorValue(def, v))
          .filter((v): v is AttrValue => v !== undefined);
        if (!list.length) continue;
        const v = def.multiValued ? list : list[0];
        // The extension wins unless it still holds the current value and a mapped path changed it.
        if (!(def.name in fromRules) || !current || !same(current[def.name], v)) out[def.name] = v;
      }
    }
    const result: FromResource = { attributes: out };
    if (typeof res.active === 'boolean') result.active = res.active;
    if (typeof res.password === 'string') result.password = res.password;
    return result;
  }
}

/** Entra sends multi-valued values (roles) as a JSON string holding the list: unwrap it. */
function jsonList(def: ConnectorAttribute, raw: unknown): unknown {
  if (def.multiValued && Array.isArray(raw) && raw.length === 1) {
    const inner = jsonList(def, raw[0]);
    if (Array.isArray(inner)) return inner;
  }
  if (!def.multiValued || typeof raw !== 'string' || !raw.trimStart().startsWith('[')) return raw;
  // Parsed, such text would overflow the stack of every walk after it.
  if (jsonDepthExceededAt(raw) >= 0)
    throw scimError.invalidValue(`'${def.name}' holds JSON text nested more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : raw;
  } catch {
    return raw;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function writeRule(container: Json, rule: MappingRule, values: AttrValue[]): void {
  const def = rule.scimAttr;
  const key = rule.name;
  if (def.multiValued) {
    const list = (container[key] ??= []) as unknown[];
    if (def.type !== 'complex') {
      list.push(...values);
      return;
    }
    for (const v of rule.target.multiValued ? values : values.slice(0, 1)) {
      let el =
        rule.match && !rule.target.multiValued
          ? (list.find((e) => matches(e as Json, rule.match!)) as Json | undefined)
          : undefined;
      if (!el) {
        el = { ...(rule.match ?? {}) };
        list.push(el);
      }
      el[rule.sub ?? 'value'] = v;
    }
    return;
  }
  if (def.type === 'complex') {
    const obj = (container[key] ??= {}) as Json;
    obj[rule.sub ?? 'value'] = values[0];
    return;
  }
  container[key] = values[0];
}

function readRule(container: Json | undefined, rule: MappingRule): AttrValue[] {
  if (!container) return [];
  const raw = container[rule.name];
  if (raw === undefined || raw === null) return [];
  const def = rule.scimAttr;
  let picked: unknown[];
  if (def.multiValued) {
    const list = Array.isArray(raw) ? raw : [raw];
    if (def.type === 'complex') {
      const els = rule.match ? list.filter((e) => e && typeof e === 'object' && matches(e as Json, rule.match!)) : list;
      picked = els.map((e) => (e && typeof e === 'object' ? (e as Json)[rule.sub ?? 'value'] : e));
    } else picked = list;
  } else if (def.type === 'complex') {
    picked = [typeof raw === 'object' ? (raw as Json)[rule.sub ?? 'value'] : raw];
  } else picked = [raw];
  return picked.map((v) => toConnectorValue(rule.target, v)).filter((v): v is AttrValue => v !== undefined);
}

function matches(el: Json, match: Record<string, unknown>): boolean {
  for (const [k, want] of Object.entries(match)) {
    const key = Object.keys(el).find((x) => x.toLowerCase() === k.toLowerCase());
    const got = key === undefined ? undefined : el[key];
    if (typeof got === 'string' && typeof want === 'string' ? got.toLowerCase() !== want.toLowerCase() : got !== want)
      return false;
  }
  return true;
}
