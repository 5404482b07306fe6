// add / replace / remove at one resolved PATCH path (RFC 7644 §3.5.2.1-3), on a resource the engine has cloned.
import { scimError } from '../../errors/catalogue.ts';
import type { Filter } from '../filter/ast.ts';
import { compileElementFilter, isPresent } from '../filter/evaluate.ts';
import { findKey, readKey } from '../filter/read-value.ts';
import { findSubAttribute, startsWithUrn, type ResourceSchema } from '../schema/resource-schema.ts';
import type { AttributeDef } from '../schema/types.ts';
import { coerceAttrValue, coerceSimple, coerceSingle, type CoerceContext } from './coerce.ts';
import type { PatchLists } from './keyed-values.ts';
import { parsePatchPath, type PatchPath } from './path.ts';
import {
  clearOtherPrimaries,
  deepEqual,
  deleteKey,
  isPlainObject,
  keepLastPrimary,
  sameValue,
  setKey,
  valueKey,
  valueKeys,
  type JsonObject,
} from './values.ts';

/** One operation's context: its kind, where it sits in the request (for messages) and the resource type. */
export interface OpContext {
  op: 'add' | 'replace' | 'remove';
  where: string;
  schema: ResourceSchema;
  /** The PATCH run's keyed lists: whole-attribute add and remove of values go through them. */
  lists?: PatchLists;
}

/** True for `add`/`remove` of values of a whole multi-valued attribute: the operations keyed lists serve. */
function keyedOperation(path: PatchPath): boolean {
  const attr = path.attr;
  return (
    attr?.multiValued === true &&
    !path.filter &&
    !path.subAttr &&
    attr.mutability !== 'immutable' &&
    attr.mutability !== 'readOnly'
  );
}

function coerceContext(ctx: OpContext): CoerceContext {
  return {
    where: `${ctx.where}.value`,
    onUnknown: (label) => {
      throw scimError.invalidValue(`${ctx.where}.value: '${label}' is not a sub-attribute the schema defines`);
    },
  };
}

