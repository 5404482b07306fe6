// Synthetic users for benchmarks and demos: the same count always gives the same users (anchors included), so
// runs compare.
import { createHash } from 'node:crypto';
import type { AttrValue, Attributes } from '../types.ts';
import type { MemoryType } from './memory-type.ts';

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
  'Ken',
  'Margaret',
  'Dennis',
  'Radia',
  'Linus',
  'Hedy',
  'Tim',
  'Karen',
  'John',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Perlman',
  'Torvalds',
  'Lamarr',
  'Berners-Lee',
  'Jones',
  'Backus',
  'Wirth',
];
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Marketing', 'Support', 'Legal', 'Operations', 'Research'];

/** A UUID-shaped id derived from a name (a version 5 style hash), stable across runs. */
export function stableId(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The candidate attributes of synthetic user n (1-based), under the names schemas commonly use. */
function candidates(n: number): Record<string, AttrValue> {
  const first = FIRST[n % FIRST.length]!;
  const last = LAST[(n * 7) % LAST.length]!;
  const email = `${first}.${last}.${n}@example.com`.toLowerCase();
  return {
    userName: `user${n}@example.com`,
    firstName: first,
    givenName: first,
    lastName: last,
    familyName: last,
    displayName: `${first} ${last}`,
    email,
    mail: email,
    department: DEPARTMENTS[n % DEPARTMENTS.length]!,
    active: true,
    isActive: true,
  };
}

/** Synthetic user n for a type: only attributes its schema defines (with a fitting type), plus the anchor. */
export function syntheticUser(type: MemoryType, n: number): { anchor: string; attributes: Attributes } {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(candidates(n))) {
    const def = type.attrs.get(name);
    if (!def || def.readOnly || def.writeOnly) continue;
    const fits =
      def.type === 'boolean' ? typeof value === 'boolean' : def.type === 'string' && typeof value === 'string';
    if (fits) attributes[name] = def.multiValued ? [value] : value;
  }
  const given = attributes[type.anchorAttr];
  let anchor: string;
  if (type.generateAnchor) anchor = stableId(`${type.name}:${n}`);
  else anchor = typeof given === 'string' ? given : `${type.name.toLowerCase()}${n}`;
  attributes[type.anchorAttr] = anchor;
  return { anchor, attributes };
}
