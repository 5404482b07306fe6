// How the demo application decides an export entry: the new state of the object, or the refusal a real
// application would answer with. Pure: the connector commits a plan only when every check passed.
import type { Attributes, ExportEntry, ExportErrorKind } from '../types.ts';
import type { MemoryType, StoredObject } from './memory-type.ts';
import { checkValue, isBlank, listOf, valueKey, type InputValue } from './memory-values.ts';

/** The write-only attribute that holds the password (the ECMA2 name). */
export const PASSWORD = 'export_password';

/** A refused entry. */
export interface Refusal {
  ok: false;
  kind: ExportErrorKind;
  message: string;
}

/** What to commit for an accepted entry. */
export type Plan =
  | {
      ok: true;
      kind: 'upsert';
      anchor: string /** Set on a rename. */;
      from?: string;
      object: StoredObject;
      added: boolean;
    }
  | { ok: true; kind: 'delete'; anchor: string };

/** The attributes an entry leads to, or why not. */
type Next = { ok: true; attributes: Attributes } | Refusal;

const refuse = (kind: ExportErrorKind, message: string): Refusal => ({ ok: false, kind, message });

/** The clear-text write-only values an entry carries (hashed by the caller before planning). */
export function secretInputs(type: MemoryType, entry: ExportEntry): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (name: string, v: InputValue) => {
    if (type.attrs.get(name)?.writeOnly && typeof v === 'string' && v !== '') out[name] = v;
  };
  if (entry.kind === 'add' || entry.kind === 'replace')
    for (const [name, v] of Object.entries(entry.attributes)) take(name, v);
  if (entry.kind === 'update') for (const c of entry.changes) if (c.op !== 'delete') take(c.name, c.values[0]);
  if (entry.kind === 'add' && entry.password) out[PASSWORD] = entry.password;
  return out;
}

/** Decides one entry against the current objects of its type. `hashed`: the hashes of secretInputs(). */
export function planEntry(
  type: MemoryType,
  entry: ExportEntry,
  hashed: Record<string, string>,
  newAnchor: () => string,
): Plan | Refusal {
  switch (entry.kind) {
    case 'add':
      return planAdd(type, entry, hashed, newAnchor);
    case 'replace':
    case 'update': {
      const current = type.objects.get(entry.anchor);
      if (!current) return refuse('notFound', `${type.name} "${entry.anchor}" does not exist.`);
      const next =
        entry.kind === 'replace'
          ? replaced(type, current.attributes, entry.attributes)
          : updated(type, current.attributes, entry.changes);
      if (!next.ok) return next;
      return settle(type, entry.anchor, next.attributes, { ...current.secrets, ...hashed }, false);
    }
    case 'delete':
      if (!type.objects.has(entry.anchor)) return refuse('notFound', `${type.name} "${entry.anchor}" does not exist.`);
      return { ok: true, kind: 'delete', anchor: entry.anchor };
  }
}

function planAdd(
  type: MemoryType,
  entry: Extract<ExportEntry, { kind: 'add' }>,
  hashed: Record<string, string>,
  newAnchor: () => string,
): Plan | Refusal {
  const attributes: Attributes = {};
  for (const [name, input] of Object.entries(entry.attributes)) {
    const problem = assign(type, attributes, name, input);
    if (problem) return problem;
  }
  let anchor: string;
  if (type.generateAnchor) {
    anchor = newAnchor();
  } else {
    const given = attributes[type.anchorAttr];
    if (entry.anchor !== undefined && given !== undefined && String(given) !== entry.anchor) {
      return refuse('invalidValue', `The anchor "${entry.anchor}" differs from ${type.anchorAttr} "${String(given)}".`);
    }
    const value = entry.anchor ?? (given === undefined ? undefined : String(given));
    if (value === undefined || value === '')
      return refuse('missingAttribute', `A new ${type.name} needs its anchor '${type.anchorAttr}'.`);
    anchor = value;
  }
  attributes[type.anchorAttr] = anchor;
  if (type.objects.has(anchor)) return refuse('uniqueness', `${type.name} "${anchor}" already exists.`);
  for (const def of type.attrs.values()) {
    if (def.required && def.writeOnly && !hashed[def.name])
      return refuse('missingAttribute', `A new ${type.name} needs '${def.name}'.`);
  }
  return settle(type, anchor, attributes, hashed, true);
}

