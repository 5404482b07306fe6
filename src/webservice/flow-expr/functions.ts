// The functions flow expressions may call: a fixed list (no arbitrary code), each with its arity.
import { randomUUID } from 'node:crypto';
import { DEFAULT_STYLES, parseExact } from '../../expr/dotnet-parse-exact.ts';
import { formatDate as formatDotNet } from '../../expr/dotnet-format.ts';
import { DateTimeValue } from '../../expr/datetime.ts';
import { parseDate as parseLenient } from '../../expr/date-parse.ts';
import { without } from '../../util/without.ts';
import { compileRegex, regexInput, type SafeRegex } from './safe-regex.ts';

/** A value flow expressions handle (JSON values and undefined). */
export type Value = unknown;

interface FnDef {
  min: number;
  max: number;
  fn: (...args: Value[]) => Value;
  doc: string;
}

const str = (v: Value): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const list = (v: Value): Value[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const field = (item: Value, path: string): Value => {
  // Fast path: a plain field name (the common case, called for every record of an import).
  if (path.indexOf('.') < 0) {
    return item !== null && typeof item === 'object' && Object.hasOwn(item, path)
      ? (item as Record<string, Value>)[path]
      : undefined;
  }
  let cur: Value = item;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, Value>)[k];
  }
  return cur;
};
const isEmpty = (v: Value) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Every function available in flow expressions. */
export const FUNCTIONS: Record<string, FnDef> = {
  lower: { min: 1, max: 1, fn: (v) => (isEmpty(v) ? v : str(v).toLowerCase()), doc: 'lower(s): lower case' },
  upper: { min: 1, max: 1, fn: (v) => (isEmpty(v) ? v : str(v).toUpperCase()), doc: 'upper(s): upper case' },
  trim: { min: 1, max: 1, fn: (v) => (isEmpty(v) ? v : str(v).trim()), doc: 'trim(s): without surrounding spaces' },
  string: { min: 1, max: 1, fn: (v) => (v === undefined || v === null ? v : str(v)), doc: 'string(v): as text' },
  number: { min: 1, max: 1, fn: (v) => (isEmpty(v) ? undefined : Number(v)), doc: 'number(v): as a number' },
  bool: {
    min: 1,
    max: 1,
    fn: (v) => (typeof v === 'string' ? v.toLowerCase() === 'true' : Boolean(v)),
    doc: 'bool(v): true for true/"true"',
  },
  concat: { min: 1, max: 20, fn: (...a) => a.map(str).join(''), doc: 'concat(a, b, …): text joined' },
  join: {
    min: 2,
    max: 2,
    fn: (l, sep) =>
      list(l)
        .filter((x) => !isEmpty(x))
        .map(str)
        .join(str(sep)),
    doc: 'join(list, sep)',
  },
  split: { min: 2, max: 2, fn: (s, sep) => (isEmpty(s) ? [] : str(s).split(str(sep))), doc: 'split(s, sep)' },
  len: {
    min: 1,
    max: 1,
    fn: (v) => (Array.isArray(v) ? v.length : isEmpty(v) ? 0 : str(v).length),
    doc: 'len(list or text)',
  },
  empty: { min: 1, max: 1, fn: (v) => isEmpty(v), doc: 'empty(v): undefined, null, "" or []' },
  coalesce: {
    min: 1,
    max: 20,
    fn: (...a) => a.find((x) => !isEmpty(x)),
    doc: 'coalesce(a, b, …): the first non-empty',
  },
  first: { min: 1, max: 1, fn: (l) => list(l)[0], doc: 'first(list)' },
  last: { min: 1, max: 1, fn: (l) => list(l).at(-1), doc: 'last(list)' },
  list: { min: 1, max: 1, fn: (v) => list(v), doc: 'list(v): v as a list ([] for nothing)' },
  where: {
    min: 3,
    max: 3,
    fn: (l, path, value) => list(l).filter((x) => field(x, str(path)) === value),
    doc: 'where(list, "field", value): items whose field equals value',
  },
  find: {
    min: 3,
    max: 3,
    fn: (l, path, value) => list(l).find((x) => field(x, str(path)) === value),
    doc: 'find(list, "field", value): the first such item',
  },
  pluck: {
    min: 2,
    max: 2,
    fn: (l, path) =>
      list(l)
        .map((x) => field(x, str(path)))
        .filter((x) => x !== undefined),
    doc: 'pluck(list, "field"): that field of each item',
  },
  get: { min: 2, max: 2, fn: (o, path) => field(o, str(path)), doc: 'get(obj, "a.b"): a nested field' },
  contains: {
    min: 2,
    max: 2,
    fn: (h, n) => (Array.isArray(h) ? h.includes(n) : str(h).includes(str(n))),
    doc: 'contains(list or text, x)',
  },
  append: {
    min: 2,
    max: 20,
    fn: (l, ...items) => [...list(l), ...items.filter((x) => x !== undefined)],
    doc: 'append(list, item, …): a new list with the items added',
  },
  extend: {
    min: 2,
    max: 20,
    fn: (l, ...others) => list(l).concat(...others.map((o) => list(o))),
    doc: 'extend(list, other, …): a new list with the items of the other lists added (append adds each list as one item)',
  },
  compact: {
    min: 1,
    max: 2,
    fn: (l, path) => list(l).filter((x) => !isEmpty(path === undefined ? x : field(x, str(path)))),
    doc: 'compact(list, "field"?): without empty items (or items whose field is empty)',
  },
  difference: { min: 2, max: 2, fn: (a, b) => without(list(a), list(b)), doc: 'difference(a, b): items of a not in b' },
  entry: {
    min: 2,
    max: 6,
    fn: (...kv) => Object.fromEntries(pairs(kv)),
    doc: 'entry("k1", v1, "k2", v2, …): an object',
  },
  replace: {
    min: 3,
    max: 3,
    fn: (s, a, b) => (isEmpty(s) ? s : str(s).split(str(a)).join(str(b))),
    doc: 'replace(s, find, with)',
  },
  substring: {
    min: 2,
    max: 3,
    fn: (s, a, b) => str(s).substring(Number(a), b === undefined ? undefined : Number(b)),
    doc: 'substring(s, start, end?)',
  },
  startsWith: { min: 2, max: 2, fn: (s, p) => str(s).startsWith(str(p)), doc: 'startsWith(s, prefix)' },
  base64: { min: 1, max: 1, fn: (s) => Buffer.from(str(s), 'utf8').toString('base64'), doc: 'base64(s)' },
  now: { min: 0, max: 0, fn: () => new Date().toISOString(), doc: 'now(): ISO time' },
  uuid: { min: 0, max: 0, fn: () => randomUUID(), doc: 'uuid(): a random UUID' },
  date: {
    min: 1,
    max: 1,
    fn: (v) => (isEmpty(v) ? v : new Date(str(v)).toISOString().slice(0, 10)),
    doc: 'date(v): yyyy-mm-dd',
  },
  json: { min: 1, max: 1, fn: (v) => JSON.stringify(v ?? null), doc: 'json(v): JSON text' },
  endsWith: { min: 2, max: 2, fn: (s, p) => str(s).endsWith(str(p)), doc: 'endsWith(s, suffix)' },
  indexOf: {
    min: 2,
    max: 2,
    fn: (h, n) => (Array.isArray(h) ? h.indexOf(n) : str(h).indexOf(str(n))),
    doc: 'indexOf(list or text, x): the position of x, -1 when absent',
  },
  slice: {
    min: 2,
    max: 3,
    fn: (v, a, b) => {
      const end = b === undefined || b === null ? undefined : Number(b);
      return Array.isArray(v) ? v.slice(Number(a), end) : isEmpty(v) ? v : str(v).slice(Number(a), end);
    },
    doc: 'slice(list or text, start, end?): a part; negative positions count from the end',
  },
  keys: { min: 1, max: 1, fn: (o) => (isPlain(o) ? Object.keys(o) : []), doc: 'keys(obj): its field names' },
  values: { min: 1, max: 1, fn: (o) => (isPlain(o) ? Object.values(o) : []), doc: 'values(obj): its field values' },
  test: {
    min: 2,
    max: 3,
    fn: (s, p, f) => {
      if (s === undefined || s === null) return false;
      const r = regex(p, f);
      return r.re.test(regexInput(r, str(s)));
    },
    doc: 'test(s, pattern, flags?): true when the regular expression matches',
  },
  match: {
    min: 2,
    max: 3,
    fn: (s, p, f) => {
      const m = firstMatch(s, p, f);
      return m ? [...m].map((g) => g ?? null) : null;
    },
    doc: 'match(s, pattern, flags?): [whole match, group 1, …], or null',
  },
  groups: {
    min: 2,
    max: 3,
    fn: (s, p, f) => {
      const m = firstMatch(s, p, f);
      return m ? { ...(m.groups ?? {}) } : null;
    },
    doc: 'groups(s, pattern, flags?): the named groups (?<name>…) of the first match, or null',
  },
  matchAll: {
    min: 2,
    max: 3,
    fn: (s, p, f) => {
      if (s === undefined || s === null) return [];
      const r = regex(p, f);
      return [...regexInput(r, str(s)).matchAll(r.all)].map((m) => [...m].map((g) => g ?? null));
    },
    doc: 'matchAll(s, pattern, flags?): every match, each as [whole, group 1, …]',
  },
  regexReplace: {
    min: 3,
    max: 4,
    fn: (s, p, w, f) => {
      if (isEmpty(s)) return s;
      const r = regex(p, f);
      return regexInput(r, str(s)).replace(r.all, str(w));
    },
    doc: 'regexReplace(s, pattern, with, flags?): every match replaced ($1 and $<name> insert groups)',
  },
  whereMatch: {
    min: 3,
    max: 4,
    fn: (l, path, p, f) => {
      const r = regex(p, f);
      return list(l).filter((x) => {
        const v = field(x, str(path));
        return v !== undefined && v !== null && r.re.test(regexInput(r, str(v)));
      });
    },
    doc: 'whereMatch(list, "field", pattern, flags?): items whose field matches',
  },
  fieldsMatching: {
    min: 2,
    max: 3,
    fn: (o, p, f) => {
      if (!isPlain(o)) return {};
      const r = regex(p, f);
      return Object.fromEntries(Object.entries(o).filter(([k]) => r.re.test(regexInput(r, k))));
    },
    doc: 'fieldsMatching(obj, pattern, flags?): the fields whose name matches',
  },
  url: { min: 1, max: 1, fn: (u) => (isEmpty(u) ? null : urlParts(str(u))), doc: 'url(u): the parts of a URL' },
  parseDate: {
    min: 1,
    max: 2,
    fn: (v, fmt) => {
      if (isEmpty(v)) return v;
      const text = str(v);
      const d =
        fmt === undefined || fmt === null ? parseLenient(text) : parseExact(text, str(fmt), DEFAULT_STYLES, new Date());
      return d ? new Date(d.ms).toISOString() : null;
    },
    doc: 'parseDate(s, format?): an ISO date-time, read with a .NET format ("dd.MM.yyyy HH:mm"), or null',
  },
  formatDate: {
    min: 2,
    max: 2,
    fn: (v, fmt) => {
      if (isEmpty(v)) return v;
      const d = parseLenient(str(v));
      return d ? formatDotNet(new DateTimeValue(d.ms, d.sub), str(fmt)) : null;
    },
    doc: 'formatDate(date, format): the date written with a .NET format ("yyyyMMdd"), in UTC',
  },
};

