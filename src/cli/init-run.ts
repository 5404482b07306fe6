// What `ferry init` does (init-command.ts registers the command and loads this when it runs).
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { scimPrefixes } from '../host/scim-prefixes.ts';
import { loadCheckedHostConfig } from '../host/check-setup.ts';
import { loadProject } from '../webservice/project/load-project.ts';
import { fillPlaceholders, placeholderNames, type PlaceholderValue } from './fill-placeholders.ts';
import { Prompter } from './prompt.ts';
import { type GalleryTemplate, loadTemplate, type TemplateStyle, templateNames } from './template-gallery.ts';
import { newToken } from './token-command.ts';

/** The options of `ferry init`. */
export interface InitOptions {
  template?: string;
  list?: boolean;
  dir?: string;
  name?: string;
  style?: TemplateStyle;
  baseUrl?: string;
  param: string[];
  port: number;
}

/** One value `ferry init` needs: a project parameter, or the application's origin. */
interface Wanted {
  key: string;
  question: string;
  secret: boolean;
  required: boolean;
  fallback?: string;
  numeric?: boolean;
  boolean?: boolean;
}

/** The environment variable a script sets for a parameter: FERRY_INIT_ plus the name in capitals. */
function envName(key: string): string {
  return `FERRY_INIT_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** `--param name=value` flags as a map; a flag without `=` throws. */
function paramFlags(flags: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq < 1) throw new Error(`--param ${f}: write it as --param name=value`);
    out.set(f.slice(0, eq), f.slice(eq + 1));
  }
  return out;
}

/** What the snippet needs, with the project's description of each parameter. */
function wantedValues(t: GalleryTemplate, snippet: string): Wanted[] {
  const { project } = loadProject(join(t.dir, 'project.yaml'));
  const wanted: Wanted[] = [
    {
      key: 'baseUrl',
      question: `${t.manifest.title}: the application's origin (scheme, host, port)`,
      secret: false,
      required: true,
      fallback: t.manifest.baseUrl,
    },
  ];
  for (const name of placeholderNames(snippet).filter((n) => n.startsWith('params.'))) {
    const key = name.slice('params.'.length);
    const p = project.parameters.find((x) => x.name === key);
    if (!p) throw new Error(`template "${t.manifest.name}" fills {{${name}}}, which its project does not declare`);
    wanted.push({
      key,
      question: `${key}${p.description ? ` (${p.description.replace(/\.$/, '')})` : ''}`,
      secret: p.type === 'secret',
      required: p.required,
      fallback: p.default === undefined ? undefined : String(p.default),
      numeric: p.type === 'number',
      boolean: p.type === 'boolean',
    });
  }
  return wanted;
}

/** Each wanted value from the flags, the environment, the terminal or its default; what is still missing throws. */
async function gatherValues(wanted: Wanted[], o: InitOptions): Promise<Map<string, string>> {
  const flags = paramFlags(o.param);
  if (o.baseUrl) flags.set('baseUrl', o.baseUrl);
  const unknown = [...flags.keys()].filter((k) => !wanted.some((w) => w.key === k));
  if (unknown.length)
    throw new Error(
      `this template has no parameter ${unknown.join(', ')} (it has: ${wanted.map((w) => w.key).join(', ')})`,
    );
  const values = new Map<string, string>();
  const prompter = process.stdin.isTTY ? new Prompter() : undefined;
  try {
    for (const w of wanted) {
      let v = flags.get(w.key) ?? process.env[envName(w.key)];
      if (v === undefined && prompter) v = await prompter.ask(w.question, { secret: w.secret, fallback: w.fallback });
      v ??= w.fallback;
      if (v !== undefined && v !== '') values.set(w.key, v);
    }
  } finally {
    prompter?.close();
  }
  const missing = wanted.filter((w) => w.required && !values.has(w.key));
  if (missing.length)
    throw new Error(
      `missing ${missing.map((w) => w.key).join(', ')}: give ${missing.map((w) => `--param ${w.key}=…`).join(' ')} or set ${missing.map((w) => envName(w.key)).join(', ')} (or run ferry init on a terminal to be asked)`,
    );
  return values;
}

/** Writes a secret file only its owner can read; returns its ${file:} reference relative to the folder. */
function writeSecret(dir: string, name: string, value: string): string {
  const file = join(dir, 'secrets', name);
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return `\${file:secrets/${name}}`;
}