/** Replace: every given attribute is set, every absent one cleared; the application's own (read-only) values stay. */
function replaced(type: MemoryType, current: Attributes, given: Attributes): Next {
  const next: Attributes = {};
  for (const def of type.attrs.values())
    if (def.readOnly && current[def.name] !== undefined) next[def.name] = current[def.name]!;
  next[type.anchorAttr] = current[type.anchorAttr]!;
  for (const [name, input] of Object.entries(given)) {
    const problem = assign(type, next, name, input);
    if (problem) return problem;
  }
  // An absent anchor is not a rename to nothing.
  if (isBlank(next[type.anchorAttr])) next[type.anchorAttr] = current[type.anchorAttr]!;
  return { ok: true, attributes: next };
}

/** Update: applies attribute changes (values added to or removed from multi-valued attributes, replacements). */
function updated(
  type: MemoryType,
  current: Attributes,
  changes: Extract<ExportEntry, { kind: 'update' }>['changes'],
): Next {
  const next: Attributes = { ...current };
  for (const c of changes) {
    const def = type.attrs.get(c.name);
    if (!def) return refuse('invalidValue', `${type.name} has no attribute '${c.name}'.`);
    if (def.readOnly || def.writeOnly) continue; // read-only: the application's; write-only: hashed by the caller
    const have = listOf(next[c.name]);
    let values: InputValue;
    if (c.op === 'replace') values = c.values;
    else if (c.op === 'add') {
      const keys = new Set(have.map((v) => valueKey(def, v)));
      values = def.multiValued ? [...have, ...c.values.filter((v) => !keys.has(valueKey(def, v)))] : c.values;
    } else {
      const drop = new Set(c.values.map((v) => valueKey(def, v)));
      values = c.values.length === 0 ? [] : have.filter((v) => !drop.has(valueKey(def, v)));
    }
    const problem = assign(type, next, c.name, values);
    if (problem) return problem;
  }
  if (isBlank(next[type.anchorAttr]))
    return refuse('invalidValue', `The anchor '${type.anchorAttr}' cannot be cleared.`);
  return { ok: true, attributes: next };
}

/** Checks and sets one input attribute; read-only ones are ignored, write-only ones are kept apart. */
function assign(type: MemoryType, target: Attributes, name: string, input: InputValue): Refusal | undefined {
  const def = type.attrs.get(name);
  if (!def) return refuse('invalidValue', `${type.name} has no attribute '${name}'.`);
  if (def.readOnly) return undefined;
  if (def.writeOnly) {
    return isBlank(input) || typeof input === 'string' ? undefined : refuse('invalidValue', `'${name}' must be text.`);
  }
  const checked = checkValue(def, input);
  if (!checked.ok) return refuse('invalidValue', checked.message);
  if (checked.value === undefined) delete target[name];
  else target[name] = checked.value;
  return undefined;
}

/** The checks every resulting object must pass: required values, a free anchor on rename, unique values. */
function settle(
  type: MemoryType,
  anchor: string,
  attributes: Attributes,
  secrets: Record<string, string>,
  added: boolean,
): Plan | Refusal {
  for (const def of type.attrs.values()) {
    if (!def.required || def.readOnly || def.writeOnly) continue;
    if (isBlank(attributes[def.name])) return refuse('missingAttribute', `${type.name} needs '${def.name}'.`);
  }
  let target = anchor;
  const wanted = String(attributes[type.anchorAttr]);
  if (!added && wanted !== anchor) {
    if (type.generateAnchor)
      return refuse('invalidValue', `The anchor '${type.anchorAttr}' is assigned by the application.`);
    if (type.objects.has(wanted)) return refuse('uniqueness', `${type.name} "${wanted}" already exists.`);
    target = wanted;
  }
  const clash = type.conflict(attributes, added ? undefined : anchor);
  if (clash) return refuse('uniqueness', `Another ${type.name} already has ${clash.name} "${String(clash.value)}".`);
  const object: StoredObject = { attributes, secrets };
  return target === anchor
    ? { ok: true, kind: 'upsert', anchor, object, added }
    : { ok: true, kind: 'upsert', anchor: target, from: anchor, object, added };
}
