// The template gallery: one folder per application under templates/ at the package root (the same two levels up
// from src/cli and dist/cli), each with a manifest (template.yaml), a web service project, host-configuration
// snippets in ECMA and SCIM style, Entra mappings and a README. `ferry init` reads it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../config/schema-helpers.ts';
import { loadYamlFile } from '../config/load-yaml.ts';
import { TEMPLATE_STYLES, type TemplateStyle } from './template-styles.ts';

/** The templates folder of the package. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export { TEMPLATE_STYLES, type TemplateStyle };

const ManifestSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', description: 'The folder name.' }),
    title: Type.String({ minLength: 1 }),
    description: Type.String({ minLength: 1, description: 'One line for `ferry init --list`.' }),
    api: Type.String({ minLength: 1, description: 'The API style and version, in words.' }),
    connector: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'The default connector name.' }),
    baseUrl: Type.String({ minLength: 1, description: 'The application origin offered at the prompt.' }),
    style: StringEnum(TEMPLATE_STYLES, { default: 'ecma', description: 'The style `ferry init` picks by default.' }),
  },
  { additionalProperties: false },
);

/** A template's manifest (template.yaml). */
export type TemplateManifest = Static<typeof ManifestSchema>;

/** A template found in the gallery. */
export interface GalleryTemplate {
  manifest: TemplateManifest;
  /** Its folder. */
  dir: string;
}

/** The files every template folder has besides its manifest. */
export const TEMPLATE_FILES = [
  'project.yaml',
  'connector-ecma.yaml',
  'connector-scim.yaml',
  'mappings.yaml',
  'users.csv',
  'README.md',
] as const;

/** The names of the template folders in `root` (those with a template.yaml), sorted. */
export function templateNames(root: string = TEMPLATES_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'template.yaml')))
    .map((d) => d.name)
    .sort();
}

/** One template by name; an unknown name throws, listing the known ones. */
export function loadTemplate(name: string, root: string = TEMPLATES_DIR): GalleryTemplate {
  const dir = join(root, name);
  const file = join(dir, 'template.yaml');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(file)) {
    const known = existsSync(root) ? readdirSync(root).filter((n) => existsSync(join(root, n, 'template.yaml'))) : [];
    throw new Error(`no template "${name}" (there are: ${known.sort().join(', ') || 'none'}; see ferry init --list)`);
  }
  const manifest = loadYamlFile(file, ManifestSchema).value;
  if (manifest.name !== name) throw new Error(`${file}: name is "${manifest.name}", but the folder is "${name}"`);
  const missing = TEMPLATE_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new Error(`template "${name}" lacks ${missing.join(', ')}`);
  return { manifest, dir };
}
