// Turns ajv validation errors into a few readable, positioned problems (no values, only what is wrong).
import type { ErrorObject } from 'ajv';
import type { ConfigProblem } from './config-error.ts';
import type { SettingPath, YamlSource } from './yaml-source.ts';

/** The readable problems behind ajv's errors for `data` (validated, defaults applied), located in `source`. */
export function ajvProblems(errors: readonly ErrorObject[], data: unknown, source: YamlSource): ConfigProblem[] {
  return pruneAnyOf(errors).map((e) => toProblem(e, data, source));
}

/** Keeps, for every failed anyOf, only the errors of its closest branch (or one summary error). */
function pruneAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  const anyOfs = list.filter((e) => e.keyword === 'anyOf').sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const anyOf of anyOfs) {
    const prefix = `${anyOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of list) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const typeMismatch = (errs: ErrorObject[]) =>
      errs.some((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath);
    const onlyMissing = (errs: ErrorObject[]) =>
      errs.every((e) => e.keyword === 'required' && e.instancePath === anyOf.instancePath);
    let candidates = [...branches.values()].filter((errs) => !typeMismatch(errs)).sort((a, b) => a.length - b.length);
    // Nothing written matches any form, only properties are missing: name the forms rather than pick one.
    if (candidates.length > 1 && candidates.every(onlyMissing)) candidates = [];
    const keep = new Set<ErrorObject>(candidates[0] ?? []);
    list = list.filter((e) => e !== anyOf && (!e.schemaPath.startsWith(prefix) || keep.has(e)));
    if (keep.size === 0) list.push({ ...anyOf, keyword: 'anyOfSummary' });
  }
  return list;
}

function toProblem(e: ErrorObject, data: unknown, source: YamlSource): ConfigProblem {
  const path = instancePath(e.instancePath, data);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return source.problem(path, `missing required property "${String(p.missingProperty)}"`);
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as Record<string, unknown> | undefined) ?? {});
      const hint = closest(key, allowed);
      const list = allowed.length ? ` (allowed: ${allowed.join(', ')})` : '';
      return source.problem([...path, key], `unknown property${hint ? `, did you mean "${hint}"?` : ''}${list}`);
    }
    case 'type':
      return source.problem(path, `must be ${withArticle(typeList(p.type))} (found ${describe(e.data)})`);
    case 'enum':
      return source.problem(path, `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`);
    case 'minLength':
      return source.problem(path, `must be at least ${String(p.limit)} characters`);
    case 'maxLength':
      return source.problem(path, `must be at most ${String(p.limit)} characters`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return source.problem(path, `must be ${String(p.comparison)} ${String(p.limit)}`);
    case 'minItems':
      return source.problem(path, `must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`);
    case 'uniqueItems':
      return source.problem([...path, Number(p.j)], `duplicate of item ${String(p.i)}`);
    case 'pattern':
      return source.problem(path, `must match ${String(p.pattern)}`);
    case 'format':
      return source.problem(path, `must be a valid ${String(p.format)}`);
    case 'anyOfSummary': {
      const titles = ((e.schema as { title?: string }[] | undefined) ?? []).map((s) => s.title).filter(Boolean);
      const found =
        e.data !== null && typeof e.data === 'object' && !Array.isArray(e.data) ? '' : ` (found ${describe(e.data)})`;
      return source.problem(
        path,
        `${titles.length ? `must be ${titles.join(' or ')}` : 'does not match any allowed form'}${found}`,
      );
    }
    default:
      return source.problem(path, e.message ?? `fails ${e.keyword}`);
  }
}

/** JSON pointer → path segments, with array indexes as numbers. */
function instancePath(pointer: string, data: unknown): SettingPath {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function typeList(t: unknown): string[] {
  return (Array.isArray(t) ? t : String(t).split(',')).map(String);
}

function withArticle(types: string[]): string {
  const named = types.map((t) =>
    t === 'integer' ? 'integer' : t === 'object' ? 'object (a map of settings)' : t === 'array' ? 'array (a list)' : t,
  );
  const text = named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0];
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

/** The allowed name closest to a mistyped one (edit distance ≤ 2, or same letters ignoring case). */
function closest(key: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = a.toLowerCase() === key.toLowerCase() ? 0 : distance(key, a);
    if (d < bestD) [best, bestD] = [a, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
