// How a connector space backend turns attributes into stored text and index keys. Shared by backends so that
// "unchanged" and "found by attribute" mean the same everywhere.
import type { Attributes } from '../connector/types.ts';

/**
 * Longest indexed value (in characters). Longer values (photos, certificates) are indexed by their prefix;
 * a lookup of such a value re-checks the whole value, so results stay exact.
 */
export const MAX_INDEXED_LENGTH = 256;

/** JSON of attributes with sorted keys: the same attributes always give the same text. */
export function canonicalJson(attributes: Attributes): string {
  // Callers usually pass keys in order already (the sync engine does): then no copy is needed, and the check
  // allocates nothing (it runs for every imported object).
  let previous: string | undefined;
  let ordered = true;
  for (const key in attributes) {
    if (previous !== undefined && !(previous < key)) {
      ordered = false;
      break;
    }
    previous = key;
  }
  if (ordered) return JSON.stringify(attributes);
  const sorted: Attributes = {};
  for (const key of Object.keys(attributes).sort()) sorted[key] = attributes[key];
  return JSON.stringify(sorted);
}

/** The index key of one value: its text, lower case, cut to MAX_INDEXED_LENGTH. */
export function indexKey(value: string | number | boolean): string {
  const text = String(value).toLowerCase();
  return text.length > MAX_INDEXED_LENGTH ? text.slice(0, MAX_INDEXED_LENGTH) : text;
}

/**
 * Every distinct (attribute name, index key) pair of an object: each value of multi-valued attributes. An
 * attribute that holds the object's anchor itself needs no entry when the anchor is its own key (see
 * isAnchorEntry): the store finds it among the anchors.
 */
export function indexEntries(
  attributes: Attributes,
  anchor: string,
  only?: ReadonlySet<string>,
): [name: string, key: string][] {
  const names: string[] = [];
  const keys: string[] = [];
  collectEntries(attributes, anchor, only, names, keys);
  return names.map((n, i) => [n, keys[i]]);
}

/**
 * True when attribute `name` holding `value` is the anchor, already in index form (lower case, short) and with
 * a plain name: such a value is found by the anchor's own index, so it gets no index entry. The SQLite schema's
 * migration 3 removes the entries older versions wrote for these; keep the two in step.
 */
export function isAnchorEntry(name: string, value: unknown, anchor: string): boolean {
  return typeof value === 'string' && value === anchor && indexKey(value) === value && !/["\\]/.test(name);
}

/** indexEntries into two columns (no pair per entry: an import computes them for every object). */
function collectEntries(
  attributes: Attributes,
  anchor: string,
  only: ReadonlySet<string> | undefined,
  names: string[],
  keys: string[],
): void {
  for (const name in attributes) {
    if (only && !only.has(name)) continue;
    const raw = attributes[name];
    // One plain value, the common case: no list and no set built.
    if (!Array.isArray(raw)) {
      if (isAnchorEntry(name, raw, anchor)) continue;
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
        names.push(name);
        keys.push(indexKey(raw));
      }
      continue;
    }
    const seen = new Set<string>();
    for (const v of raw) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      const key = indexKey(v);
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(name);
      keys.push(key);
    }
  }
}

/** True when the attribute holds a value equal to `value` ignoring case (the re-check of long values). */
export function hasValue(attributes: Attributes, name: string, value: string): boolean {
  const raw = attributes[name];
  if (raw === undefined) return false;
  const wanted = value.toLowerCase();
  return (Array.isArray(raw) ? raw : [raw]).some((v) => String(v).toLowerCase() === wanted);
}

/**
 * An import page ready to store: each object's canonical JSON and index keys computed once, in flat columns of
 * strings, which cost little to post to the writer thread (unlike objects, which are cloned field by field).
 */
export interface PreparedPage {
  anchors: string[];
  dns: string[];
  jsons: string[];
  /** Index entries of object i are names/keys[ends[i-1] .. ends[i]). */
  ends: number[];
  names: string[];
  keys: string[];
}

/** Prepares objects for storage (see PreparedPage); `only` as for indexEntries. */
export function preparePage(
  objects: readonly { anchor: string; dn: string; attributes: Attributes }[],
  only?: ReadonlySet<string>,
): PreparedPage {
  const page: PreparedPage = { anchors: [], dns: [], jsons: [], ends: [], names: [], keys: [] };
  for (const o of objects) {
    page.anchors.push(o.anchor);
    page.dns.push(o.dn);
    page.jsons.push(canonicalJson(o.attributes));
    collectEntries(o.attributes, o.anchor, only, page.names, page.keys);
    page.ends.push(page.names.length);
  }
  return page;
}

/** Where the index entries of object i of a prepared page start in names/keys (they end at ends[i]). */
export function entriesStart(page: PreparedPage, i: number): number {
  return i === 0 ? 0 : page.ends[i - 1];
}

/** The index entries of object i of a prepared page. */
export function preparedEntries(page: PreparedPage, i: number): [name: string, key: string][] {
  const out: [string, string][] = [];
  for (let k = entriesStart(page, i); k < page.ends[i]; k++) out.push([page.names[k], page.keys[k]]);
  return out;
}
