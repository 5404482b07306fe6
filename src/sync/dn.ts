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
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (_, name: string) => {
    if (name === 'anchor') return escapeDnValue(anchor);
    const v = attributes[name];
    return escapeDnValue(Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? '' : String(v));
  });
}
