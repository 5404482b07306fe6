// Any nested JSON as an expandable tree (the discovered operations: REST resource → method, SOAP service →
// port → operation → input and output structure), keyboard-usable through <details>.

function label(v: Record<string, unknown>, key: string): string {
  const name = v.name ?? v.path ?? v.operation ?? v.id;
  const kind = v.method ?? v.kind ?? v.type;
  return [kind, name].filter((x) => typeof x === 'string' || typeof x === 'number').join(' ') || key;
}

/** One node: scalars inline, arrays and objects as <details>. */
export function Tree({ value, name, open = false }: { value: unknown; name: string; open?: boolean }) {
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        <span class="key">{name}</span>: <code>{String(value)}</code>
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [v && typeof v === 'object' ? label(v as Record<string, unknown>, String(i)) : String(i), v])
    : Object.entries(value);
  return (
    <li>
      <details open={open}>
        <summary>
          {name} <span class="muted">({entries.length})</span>
        </summary>
        <ul class="tree">
          {entries.map(([k, v], i) => (
            <Tree key={i} name={k} value={v} />
          ))}
        </ul>
      </details>
    </li>
  );
}
