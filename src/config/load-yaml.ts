// Loads a YAML file against a TypeBox schema: syntax errors, defaults and validation errors with file:line:column.
import { readFileSync } from 'node:fs';
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ajvProblems } from './ajv-problems.ts';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { toJsonSchema } from './json-schema.ts';
import { YamlSource } from './yaml-source.ts';

/** A validated YAML value (defaults applied) and the source it came from, to locate later problems. */
export interface ParsedYaml<T> {
  value: T;
  source: YamlSource;
}

/** At most this many problems are reported at once. */
const MAX_PROBLEMS = 50;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(
  new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true, verbose: true }),
);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Reads and validates a YAML file; a missing file, bad syntax or invalid content throws a ConfigError. */
export function loadYamlFile<T extends TSchema>(file: string, schema: T): ParsedYaml<Static<T>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError({ file, line: 0, column: 0, path: '', message: `cannot read the file (${code})` });
  }
  return parseYaml(text, file, schema);
}

/** Parses and validates YAML text (named `file` in messages); throws a ConfigError listing every problem. */
export function parseYaml<T extends TSchema>(text: string, file: string, schema: T): ParsedYaml<Static<T>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true, merge: true });
  const syntax = [...doc.errors, ...doc.warnings].map((e) => yamlProblem(e, text, file));
  if (syntax.length > 0) throw new ConfigError(syntax.slice(0, MAX_PROBLEMS));
  const source = new YamlSource(file, doc, lines);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError({
      file,
      line: 1,
      column: 1,
      path: '',
      message: `cannot read the YAML: ${(err as Error).message.split('\n')[0]}`,
    });
  }
  const validate = validator(schema);
  if (!validate(value)) {
    const problems: ConfigProblem[] = ajvProblems(validate.errors ?? [], value, source);
    throw new ConfigError(problems.slice(0, MAX_PROBLEMS));
  }
  return { value: value as Static<T>, source };
}

function validator(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(toJsonSchema(schema));
    compiled.set(schema, v);
  }
  return v;
}

/** A YAML syntax problem, without the source excerpt the library appends (it could show a secret). */
function yamlProblem(e: YAMLError, text: string, file: string): ConfigProblem {
  const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
  let message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^("[^"\n]*"|'[^'\n]*'|[^:\s,{}[\]]+)/.exec(text.slice(e.pos[0]))?.[1];
    message =
      key && key.length <= 64
        ? `duplicate key ${key.startsWith('"') ? key : JSON.stringify(key.replace(/^'|'$/g, ''))}`
        : 'duplicate key';
  }
  return { file, line: pos.line, column: pos.col, path: '', message };
}
