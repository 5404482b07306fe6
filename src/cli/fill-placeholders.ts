// Fills the `{{name}}` placeholders of a template's snippets (connector-*.yaml, mappings.yaml). A placeholder that
// is a whole double-quoted YAML scalar ("{{x}}") is replaced by the value as a YAML scalar of its own type (a
// number stays a number); one inside longer quoted text is escaped for that text. Flow templates such as
// `{{ params.user }}` (with spaces) are not placeholders and stay as they are.

/** A placeholder's value: text, a number or a boolean; `undefined` drops the YAML line that holds it. */
export type PlaceholderValue = string | number | boolean | undefined;

const WHOLE = /"\{\{([A-Za-z][A-Za-z0-9_.]*)\}\}"/g;
const INNER = /\{\{([A-Za-z][A-Za-z0-9_.]*)\}\}/g;

/** The placeholder names a text uses, in order of first use. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(INNER)].map((m) => m[1]))];
}

/** The text with every placeholder filled; a name without a value throws, naming it. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, PlaceholderValue>>): string {
  const value = (name: string): PlaceholderValue => {
    if (!Object.hasOwn(values, name)) throw new Error(`the template uses {{${name}}}, which ferry init does not know`);
    return values[name];
  };
  const kept = text
    .split('\n')
    .filter((line) => [...line.matchAll(INNER)].every((m) => value(m[1]) !== undefined))
    .join('\n');
  return kept
    .replace(WHOLE, (_, name: string) => JSON.stringify(value(name)))
    .replace(INNER, (_, name: string) => JSON.stringify(String(value(name))).slice(1, -1));
}
