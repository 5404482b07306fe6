// Local JSON references inside one OpenAPI document (`#/components/schemas/X`, `#/definitions/X`). Ferry reads
// a single document: a reference to another file or URL is refused with its name rather than silently dropped.
import { DiscoveryError } from './discovered-service.ts';

/** A JSON object (what every part of an OpenAPI document that matters here is). */
export type JsonObject = Record<string, unknown>;

/** True for a plain object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Longest chain of references followed for one value, far above what a real document needs. */
const MAX_HOPS = 64;

/** Resolves local `$ref`s of one document. */
export class RefResolver {
  readonly #root: unknown;

  constructor(root: unknown) {
    this.#root = root;
  }

  /** The value a local reference points to; an external or dangling reference throws, naming it and `where`. */
  lookup(ref: string, where: string): unknown {
    if (!ref.startsWith('#')) {
      throw new DiscoveryError(
        `${where}: $ref "${ref}" points outside this document; external references are not supported (bundle the document into one file first)`,
      );
    }
    const pointer = ref.slice(1);
    if (pointer !== '' && !pointer.startsWith('/'))
      throw new DiscoveryError(`${where}: $ref "${ref}" is not a JSON pointer (expected "#/…")`);
    let node: unknown = this.#root;
    for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
      const token = decodeToken(raw);
      if (Array.isArray(node) && /^\d+$/.test(token)) node = node[Number(token)];
      else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
      else node = undefined;
      if (node === undefined) throw new DiscoveryError(`${where}: $ref "${ref}" does not resolve (no "${token}")`);
    }
    return node;
  }

  /**
   * Follows the `$ref` chain of a parameter, response, request body or example until a value without one.
   * Sibling `summary` and `description` override the target's (OpenAPI 3.1), so they are kept.
   */
  deref(value: unknown, where: string): unknown {
    let current = value;
    const seen = new Set<string>();
    let overlay: JsonObject = {};
    while (isObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (seen.has(ref) || seen.size >= MAX_HOPS) throw new DiscoveryError(`${where}: $ref "${ref}" is circular`);
      seen.add(ref);
      const { $ref: _ignored, ...siblings } = current;
      overlay = { ...pick(siblings, ['summary', 'description']), ...overlay };
      current = this.lookup(ref, where);
    }
    return isObject(current) && Object.keys(overlay).length ? { ...current, ...overlay } : current;
  }
}

/** The last token of a reference, e.g. `User` for `#/components/schemas/User`. */
export function refName(ref: string): string {
  const parts = ref.split('/');
  return decodeToken(parts[parts.length - 1] ?? ref);
}

/** A JSON pointer token: percent-decoded (it sits in a URI fragment), then ~1 → / and ~0 → ~. */
function decodeToken(raw: string): string {
  let s = raw;
  try {
    s = decodeURIComponent(raw);
  } catch {
    // A lone % is not an escape: keep the token as written.
  }
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pick(o: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
