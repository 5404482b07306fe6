// The objects of one object type of the demo application, with the indexes a real application would have:
// unique values (so a duplicate is refused in O(1)) and the anchors in order (so paging is a binary search).
import type { AttrValue, Attributes, ConnectorAttribute, ConnectorObjectType } from '../types.ts';
import { listOf, valueKey } from './memory-values.ts';

/** One object as the demo application keeps it. */
export interface StoredObject {
  attributes: Attributes;
  /** Hashes of write-only values (the password among them); never imported. */
  secrets: Record<string, string>;
}

/** The objects of one type and their indexes. */
export class MemoryType {
  readonly attrs: Map<string, ConnectorAttribute>;
  readonly objects = new Map<string, StoredObject>();
  /** Unique attribute → value key → anchor holding it. */
  private readonly unique = new Map<string, Map<string, string>>();
  private sorted: string[] | undefined;

  constructor(
    readonly schema: ConnectorObjectType,
    readonly generateAnchor: boolean,
  ) {
    this.attrs = new Map(schema.attributes.map((a) => [a.name, a]));
    for (const a of schema.attributes) if (a.unique) this.unique.set(a.name, new Map());
  }

  get name(): string {
    return this.schema.name;
  }

  get anchorAttr(): string {
    return this.schema.anchor;
  }

  /** The first unique attribute whose value another object already holds, with that value. */
  conflict(attributes: Attributes, self: string | undefined): { name: string; value: AttrValue } | undefined {
    for (const [name, index] of this.unique) {
      for (const v of listOf(attributes[name])) {
        const holder = index.get(valueKey(this.attrs.get(name), v));
        if (holder !== undefined && holder !== self) return { name, value: v };
      }
    }
    return undefined;
  }

  /** Stores an object under an anchor (insert, replace, or move from `previous` for a rename). */
  set(anchor: string, object: StoredObject, previous?: string): void {
    const from = previous ?? anchor;
    const old = this.objects.get(from);
    if (old) this.unindex(from, old.attributes);
    if (from !== anchor) this.objects.delete(from);
    if (!old || from !== anchor) this.sorted = undefined;
    this.objects.set(anchor, object);
    this.index(anchor, object.attributes);
  }

  /** Removes an object; false when it did not exist. */
  delete(anchor: string): boolean {
    const old = this.objects.get(anchor);
    if (!old) return false;
    this.unindex(anchor, old.attributes);
    this.objects.delete(anchor);
    this.sorted = undefined;
    return true;
  }

  /** Anchors in ascending order (cached until an object is added, removed or renamed). */
  anchors(): string[] {
    this.sorted ??= [...this.objects.keys()].sort();
    return this.sorted;
  }

  /** Position of the first anchor greater than `after` in anchors(). */
  firstAfter(after: string | undefined): number {
    const list = this.anchors();
    if (after === undefined) return 0;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private index(anchor: string, attributes: Attributes): void {
    for (const [name, index] of this.unique) {
      for (const v of listOf(attributes[name])) index.set(valueKey(this.attrs.get(name), v), anchor);
    }
  }

  private unindex(anchor: string, attributes: Attributes): void {
    for (const [name, index] of this.unique) {
      for (const v of listOf(attributes[name])) {
        const key = valueKey(this.attrs.get(name), v);
        if (index.get(key) === anchor) index.delete(key);
      }
    }
  }
}
