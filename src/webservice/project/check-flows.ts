// Load-time checks of a project's flows: every activity is one known kind with valid fields, every expression
// and template parses and names only known variables, functions, attributes and operations; activities appear
// only in flows where they mean something. A variable is known after a branch when every path through it assigns
// it (a path that ends in throw does not count): what the checker accepts, the interpreter has set.
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ConfigProblem } from '../../config/config-error.ts';
import { toJsonSchema } from '../../config/json-schema.ts';
import type { SettingPath, YamlSource } from '../../config/yaml-source.ts';
import { checkExpression, type StaticScope } from '../flow-expr/check.ts';
import { FlowExpressionSyntaxError, parseExpression } from '../flow-expr/parse.ts';
import { parseTemplate } from '../flow-expr/template.ts';
import { ACTIVITY_KINDS, ERROR_KINDS, type ActivityKind } from './activity-schema.ts';
import { parseCallTarget } from './call-target.ts';
import type { Project } from './project-schema.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<ActivityKind, ValidateFunction>();
const KINDS = Object.keys(ACTIVITY_KINDS) as ActivityKind[];

/** The variables each flow starts with. */
export const FLOW_VARIABLES: Record<string, string[]> = {
  testConnection: ['params'],
  fullImport: ['params', 'pageSize'],
  deltaImport: ['params', 'pageSize', 'watermark'],
  get: ['params', 'anchor'],
  lookup: ['params', 'object'],
  add: ['params', 'object', 'password'],
  replace: ['params', 'object'],
  update: ['params', 'object'],
  delete: ['params', 'object'],
  setPassword: ['params', 'object', 'password'],
};

const IMPORT_FLOWS = new Set(['fullImport', 'deltaImport', 'get', 'lookup']);
const EXPORT_FLOWS = new Set(['add', 'replace', 'update', 'delete', 'setPassword']);

interface Ctx {
  project: Project;
  source: YamlSource;
  problems: ConfigProblem[];
  flow: string;
  attributes?: Set<string>;
  params: Set<string>;
  results: { anchor: boolean }[];
}

/** Checks every flow of the project; returns the problems (empty when all is well). */
export function checkFlows(project: Project, source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const params = new Set(project.parameters.map((p) => p.name));
  checkSubflows(project, source, problems, params);
  if (project.flows.testConnection) {
    const ctx: Ctx = { project, source, problems, flow: 'testConnection', params, results: [] };
    checkList(
      project.flows.testConnection as unknown[],
      ['flows', 'testConnection'],
      scopeOf(ctx, 'testConnection'),
      ctx,
    );
  }
  for (const [type, flows] of Object.entries(project.flows.objectTypes)) {
    const def = project.schema.objectTypes.find((t) => t.name === type);
    if (!def) {
      problems.push(
        source.problem(
          ['flows', 'objectTypes', type],
          `"${type}" is not an object type of the schema (it has: ${project.schema.objectTypes.map((t) => t.name).join(', ')})`,
        ),
      );
      continue;
    }
    const attributes = new Set(def.attributes.map((a) => a.name));
    for (const [flow, list] of Object.entries(flows)) {
      if (!list) continue;
      const ctx: Ctx = { project, source, problems, flow, attributes, params, results: [] };
      checkList(list as unknown[], ['flows', 'objectTypes', type, flow], scopeOf(ctx, flow), ctx);
      const anchorDef = def.attributes.find((a) => a.name === def.anchor);
      if (flow === 'add' && anchorDef?.readOnly && !ctx.results.some((r) => r.anchor)) {
        problems.push(
          source.problem(
            ['flows', 'objectTypes', type, flow],
            `the application assigns the anchor "${def.anchor}" (read-only): the add flow must give a result whose anchor comes from the answer, e.g. result: { anchor: "{{ created.body.id }}" }`,
          ),
        );
      }
    }
  }
  return problems;
}

/** Each sub-flow is checked once, in its own scope (params and its parameters); recursion is refused. */
function checkSubflows(project: Project, source: YamlSource, problems: ConfigProblem[], params: Set<string>): void {
  const subflows = project.flows.subflows ?? {};
  for (const [name, def] of Object.entries(subflows)) {
    const ctx: Ctx = { project, source, problems, flow: 'subflow', params, results: [] };
    const scope: StaticScope = { variables: new Set(['params', ...(def.parameters ?? [])]), params };
    checkList(def.do as unknown[], ['flows', 'subflows', name, 'do'], scope, ctx);
    if (def.result !== undefined) checkTemplates(def.result, ['flows', 'subflows', name, 'result'], scope, ctx);
  }
  // A sub-flow that runs itself, directly or through others, would never end.
  const runs = new Map(Object.entries(subflows).map(([n, d]) => [n, runsOf(d.do)]));
  const reported = new Set<string>();
  for (const start of runs.keys()) {
    const cycle = findCycle(start, runs);
    if (cycle && !cycle.some((n) => reported.has(n))) {
      for (const n of cycle) reported.add(n);
      problems.push(
        source.problem(
          ['flows', 'subflows', start],
          `sub-flows may not run themselves: ${[...cycle, start].join(' → ')}`,
        ),
      );
    }
  }
}

