// What an audited change changed: the paths whose values differ between before and after.

/** Every leaf of a JSON value by its path (a.b[0].c), as JSON text. */
function flatten(v: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v)
      ? v.map((x, i) => [`[${i}]`, x] as const)
      : Object.entries(v).map(([k, x]) => [path ? `.${k}` : k, x] as const);
    for (const [k, x] of entries) flatten(x, path + k, out);
    if (entries.length === 0) out.set(path, JSON.stringify(v));
  } else if (v !== undefined) out.set(path, JSON.stringify(v));
  return out;
}

/** What a change changed: each path with its old and new value. */
export function changes(before: unknown, after: unknown): string[] {
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${k || '(whole)'}: ${a.get(k) ?? '—'} → ${b.get(k) ?? '—'}`);
}
