// When an object is deleted, the objects of the space that referenced it (a group's members, a user's manager)
// lose that reference at once, as the application usually does: otherwise SCIM would list a deleted member
// until the next import.
import type { Attributes } from '../connector/types.ts';
import type { SpaceStore } from '../space/store.ts';
import { valuesOf } from './object-type.ts';

/** A reference attribute of a connector's object type, and the type it points at. */
export interface ReferenceAttribute {
  objectType: string;
  attribute: string;
  referenceTo: string;
}

const SCAN_CHUNK = 2000;

/** Removes `anchor` from every reference attribute pointing at `objectType`; returns how many objects changed. */
export async function removeReferences(
  store: SpaceStore,
  connector: string,
  references: readonly ReferenceAttribute[],
  objectType: string,
  anchor: string,
): Promise<number> {
  let changed = 0;
  const byType = new Map<string, string[]>();
  for (const r of references) {
    if (r.referenceTo !== objectType) continue;
    byType.set(r.objectType, [...(byType.get(r.objectType) ?? []), r.attribute]);
  }
  for (const [type, names] of byType) {
    // Reference attributes are not necessarily indexed: a scan in chunks, writing only objects that change.
    let after: string | undefined;
    for (;;) {
      const chunk = await store.scan(connector, type, { afterAnchor: after, limit: SCAN_CHUNK });
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1].anchor;
      for (const o of chunk) {
        let next: Attributes | undefined;
        for (const name of names) {
          const cur = o.attributes[name];
          if (cur === undefined || !valuesOf(cur).some((v) => String(v) === anchor)) continue;
          next ??= { ...o.attributes };
          if (Array.isArray(cur)) {
            const kept = cur.filter((v) => String(v) !== anchor);
            if (kept.length) next[name] = kept;
            else delete next[name];
          } else delete next[name];
        }
        if (next) {
          await store.put(connector, type, o.anchor, o.dn, next);
          changed++;
        }
      }
    }
  }
  return changed;
}