/** The sub-flow names a list runs, at any depth. */
function runsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) runsOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.run === 'string') out.add(o.run);
    for (const v of Object.values(o)) if (v && typeof v === 'object') runsOf(v, out);
  }
  return out;
}

/** A path of runs from `start` back to itself, if any. */
function findCycle(start: string, runs: Map<string, Set<string>>): string[] | undefined {
  const seen = new Set<string>();
  const walk = (n: string, path: string[]): string[] | undefined => {
    for (const next of runs.get(n) ?? []) {
      if (next === start) return path;
      if (seen.has(next) || !runs.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

function scopeOf(ctx: Ctx, flow: string): StaticScope {
  return { variables: new Set(FLOW_VARIABLES[flow] ?? ['params']), attributes: ctx.attributes, params: ctx.params };
}

function child(scope: StaticScope, extra: string[]): StaticScope {
  return { ...scope, variables: new Set([...scope.variables, ...extra]) };
}

/**
 * Checks a list in `scope`, adding to it the variables the list assigns. True when the list always ends in a
 * throw (no path reaches what follows it).
 */
function checkList(list: unknown[], path: SettingPath, scope: StaticScope, ctx: Ctx): boolean {
  if (!Array.isArray(list)) {
    ctx.problems.push(ctx.source.problem(path, 'must be a list of activities'));
    return false;
  }
  let ends = false;
  list.forEach((a, i) => {
    if (checkActivity(a, [...path, i], scope, ctx)) ends = true;
  });
  return ends;
}

/**
 * Checks branches that start from `scope` and join after the activity: what every branch that goes on assigns
 * becomes known. True when every branch ends in a throw. A missing branch (no else) goes on, assigning nothing.
 */
function checkBranches(
  branches: { list: unknown[] | undefined; path: SettingPath; extra?: string[] }[],
  scope: StaticScope,
  ctx: Ctx,
): boolean {
  let known: Set<string> | undefined;
  for (const b of branches) {
    const inner = child(scope, b.extra ?? []);
    const ends = b.list === undefined ? false : checkList(b.list, b.path, inner, ctx);
    if (ends) continue;
    const assigned = new Set(
      [...inner.variables].filter((v) => !(b.extra ?? []).includes(v) || scope.variables.has(v)),
    );
    known = known ? new Set([...known].filter((v) => assigned.has(v))) : assigned;
  }
  if (!known) return true;
  for (const v of known) scope.variables.add(v);
  return false;
}

function checkActivity(a: unknown, path: SettingPath, scope: StaticScope, ctx: Ctx): boolean {
  const p = (sub: SettingPath, msg: string): void => {
    ctx.problems.push(ctx.source.problem([...path, ...sub], msg));
  };
  if (!a || typeof a !== 'object' || Array.isArray(a)) {
    p([], `an activity must be an object with one of: ${KINDS.join(', ')}`);
    return false;
  }
  const keys = Object.keys(a);
  const kinds = KINDS.filter((k) => keys.includes(k));
  if (kinds.length !== 1) {
    p(
      [],
      kinds.length
        ? `one activity per item: found ${kinds.join(' and ')}`
        : `unknown activity (keys: ${keys.join(', ')}); expected one of: ${KINDS.join(', ')}`,
    );
    return false;
  }
  const kind = kinds[0];
  const validate = validatorOf(kind);
  const act0 = a as Record<string, unknown>;
  if (!validate(a)) {
    for (const e of validate.errors ?? []) {
      const sub = e.instancePath
        .split('/')
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      if (kind === 'throw' && e.instancePath === '/kind')
        p(
          ['kind'],
          `"${String(act0.kind)}" is not an error kind: use one of ${ERROR_KINDS.join(', ')}, or a {{ template }}`,
        );
      else if (e.keyword === 'additionalProperties')
        p(
          [...sub, (e.params as { additionalProperty: string }).additionalProperty],
          `unknown field of a ${kind} activity`,
        );
      else if (e.keyword === 'required')
        p(sub, `a ${kind} activity needs "${(e.params as { missingProperty: string }).missingProperty}"`);
      else p(sub, e.message ?? 'invalid');
    }
    return false;
  }
  const act = a as Record<string, unknown>;
  const expr = (field: string) => checkExpr(String(act[field]), [...path, field], scope, ctx);
  const tmpl = (value: unknown, at: SettingPath) => checkTemplates(value, at, scope, ctx);
  if (
    (kind === 'emit' || kind === 'emitDelete' || kind === 'watermark') &&
    ctx.flow !== 'subflow' &&
    !IMPORT_FLOWS.has(ctx.flow) &&
    !(kind === 'watermark' && ctx.flow === 'fullImport')
  ) {
    p([kind], `${kind} belongs in import flows (fullImport, deltaImport, get), not in ${ctx.flow}`);
  }
  if (ctx.flow === 'subflow' && (kind === 'emit' || kind === 'emitDelete' || kind === 'watermark' || kind === 'result'))
    p([kind], `${kind} belongs in the flows, not in a sub-flow: let the sub-flow give a result and ${kind} it there`);
  else if (kind === 'result' && !EXPORT_FLOWS.has(ctx.flow))
    p([kind], `result belongs in export flows (add, replace, update, delete, setPassword), not in ${ctx.flow}`);
  switch (kind) {
    case 'call': {
      const target = parseCallTarget(ctx.project, act.call as string, act.service as string | undefined);
      if ('error' in target) p(['call'], target.error);
      else {
        tmpl(target.pathTemplate, [...path, 'call']);
        for (const name of target.pathParams)
          if (!(act.path as Record<string, unknown> | undefined)?.[name])
            p(['path'], `the operation's path needs "${name}"`);
      }
      for (const f of ['path', 'query', 'headers', 'body', 'form', 'args'])
        if (act[f] !== undefined) tmpl(act[f], [...path, f]);
      if (act.paginate !== undefined && act.records === undefined)
        p(['paginate'], 'a paged call needs "records" (the body path of the records)');
      if (act.each !== undefined) {
        if (act.paginate === undefined && act.records === undefined)
          p(['each'], '"each" needs "records" (and usually "paginate")');
        const each = act.each as { as: string; do: unknown[] };
        checkList(
          each.do,
          [...path, 'each', 'do'],
          child(scope, [each.as, ...(act.as ? [act.as as string] : [])]),
          ctx,
        );
      }
      if (act.collect !== undefined) {
        if (act.paginate === undefined && act.records === undefined)
          p(['collect'], '"collect" needs "records" (and usually "paginate")');
        const collect = act.collect as { as: string; value: unknown; into: string };
        checkTemplates(
          collect.value,
          [...path, 'collect', 'value'],
          child(scope, [collect.as, ...(act.as ? [act.as as string] : [])]),
          ctx,
        );
        scope.variables.add(collect.into);
      }
      if (act.as) scope.variables.add(act.as as string);
      if (act.undo !== undefined) checkList(act.undo as unknown[], [...path, 'undo'], child(scope, []), ctx);
      return false;
    }
    case 'run': {
      const def = ctx.project.flows.subflows?.[act.run as string];
      if (!def) {
        const known = Object.keys(ctx.project.flows.subflows ?? {});
        p(['run'], `there is no sub-flow "${String(act.run)}" (flows.subflows has: ${known.join(', ') || 'none'})`);
      }
      for (const [name, value] of Object.entries((act.with as Record<string, unknown> | undefined) ?? {})) {
        if (def && !(def.parameters ?? []).includes(name))
          p(
            ['with', name],
            `the sub-flow "${String(act.run)}" has no parameter "${name}" (it has: ${(def.parameters ?? []).join(', ') || 'none'})`,
          );
        tmpl(value, [...path, 'with', name]);
      }
      if (act.as) scope.variables.add(act.as as string);
      if (act.undo !== undefined) checkList(act.undo as unknown[], [...path, 'undo'], child(scope, []), ctx);
      return false;
    }
    case 'assign':
      for (const [name, value] of Object.entries(act.assign as Record<string, unknown>)) {
        tmpl(value, [...path, 'assign', name]);
        scope.variables.add(name);
      }
      return false;
    case 'if':
      expr('if');
      return checkBranches(
        [
          { list: act.then as unknown[], path: [...path, 'then'] },
          { list: act.else as unknown[] | undefined, path: [...path, 'else'] },
        ],
        scope,
        ctx,
      );
    case 'switch':
      expr('switch');
      return checkBranches(
        [
          ...Object.entries(act.cases as Record<string, unknown[]>).map(([k, list]) => ({
            list,
            path: [...path, 'cases', k],
          })),
          { list: act.default as unknown[] | undefined, path: [...path, 'default'] },
        ],
        scope,
        ctx,
      );
    case 'forEach':
      expr('forEach');
      checkList(act.do as unknown[], [...path, 'do'], child(scope, [act.as as string]), ctx);
      return false;
    case 'while':
    case 'doWhile': {
      const inner = child(scope, []);
      const ends = checkList(act.do as unknown[], [...path, 'do'], inner, ctx);
      // The condition sees what the body assigns (a paging loop's cursor).
      checkExpr(String(act[kind]), [...path, kind], inner, ctx);
      // A doWhile body runs at least once: what it assigns is known after the loop. A while body may not run.
      if (kind === 'doWhile') {
        for (const v of inner.variables) scope.variables.add(v);
        return ends;
      }
      return false;
    }
    case 'try':
      // After a try: what both the try (when it succeeds) and the catch (when it does not) assign.
      return checkBranches(
        [
          { list: act.try as unknown[], path: [...path, 'try'] },
          { list: act.catch as unknown[], path: [...path, 'catch'], extra: [(act.as as string) ?? 'error'] },
        ],
        scope,
        ctx,
      );
    case 'throw': {
      const text = String(act.throw);
      // throw: NAME re-raises a caught error; any other text is a message template.
      if (!/^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/.test(text)) tmpl(text, [...path, 'throw']);
      if (typeof act.kind === 'string' && act.kind.includes('{{')) tmpl(act.kind, [...path, 'kind']);
      if (typeof act.retryAfter === 'string') tmpl(act.retryAfter, [...path, 'retryAfter']);
      return true;
    }
    case 'log':
    case 'emitDelete':
    case 'watermark':
      tmpl(act[kind], [...path, kind]);
      return false;
    case 'emit': {
      const e = act.emit as { anchor: string; attributes: Record<string, unknown> };
      tmpl(e.anchor, [...path, 'emit', 'anchor']);
      for (const [name, v] of Object.entries(e.attributes)) {
        if (ctx.attributes && !ctx.attributes.has(name))
          p(['emit', 'attributes', name], `"${name}" is not an attribute of the schema`);
        tmpl(v, [...path, 'emit', 'attributes', name]);
      }
      return false;
    }
    case 'result': {
      const r = act.result as { anchor?: string; attributes?: Record<string, unknown> };
      if (r.anchor !== undefined) tmpl(r.anchor, [...path, 'result', 'anchor']);
      for (const [name, v] of Object.entries(r.attributes ?? {})) {
        if (ctx.attributes && !ctx.attributes.has(name))
          p(['result', 'attributes', name], `"${name}" is not an attribute of the schema`);
        tmpl(v, [...path, 'result', 'attributes', name]);
      }
      ctx.results.push({ anchor: r.anchor !== undefined });
      return false;
    }
  }
  return false;
}

function validatorOf(kind: ActivityKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = ajv.compile(toJsonSchema((ACTIVITY_KINDS as Record<string, TSchema>)[kind]));
    validators.set(kind, v);
  }
  return v;
}

function checkExpr(text: string, path: SettingPath, scope: StaticScope, ctx: Ctx): void {
  try {
    for (const msg of checkExpression(parseExpression(text), scope))
      ctx.problems.push(ctx.source.problem(path, `${msg} in "${text}"`));
  } catch (e) {
    if (e instanceof FlowExpressionSyntaxError)
      ctx.problems.push(ctx.source.problem(path, `expression "${text}": ${e.message} at character ${e.index + 1}`));
    else throw e;
  }
}

/** Checks every template string inside a value (strings, objects, lists). */
function checkTemplates(value: unknown, path: SettingPath, scope: StaticScope, ctx: Ctx): void {
  if (typeof value === 'string') {
    try {
      for (const part of parseTemplate(value).parts) {
        if (typeof part === 'string') continue;
        for (const msg of checkExpression(part.expr, scope))
          ctx.problems.push(ctx.source.problem(path, `${msg} in "{{ ${part.text} }}"`));
      }
    } catch (e) {
      if (e instanceof FlowExpressionSyntaxError)
        ctx.problems.push(ctx.source.problem(path, `template "${value}": ${e.message} at character ${e.index + 1}`));
      else throw e;
    }
  } else if (Array.isArray(value))
    value.forEach((v, i) => {
      checkTemplates(v, [...path, i], scope, ctx);
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) checkTemplates(v, [...path, k], scope, ctx);
}