/** The host configuration around one connector snippet. */
function hostConfig(t: GalleryTemplate, snippet: string, port: number): string {
  const indented = snippet
    .trimEnd()
    .split('\n')
    .map((line, i) => (line === '' ? '' : `${i === 0 ? '  - ' : '    '}${line}`))
    .join('\n');
  // The first snippet lines may be comments: the list item starts at the first one anyway ("- # …" is valid YAML).
  return [
    `# A Ferry host with one connector from the template "${t.manifest.name}" (${t.manifest.title}), written by`,
    `# \`ferry init --template ${t.manifest.name}\`. Secrets are in secrets/ (mode 0600), referenced as \${file:…}.`,
    '#   ferry validate ferry.yaml',
    '#   ferry serve --config ferry.yaml',
    'host:',
    `  listen: { host: 0.0.0.0, port: ${port} }`,
    '  dataDir: ./data',
    '  adminToken: "${file:secrets/admin-token}"',
    '  log: { level: info }',
    '',
    'connectors:',
    indented,
    '',
  ].join('\n');
}

/** Creates the configuration folder; returns what to print. */
export async function runInit(o: InitOptions): Promise<string> {
  if (!o.template) throw new Error('name a template: ferry init --template NAME (ferry init --list shows them)');
  const t = loadTemplate(o.template);
  const style = o.style ?? t.manifest.style;
  const connector = o.name ?? t.manifest.connector;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(connector))
    throw new Error(`--name ${connector}: a connector name is letters, digits and _ (starting with a letter)`);
  const dir = resolve(o.dir ?? `ferry-${t.manifest.name}`);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} is not empty: choose a new folder with --dir (ferry init never overwrites)`);

  const snippetText = readFileSync(join(t.dir, `connector-${style}.yaml`), 'utf8');
  const wanted = wantedValues(t, snippetText);
  const values = await gatherValues(wanted, o);

  const created = !existsSync(dir);
  mkdirSync(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
  try {
    // Everything but the manifest and the snippets, which become ferry.yaml and mappings.yaml below.
    const own = new Set(['template.yaml', 'connector-ecma.yaml', 'connector-scim.yaml', 'mappings.yaml']);
    cpSync(t.dir, dir, { recursive: true, filter: (src) => !own.has(relative(t.dir, src)) });
    const token = newToken();
    const fill: Record<string, PlaceholderValue> = {
      connector,
      baseUrl: values.get('baseUrl'),
      secretToken: writeSecret(dir, 'connector-token', token),
      tenantUrl: `https://localhost:${o.port}${scimPrefixes(connector)[style === 'ecma' ? 0 : 1]}`,
    };
    writeSecret(dir, 'admin-token', newToken());
    for (const w of wanted.filter((x) => x.key !== 'baseUrl')) {
      const v = values.get(w.key);
      fill[`params.${w.key}`] =
        v === undefined
          ? undefined
          : w.secret
            ? writeSecret(dir, w.key, v)
            : w.numeric && Number.isFinite(Number(v))
              ? Number(v)
              : w.boolean && (v === 'true' || v === 'false')
                ? v === 'true'
                : v;
    }
    writeFileSync(join(dir, 'ferry.yaml'), hostConfig(t, fillPlaceholders(snippetText, fill), o.port));
    writeFileSync(
      join(dir, 'mappings.yaml'),
      fillPlaceholders(readFileSync(join(t.dir, 'mappings.yaml'), 'utf8'), fill),
    );
    // The same checks as `ferry validate` and `ferry serve`: a folder init writes also starts.
    await loadCheckedHostConfig(join(dir, 'ferry.yaml'));
    const rel = relative(process.cwd(), dir);
    const shown = rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
    return [
      `Wrote ${shown}/ from the template "${t.manifest.name}" (${t.manifest.title}), connector ${connector} in ${style.toUpperCase()} style.`,
      'Next:',
      `  npx ferry validate ${shown}/ferry.yaml`,
      `  npx ferry serve --config ${shown}/ferry.yaml`,
      `In Entra (${style === 'ecma' ? 'the "On-premises ECMA app", provisioning agent' : 'a non-gallery app, SCIM provisioning'}), Provisioning → Admin credentials:`,
      `  Tenant URL    https://<this host>:${o.port}${scimPrefixes(connector)[style === 'ecma' ? 0 : 1]}`,
      `  Secret token  ${token}   (also in ${shown}/secrets/connector-token)`,
      `Entra's attribute mappings for this application: ${shown}/mappings.yaml (try them with: npx ferry sync --mappings ${shown}/mappings.yaml)`,
      `Read ${shown}/README.md for the service account's permissions and what the application cannot do.`,
      '',
    ].join('\n');
  } catch (e) {
    if (created) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The gallery as `ferry init --list` prints it; a broken template is listed with its problem. */
export function listText(): string {
  const names = templateNames();
  if (!names.length) return 'No templates found.\n';
  const width = Math.max(...names.map((n) => n.length));
  const line = (name: string): string => {
    try {
      const { manifest } = loadTemplate(name);
      return `${name.padEnd(width)}  ${manifest.title}\n${' '.repeat(width)}  ${manifest.api}`;
    } catch (e) {
      return `${name.padEnd(width)}  (cannot be used: ${e instanceof Error ? e.message : String(e)})`;
    }
  };
  return `${names.map(line).join('\n')}\n`;
}
