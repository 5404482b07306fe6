// A tiny dotted path reader for JSON bodies: where the records of a page are, where a cursor, a token or a
// success flag is. Deliberately no filters or wildcards: a project names one value, and a typo must fail loudly.

/** One step of a path: an object key or an array index (negative counts from the end). */
export type PathSegment = string | number;

/** A path that cannot be parsed; thrown when the path is compiled, so a project fails at load. */
export class JsonPathError extends Error {
  override readonly name: string = 'JsonPathError';
  constructor(path: string, why: string) {
    super(`invalid JSON path "${path}": ${why}`);
  }
}

// Paths come from configuration, so there are few of them: caching the parse is cheap and bounded in practice.
const cache = new Map<string, readonly PathSegment[]>();
const MAX_CACHE = 1000;

/**
 * Parses `a.b[0].c`, `$.a.b`, `items[-1].id`, `a['key.with.dots']`; `$` or '' is the root (no segments).
 * Throws a JsonPathError for a malformed path.
 */
export function parsePath(path: string): readonly PathSegment[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const segs = parseUncached(path);
  if (cache.size < MAX_CACHE) cache.set(path, segs);
  return segs;
}

function parseUncached(path: string): PathSegment[] {
  let i = 0;
  const out: PathSegment[] = [];
  const s = path.trim();
  if (s.startsWith('$')) i = 1;
  let expectKey = i === 0; // at the start a bare key may follow directly; after `$` a `.` or `[` must
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      const start = i;
      while (i < s.length && s[i] !== '.' && s[i] !== '[') i++;
      if (i === start) throw new JsonPathError(path, `empty key at position ${start}`);
      out.push(s.slice(start, i));
    } else if (c === '[') {
      const close = findClose(s, i, path);
      const inner = s.slice(i + 1, close).trim();
      if (/^-?\d+$/.test(inner)) out.push(Number(inner));
      else if (/^'.*'$|^".*"$/.test(inner) && inner.length >= 2) out.push(inner.slice(1, -1));
      else throw new JsonPathError(path, `"[${inner}]" is neither an index nor a quoted key`);
      i = close + 1;
    } else if (expectKey) {
      const start = i;
      while (i < s.length && s[i] !== '.' && s[i] !== '[') i++;
      out.push(s.slice(start, i));
    } else {
      throw new JsonPathError(path, `unexpected "${c}" at position ${i}`);
    }
    expectKey = false;
  }
  return out;
}

function findClose(s: string, open: number, path: string): number {
  const quote = s[open + 1] === "'" || s[open + 1] === '"' ? s[open + 1] : undefined;
  if (quote) {
    const end = s.indexOf(quote, open + 2);
    if (end < 0 || s[end + 1] !== ']') throw new JsonPathError(path, `unclosed quoted key at position ${open}`);
    return end + 1;
  }
  const end = s.indexOf(']', open);
  if (end < 0) throw new JsonPathError(path, `unclosed "[" at position ${open}`);
  return end;
}

/** The value at `path` inside `root`, or undefined when any step is missing. */
export function readPath(root: unknown, path: string | readonly PathSegment[]): unknown {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  let node: unknown = root;
  for (const seg of segs) {
    if (node === null || node === undefined) return undefined;
    if (Array.isArray(node)) {
      const idx = typeof seg === 'number' ? seg : /^-?\d+$/.test(seg) ? Number(seg) : NaN;
      if (Number.isNaN(idx)) return undefined;
      node = node[idx < 0 ? node.length + idx : idx];
    } else if (typeof node === 'object') {
      const key = String(seg);
      node = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}
