// Distinguished names of connector objects: generic DN style, CN={anchor},OBJECT={TYPE} by default.

/** Escapes a value for use inside a DN component (RFC 4514 special characters). */
export function escapeDnValue(v: string): string {
  // Most values need nothing: test once before building new strings.
  if (!/[,+"\\<>;= #]/.test(v)) return v;
  return v.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

/** The default DN template of an object type. */
export function defaultDnTemplate(objectType: string): string {
  return `CN={anchor},OBJECT=${objectType.toUpperCase()}`;
}

/** Builds a DN from a template with {anchor} and {attributeName} placeholders. */
export function buildDn(template: string, anchor: string, attributes: Record<string, unknown>): string {
  let parts = compiled.get(template);
  if (!parts) {
    // Split once per template: odd positions are placeholder names (an import builds a DN per object).
    parts = template.split(/\{([A-Za-z0-9_.-]+)\}/);
    compiled.set(template, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    if (name === 'anchor') out += escapeDnValue(anchor);
    else {
      const v = attributes[name];
      out += escapeDnValue(Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? '' : String(v));
    }
    out += parts[i + 1];
  }
  return out;
}

const compiled = new Map<string, string[]>();
