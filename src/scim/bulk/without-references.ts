// Cuts references out of a resource body, so that a POST in a circular reference can create its resource first.
import { isPlainObject } from '../patch/values.ts';
import { referenceOf } from './bulk-references.ts';

const DROP = Symbol('drop');

/**
 * A copy of a POST body without its references to `bulkIds`. A value holding one goes whole: a multi-valued
 * item such as a member ({type, value: "bulkId:X"}), a complex value whose `value` it is (manager), or else the
 * attribute itself. The body object itself always stays.
 */
export function withoutReferences(data: unknown, bulkIds: ReadonlySet<string>): unknown {
  const out = cut(data, bulkIds, true);
  return out === DROP ? {} : out;
}

function cut(value: unknown, bulkIds: ReadonlySet<string>, root = false): unknown {
  if (typeof value === 'string') {
    const ref = referenceOf(value);
    return ref !== undefined && bulkIds.has(ref) ? DROP : value;
  }
  if (Array.isArray(value)) return value.map((v) => cut(v, bulkIds)).filter((v) => v !== DROP);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = cut(v, bulkIds);
    if (kept !== DROP) out[k] = kept;
    // The reference is this complex value's `value`: without it the complex value means nothing.
    else if (!root && k.toLowerCase() === 'value') return DROP;
  }
  return out;
}
