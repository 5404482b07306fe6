// The values of multi-valued attributes held by key while one PATCH runs, so that each of thousands of `add` or
// `remove` operations on a large list costs O(values it carries) instead of O(list): a PATCH of 10,000 member
// adds took 15 s (each operation copied and re-keyed the whole list). Lists are written back on flush().
import type { AttributeDef } from '../schema/types.ts';
import { isPlainObject, setKey, deleteKey, valueKey, type JsonObject } from './values.ts';
import { readKey } from '../filter/read-value.ts';

/** One attribute's values by key (see valueKey), in list order, with the keys of the elements claiming primary. */
export class KeyedValues {
  private readonly primaries = new Set<string>();

  constructor(private readonly items: Map<string, unknown>) {
    for (const [k, v] of items) if (isPrimary(v)) this.primaries.add(k);
  }

  /** Appends `item` unless a value with its key is there; a new primary clears the others' claim. */
  add(key: string, item: unknown): void {
    if (this.items.has(key)) return;
    this.items.set(key, item);
    if (!isPrimary(item)) return;
    for (const k of this.primaries) (this.items.get(k) as JsonObject).primary = false;
    this.primaries.clear();
    this.primaries.add(key);
  }

  /** Removes the value with this key, if any. */
  remove(key: string): void {
    this.items.delete(key);
    this.primaries.delete(key);
  }

  /** The values in order. */
  values(): unknown[] {
    return [...this.items.values()];
  }
}

function isPrimary(v: unknown): boolean {
  return isPlainObject(v) && v.primary === true;
}

/** The keyed lists of one PATCH run; any operation that reads lists directly must flush() first. */
export class PatchLists {
  private readonly open = new Map<JsonObject, Map<string, { attr: AttributeDef; kv: KeyedValues }>>();
  /** Lists found without keys for every value: not looked at again until the next flush. */
  private readonly unkeyable = new Map<JsonObject, Set<string>>();

  /**
   * The keyed values of `attr` in `box`, built once from its list; undefined when a value has no key or two
   * values share one (then the caller works on the list itself).
   */
  keyed(box: JsonObject, attr: AttributeDef): KeyedValues | undefined {
    let byAttr = this.open.get(box);
    const found = byAttr?.get(attr.name);
    if (found) return found.kv;
    if (this.unkeyable.get(box)?.has(attr.name)) return undefined;
    const current = readKey(box, attr.name);
    const list = Array.isArray(current) ? current : current === undefined || current === null ? [] : [current];
    const items = new Map<string, unknown>();
    for (const v of list) {
      const k = valueKey(attr, v);
      if (k === undefined || items.has(k)) {
        const marked = this.unkeyable.get(box) ?? new Set<string>();
        this.unkeyable.set(box, marked.add(attr.name));
        return undefined;
      }
      items.set(k, v);
    }
    const kv = new KeyedValues(items);
    if (!byAttr) this.open.set(box, (byAttr = new Map()));
    byAttr.set(attr.name, { attr, kv });
    return kv;
  }

  /** Writes every keyed list back to its resource (an empty one removes the attribute). */
  flush(): void {
    for (const [box, byAttr] of this.open) {
      for (const { attr, kv } of byAttr.values()) {
        const list = kv.values();
        if (list.length) setKey(box, attr.name, list);
        else deleteKey(box, attr.name);
      }
    }
    this.open.clear();
    this.unkeyable.clear();
  }
}