/** Functions that take a regular expression: the positions of their pattern and flags arguments. */
export const REGEX_ARGUMENTS: Record<string, { pattern: number; flags: number }> = {
  test: { pattern: 1, flags: 2 },
  match: { pattern: 1, flags: 2 },
  groups: { pattern: 1, flags: 2 },
  matchAll: { pattern: 1, flags: 2 },
  regexReplace: { pattern: 1, flags: 3 },
  whereMatch: { pattern: 2, flags: 3 },
  fieldsMatching: { pattern: 1, flags: 2 },
};

function isPlain(o: Value): o is Record<string, Value> {
  return o !== null && typeof o === 'object' && !Array.isArray(o);
}

/** A checked pattern (the flags, when given, are text such as "i"). */
function regex(p: Value, f: Value): SafeRegex {
  return compileRegex(str(p), f === undefined || f === null ? '' : str(f));
}

/** A URL's parts; a relative URL (a Location header often is one) has empty protocol and host. */
function urlParts(text: string): Record<string, Value> {
  let u: URL;
  let relative = false;
  try {
    u = new URL(text);
  } catch {
    try {
      u = new URL(text, 'http://relative.invalid');
      relative = true;
    } catch {
      return { path: text, segments: [], query: {} };
    }
  }
  const query: Record<string, Value> = {};
  for (const [k, v] of u.searchParams) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return {
    protocol: relative ? '' : u.protocol.replace(/:$/, ''),
    host: relative ? '' : u.host,
    hostname: relative ? '' : u.hostname,
    port: relative ? '' : u.port,
    path: u.pathname,
    segments: u.pathname
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      }),
    query,
    hash: u.hash.replace(/^#/, ''),
  };
}

function pairs(kv: Value[]): [string, Value][] {
  const out: [string, Value][] = [];
  for (let i = 0; i + 1 < kv.length; i += 2) out.push([str(kv[i]), kv[i + 1]]);
  return out;
}

/** Functions that need the flow context (changed(), param()) are resolved by the evaluator, not here. */
export const CONTEXT_FUNCTIONS: Record<string, { min: number; max: number; doc: string }> = {
  changed: {
    min: 1,
    max: 1,
    doc: 'changed("attr"): true when the export changes that attribute (update/replace flows)',
  },
};

/** The first match of pattern `p` (flags `f`) in `s`, or null (also for a missing `s`). */
function firstMatch(s: Value, p: Value, f: Value): RegExpExecArray | null {
  if (s === undefined || s === null) return null;
  const r = regex(p, f);
  return r.re.exec(regexInput(r, str(s)));
}
