// The exposure styles of a gallery template (a file of its own: `ferry init` offers them without loading the gallery).

/** The two host-configuration snippets a template has, by exposure style. */
export const TEMPLATE_STYLES = ['ecma', 'scim'] as const;
/** One exposure style. */
export type TemplateStyle = (typeof TEMPLATE_STYLES)[number];
