// Loads a mapping file: YAML against the schema, secrets, then the checks a schema cannot make (each mapping's
// fields for its type, target paths, expressions, scoping values, matching attributes), all with file:line.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from '../config/config-error.ts';
import { parseYaml } from '../config/load-yaml.ts';
import { resolveSecrets } from '../config/secrets.ts';
import type { SettingPath } from '../config/yaml-source.ts';
import { compileMapping, type CompiledMapping } from './compiled-mapping.ts';
import { compileExpression, type ExpressionCompiler } from './expression-compiler.ts';
import { MappingFileSchema, type MappingConfig, type MappingFile } from './mapping-file.ts';
import { compileClause, Scoping } from './scoping.ts';
import { parseTargetPath } from './target-path.ts';

/** A loaded provisioning job: the mapping file and everything compiled from it. */
export interface ProvisioningJob {
  /** The mapping file's path, as given. */
  readonly file: string;
  /** The validated file (defaults applied, secrets resolved, paths absolute). */
  readonly config: MappingFile;
  /** Every mapping, in file order. */
  readonly mappings: readonly CompiledMapping[];
  /** The matching mappings, by increasing precedence. */
  readonly matching: readonly CompiledMapping[];
  readonly scoping: Scoping;
  /** Changes when mappings, scoping or the source id change: the next cycle is then an initial one, as in Entra. */
  readonly fingerprint: string;
  /** The state folder (SQLite file). */
  readonly stateDir: string;
}

/** Options of loading. */
export interface LoadMappingOptions {
  /** Variables `${env:NAME}` reads (process.env by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The expression compiler (Entra's language by default). */
  compile?: ExpressionCompiler;
}

/** Reads and checks a mapping file; throws a ConfigError listing every problem with file:line:column. */
export function loadMappingFile(file: string, opts: LoadMappingOptions = {}): ProvisioningJob {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError({ file, line: 0, column: 0, path: '', message: `cannot read the mapping file (${code})` });
  }
  return parseMappingFile(text, file, opts);
}

/** Parses mapping file text as if read from `file` (which anchors relative paths and names the file in messages). */
export function parseMappingFile(text: string, file: string, opts: LoadMappingOptions = {}): ProvisioningJob {
  const { value: cfg, source } = parseYaml(text, file, MappingFileSchema);
  const baseDir = dirname(resolve(file));
  const secrets = resolveSecrets(cfg, source, { env: opts.env ?? process.env, baseDir });
  const problems: ConfigProblem[] = [...secrets.problems];
  const at = (path: SettingPath, message: string) => problems.push(source.problem(path, message));
  checkTarget(cfg, at);
  checkCaFile(cfg, baseDir, at);
  const mappings = compileMappings(cfg.mappings, opts.compile ?? compileExpression, at);
  const scoping = compileScoping(cfg, at);
  if (cfg.escrow.maxDelaySeconds < cfg.escrow.initialDelaySeconds)
    at(['escrow', 'maxDelaySeconds'], 'must be at least initialDelaySeconds');
  if (problems.length > 0) throw new ConfigError(problems);
  cfg.source.file = resolve(baseDir, cfg.source.file);
  if (cfg.target.tls.ca) cfg.target.tls.ca = resolve(baseDir, cfg.target.tls.ca);
  const stateDir = cfg.state
    ? resolve(baseDir, cfg.state)
    : join(baseDir, '.ferry-state', basename(file, extname(file)));
  const matching = mappings
    .filter((m) => m.matchingPrecedence !== undefined)
    .sort((a, b) => a.matchingPrecedence! - b.matchingPrecedence!);
  return { file, config: cfg, mappings, matching, scoping: scoping!, fingerprint: fingerprint(cfg), stateDir };
}

type At = (path: SettingPath, message: string) => void;

function checkTarget(cfg: MappingFile, at: At): void {
  let url: URL | undefined;
  try {
    url = new URL(cfg.target.url);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    at(['target', 'url'], 'must be an http or https URL');
}

function checkCaFile(cfg: MappingFile, baseDir: string, at: At): void {
  const ca = cfg.target.tls.ca;
  if (!ca) return;
  try {
    readFileSync(resolve(baseDir, ca));
  } catch (err) {
    at(['target', 'tls', 'ca'], `cannot read ${ca} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const FIELDS: Record<MappingConfig['type'], keyof MappingConfig> = {
  direct: 'source',
  constant: 'value',
  expression: 'expression',
};

function compileMappings(list: MappingConfig[], compile: ExpressionCompiler, at: At): CompiledMapping[] {
  const out: CompiledMapping[] = [];
  const targets = new Map<string, number>();
  const precedences = new Map<number, number>();
  list.forEach((m, i) => {
    const base = ['mappings', i];
    const needed = FIELDS[m.type];
    let ok = true;
    if (m[needed] === undefined) {
      at(base, `missing required property "${needed}" (type ${m.type})`);
      ok = false;
    }
    for (const [type, field] of Object.entries(FIELDS)) {
      if (field !== needed && m[field] !== undefined) {
        at([...base, field], `only allowed when type is ${type}`);
        ok = false;
      }
    }
    const key = m.target.trim().toLowerCase();
    if (targets.has(key)) at([...base, 'target'], `target attribute already mapped by mappings[${targets.get(key)}]`);
    else targets.set(key, i);
    if (m.matchingPrecedence !== undefined) {
      if (precedences.has(m.matchingPrecedence))
        at(
          [...base, 'matchingPrecedence'],
          `precedence ${m.matchingPrecedence} already used by mappings[${precedences.get(m.matchingPrecedence)}]`,
        );
      else precedences.set(m.matchingPrecedence, i);
    }
    try {
      parseTargetPath(m.target);
    } catch (e) {
      at([...base, 'target'], (e as Error).message);
      ok = false;
    }
    if (!ok) return;
    try {
      out.push(compileMapping(m, i, compile));
    } catch (e) {
      at([...base, 'expression'], `invalid expression: ${(e as Error).message}`);
    }
  });
  if (precedences.size === 0)
    at(
      ['mappings'],
      'no matching attribute: give at least one mapping a matchingPrecedence (Entra needs one to match users)',
    );
  return out;
}

function compileScoping(cfg: MappingFile, at: At): Scoping | undefined {
  let ok = true;
  cfg.scoping.forEach((f, i) => {
    f.clauses.forEach((c, j) => {
      try {
        compileClause(c);
      } catch (e) {
        ok = false;
        at(['scoping', i, 'clauses', j, c.value === undefined ? 'operator' : 'value'], (e as Error).message);
      }
    });
  });
  return ok ? new Scoping(cfg.scoping) : undefined;
}

/** What decides whether users must all be evaluated again: mappings, scoping, source id and object type. */
function fingerprint(cfg: MappingFile): string {
  const basis = {
    mappings: cfg.mappings,
    scoping: cfg.scoping,
    id: cfg.source.id,
    objectType: cfg.target.objectType,
    softDeleted: cfg.source.softDeletedAttribute,
    enabled: cfg.source.accountEnabledAttribute,
  };
  return createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 32);
}