/** The object holding the path's attribute: the resource, or its extension object (created when `create`). */
function containerOf(resource: JsonObject, path: PatchPath, create: boolean): JsonObject | undefined {
  if (!path.extension) return resource;
  const key = findKey(resource, path.schema.id);
  const current = key === undefined ? undefined : resource[key];
  if (isPlainObject(current)) {
    if (key !== path.schema.id) setKey(resource, path.schema.id, current);
    return current;
  }
  if (!create) return undefined;
  const fresh: JsonObject = {};
  setKey(resource, path.schema.id, fresh);
  return fresh;
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function storeList(box: JsonObject, attr: AttributeDef, list: unknown[]): void {
  if (list.length) setKey(box, attr.name, list);
  else deleteKey(box, attr.name);
}

/** Sets (or, for null, deletes) one sub-attribute of an element, refusing to change an immutable one. */
function setSub(el: JsonObject, sub: AttributeDef, value: unknown, label: string, ctx: OpContext): void {
  const old = readKey(el, sub.name);
  if (sub.mutability === 'immutable' && isPresent(old) && !(value !== null && sameValue(sub, old, value))) {
    throw scimError.mutability(`${ctx.where}: '${label}' is immutable and already set`);
  }
  if (value === null) deleteKey(el, sub.name);
  else setKey(el, sub.name, value);
}

function coerceSub(sub: AttributeDef, raw: unknown, label: string, ctx: OpContext): unknown {
  const c = coerceContext(ctx);
  return sub.multiValued ? coerceAttrValue(sub, raw, label, c) : coerceSimple(sub, raw, label, c);
}

/** Applies add or replace of `raw` at `path`. */
export function writeAt(resource: JsonObject, path: PatchPath, raw: unknown, ctx: OpContext): void {
  // Every other operation reads the lists themselves.
  if (!(ctx.op === 'add' && keyedOperation(path))) ctx.lists?.flush();
  const attr = path.attr;
  if (!attr) {
    // A schema URN as path: its value is an object of that schema's attributes, each written in turn.
    if (!isPlainObject(raw)) {
      throw scimError.invalidValue(
        `${ctx.where}.value: the value for schema '${path.schema.id}' must be an object of its attributes`,
      );
    }
    for (const [key, v] of Object.entries(raw)) {
      writeAt(resource, parsePatchPath(startsWithUrn(key) ? key : `${path.schema.id}:${key}`, ctx.schema), v, ctx);
    }
    return;
  }
  if (attr.mutability === 'readOnly' || path.subAttr?.mutability === 'readOnly') {
    // Clients that echo a read-only value unchanged (the id, say) are not changing it.
    const box = containerOf(resource, path, false);
    const current =
      path.subAttr && !path.filter ? readKey(readKey(box, attr.name), path.subAttr.name) : readKey(box, attr.name);
    if (!path.filter && deepEqual(current, raw)) return;
    throw scimError.mutability(`${ctx.where}: '${path.text}' is read-only`);
  }
  const box = containerOf(resource, path, true) as JsonObject;
  const before = attr.mutability === 'immutable' ? structuredClone(readKey(box, attr.name)) : undefined;
  if (path.filter) writeFiltered(box, attr, path.filter, path.subAttr, raw, path.text, ctx);
  else if (path.subAttr) writeSubAttribute(box, attr, path.subAttr, raw, ctx);
  else writeWhole(box, attr, raw, ctx);
  if (attr.mutability === 'immutable' && isPresent(before) && !deepEqual(before, readKey(box, attr.name))) {
    throw scimError.mutability(`${ctx.where}: '${attr.name}' is immutable and already set`);
  }
}

function writeWhole(box: JsonObject, attr: AttributeDef, raw: unknown, ctx: OpContext): void {
  const value = coerceAttrValue(attr, raw, attr.name, coerceContext(ctx));
  if (value === null) {
    // null (or an empty list) unassigns the attribute on replace (RFC 7643 §2.5); adding nothing changes nothing.
    if (ctx.op === 'replace') deleteKey(box, attr.name);
    return;
  }
  if (attr.multiValued) {
    const incoming = value as unknown[];
    if (ctx.op === 'replace') {
      keepLastPrimary(incoming);
      setKey(box, attr.name, incoming);
      return;
    }
    const keyed = ctx.lists?.keyed(box, attr);
    const incomingKeys = keyed && incoming.map((item) => valueKey(attr, item));
    if (keyed && incomingKeys?.every((k) => k !== undefined)) {
      incoming.forEach((item, i) => {
        keyed.add(incomingKeys[i] as string, item);
      });
      return;
    }
    ctx.lists?.flush();
    const list = [...listOf(readKey(box, attr.name))];
    let keys = valueKeys(attr, list);
    for (const item of incoming) {
      const key = keys && valueKey(attr, item);
      if (key === undefined) keys = undefined; // a value with no key: compare pairwise from here on
      if (key !== undefined ? keys!.has(key) : list.some((x) => sameValue(attr, x, item))) continue;
      list.push(item);
      if (key !== undefined) keys!.add(key);
      if (isPlainObject(item) && item.primary === true) clearOtherPrimaries(list, item);
    }
    storeList(box, attr, list);
    return;
  }
  if (attr.type === 'complex') {
    setKey(box, attr.name, mergeComplex(attr, readKey(box, attr.name), value as JsonObject));
    return;
  }
  setKey(box, attr.name, value);
}

/**
 * add and replace on a single complex attribute merge sub-attributes (RFC 7644 §3.5.2.1, .3). But a complex
 * reference identified by `value` (manager) that gets a different `value` is another object: the old one's
 * `$ref` and `displayName` must not survive, so it is replaced whole.
 */
function mergeComplex(attr: AttributeDef, current: unknown, incoming: JsonObject): JsonObject {
  if (!isPlainObject(current)) return incoming;
  const valueDef = findSubAttribute(attr, 'value');
  const oldValue = readKey(current, 'value');
  if (
    valueDef &&
    incoming.value !== undefined &&
    oldValue !== undefined &&
    !sameValue(valueDef, oldValue, incoming.value)
  ) {
    return incoming;
  }
  const merged: JsonObject = { ...current };
  for (const [k, v] of Object.entries(incoming)) setKey(merged, k, v);
  return merged;
}

function writeSubAttribute(box: JsonObject, attr: AttributeDef, sub: AttributeDef, raw: unknown, ctx: OpContext): void {
  const label = `${attr.name}.${sub.name}`;
  const value = coerceSub(sub, raw, label, ctx);
  const current = readKey(box, attr.name);
  if (!attr.multiValued) {
    const obj: JsonObject = isPlainObject(current) ? current : {};
    setSub(obj, sub, value, label, ctx);
    if (Object.keys(obj).length) setKey(box, attr.name, obj);
    else deleteKey(box, attr.name);
    return;
  }
  // `emails.value` without a filter addresses every element; with none yet, it makes the first one.
  const list = listOf(current);
  if (list.length === 0) {
    if (value !== null) setKey(box, attr.name, [{ [sub.name]: value }]);
    return;
  }
  for (const el of list) if (isPlainObject(el)) setSub(el, sub, value, label, ctx);
  storeList(
    box,
    attr,
    list.filter((el) => !isPlainObject(el) || Object.keys(el).length > 0),
  );
}

/**
 * The element an equality filter describes (`type eq "work" and primary eq true` → {type, primary}), or
 * undefined when the filter is anything but an `and` of equalities on known sub-attributes.
 */
function equalitySeed(filter: Filter, attr: AttributeDef, ctx: OpContext): JsonObject | undefined {
  const seed: JsonObject = {};
  const walk = (f: Filter): boolean => {
    if (f.kind === 'and') return walk(f.left) && walk(f.right);
    if (
      f.kind !== 'compare' ||
      f.op !== 'eq' ||
      f.value === null ||
      f.path.urn !== undefined ||
      f.path.sub !== undefined
    )
      return false;
    const sub = findSubAttribute(attr, f.path.name);
    if (!sub) return false;
    seed[sub.name] = coerceSimple(sub, f.value, `${attr.name}.${sub.name}`, coerceContext(ctx));
    return true;
  };
  return walk(filter) ? seed : undefined;
}

function writeFiltered(
  box: JsonObject,
  attr: AttributeDef,
  filter: Filter,
  sub: AttributeDef | undefined,
  raw: unknown,
  text: string,
  ctx: OpContext,
): void {
  const matches = compileElementFilter(filter, attr);
  const list = [...listOf(readKey(box, attr.name))];
  const hits = list.flatMap((el, i) => (matches(el) ? [i] : []));
  const cctx = coerceContext(ctx);

  if (attr.type !== 'complex') {
    // A multi-valued simple attribute: `proxyAddresses[value eq "x"]` selects elements themselves.
    const value = coerceSimple({ ...attr, multiValued: false }, raw, attr.name, cctx);
    if (hits.length === 0) {
      if (ctx.op !== 'add') throw scimError.noTarget(`${ctx.where}: no value of '${attr.name}' matches '${text}'`);
      if (value !== null && !list.some((x) => sameValue(attr, x, value))) list.push(value);
    } else {
      for (const i of hits) list[i] = value;
    }
    storeList(
      box,
      attr,
      list.filter((x) => x !== null),
    );
    return;
  }

  const touched: JsonObject[] = [];
  if (hits.length === 0) {
    // Entra writes `emails[type eq "work"].value` whether or not a work email exists yet: create the element
    // the equality filter describes.
    const seed = equalitySeed(filter, attr, ctx);
    if (!seed) throw scimError.noTarget(`${ctx.where}: no value of '${attr.name}' matches '${text}'`);
    let element: JsonObject;
    if (sub) {
      const value = coerceSub(sub, raw, `${attr.name}.${sub.name}`, ctx);
      if (value === null) return;
      element = { ...seed, [sub.name]: value };
    } else {
      const value = coerceSingle(attr, raw, attr.name, cctx) as JsonObject | null;
      if (value === null) return;
      element = { ...seed, ...value };
    }
    list.push(element);
    touched.push(element);
  } else {
    const value = sub ? coerceSub(sub, raw, `${attr.name}.${sub.name}`, ctx) : coerceSingle(attr, raw, attr.name, cctx);
    for (const i of hits) {
      const el = list[i];
      if (sub) {
        if (!isPlainObject(el)) continue;
        setSub(el, sub, value, `${attr.name}.${sub.name}`, ctx);
        touched.push(el);
      } else if (ctx.op === 'replace' || !isPlainObject(el)) {
        // replace with a filter swaps the selected elements for the new value (RFC 7644 §3.5.2.3).
        list[i] = value === null ? null : { ...(value as JsonObject) };
        if (value !== null) touched.push(list[i] as JsonObject);
      } else {
        for (const [k, v] of Object.entries((value as JsonObject) ?? {})) setKey(el, k, v);
        touched.push(el);
      }
    }
  }
  const kept = list.filter((el) => el !== null && !(isPlainObject(el) && Object.keys(el).length === 0));
  const primary = touched.filter((el) => el.primary === true).pop();
  if (primary) clearOtherPrimaries(kept, primary);
  storeList(box, attr, kept);
}

/**
 * The values a remove path `attr[value eq "x"]` selects, as a remove value list ([{value: "x"}], or ["x"] for a
 * simple attribute), when the filter is just that equality; undefined otherwise. Equal by valueKey exactly when
 * the filter matches: strings fold case unless caseExact, in both.
 */
function removedByValue(path: PatchPath): unknown[] | undefined {
  const { attr, filter } = path;
  if (!attr || !filter || path.subAttr || !keyedOperation({ ...path, filter: undefined })) return undefined;
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  if (filter.path.urn !== undefined || filter.path.sub !== undefined || filter.path.name.toLowerCase() !== 'value')
    return undefined;
  if (attr.type !== 'complex') return attr.type === 'string' || attr.type === 'reference' ? [filter.value] : undefined;
  const valueDef = findSubAttribute(attr, 'value');
  return valueDef && (valueDef.type === 'string' || valueDef.type === 'reference')
    ? [{ value: filter.value }]
    : undefined;
}

/** Applies remove at `path`; `raw` is the optional value (Entra's list of members to remove). */
export function removeAt(resource: JsonObject, path: PatchPath, raw: unknown, ctx: OpContext): void {
  const byValue = removedByValue(path);
  if (byValue !== undefined) {
    // `members[value eq "x"]`: the same as removing the value x, so it is one keyed removal, not a scan.
    removeAt(resource, { ...path, filter: undefined }, byValue, ctx);
    return;
  }
  if (!(keyedOperation(path) && raw !== undefined && raw !== null)) ctx.lists?.flush();
  const attr = path.attr;
  if (!attr) {
    if (!path.extension)
      throw scimError.invalidPath(`${ctx.where}: the core schema '${path.schema.id}' cannot be removed`);
    deleteKey(resource, path.schema.id);
    return;
  }
  if (attr.mutability === 'readOnly' || path.subAttr?.mutability === 'readOnly') {
    throw scimError.mutability(`${ctx.where}: '${path.text}' is read-only`);
  }
  const box = containerOf(resource, path, false);
  if (!box) return;
  if (ctx.lists && keyedOperation(path) && raw !== undefined && raw !== null) {
    // Entra removes group members as `path: members` with the members to remove as the value.
    const gone = coerceAttrValue(attr, raw, attr.name, coerceContext(ctx)) as unknown[] | null;
    if (gone === null) return;
    const keyed = ctx.lists.keyed(box, attr);
    const goneKeys = keyed && gone.map((g) => valueKey(attr, g));
    if (keyed && goneKeys?.every((k) => k !== undefined)) {
      for (const k of goneKeys) keyed.remove(k as string);
      return;
    }
    ctx.lists.flush();
  }
  const current = readKey(box, attr.name);
  if (current === undefined) return;
  if (attr.mutability === 'immutable' && isPresent(current)) {
    throw scimError.mutability(`${ctx.where}: '${attr.name}' is immutable and cannot be removed`);
  }

  if (path.filter) {
    const matches = compileElementFilter(path.filter, attr);
    const sub = path.subAttr;
    const kept: unknown[] = [];
    for (const el of listOf(current)) {
      if (!matches(el)) kept.push(el);
      else if (sub && isPlainObject(el)) {
        setSub(el, sub, null, `${attr.name}.${sub.name}`, ctx);
        if (Object.keys(el).length) kept.push(el);
      }
    }
    storeList(box, attr, kept);
    return;
  }
  if (path.subAttr) {
    const sub = path.subAttr;
    const label = `${attr.name}.${sub.name}`;
    if (!attr.multiValued) {
      if (!isPlainObject(current)) return;
      setSub(current, sub, null, label, ctx);
      if (Object.keys(current).length === 0) deleteKey(box, attr.name);
      return;
    }
    const list = listOf(current);
    for (const el of list) if (isPlainObject(el)) setSub(el, sub, null, label, ctx);
    storeList(
      box,
      attr,
      list.filter((el) => !isPlainObject(el) || Object.keys(el).length > 0),
    );
    return;
  }
  if (attr.multiValued && raw !== undefined && raw !== null) {
    // Entra removes group members as `path: members` with the members to remove as the value.
    const gone = coerceAttrValue(attr, raw, attr.name, coerceContext(ctx)) as unknown[] | null;
    if (gone === null) return;
    const goneKeys = valueKeys(attr, gone);
    const kept = listOf(current).filter((el) => {
      const key = goneKeys && valueKey(attr, el);
      return key !== undefined ? !goneKeys!.has(key) : !gone.some((g) => sameValue(attr, el, g));
    });
    storeList(box, attr, kept);
    return;
  }
  deleteKey(box, attr.name);
}
