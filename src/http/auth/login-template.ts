// The login body template: a JSON value whose strings may hold {{name}} placeholders. Filling works on the
// parsed value, never on JSON text, so a password with quotes or backslashes cannot break the body.

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The placeholder names used anywhere in `template`. */
export function templatePlaceholders(template: unknown): string[] {
  const out = new Set<string>();
  walk(template, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) out.add(m[1] ?? '');
  });
  return [...out];
}

/** A copy of `template` with every {{name}} replaced by `params[name]`. */
export function fillTemplate(template: unknown, params: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') return template.replace(PLACEHOLDER, (_, name: string) => params[name] ?? '');
  if (Array.isArray(template)) return template.map((v) => fillTemplate(v, params));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, params)]));
  }
  return template;
}

function walk(v: unknown, onString: (s: string) => void): void {
  if (typeof v === 'string') onString(v);
  else if (Array.isArray(v)) for (const x of v) walk(x, onString);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) walk(x, onString);
}
