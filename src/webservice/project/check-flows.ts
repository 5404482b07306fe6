// Load-time checks of a project's flows: every activity is one known kind with valid fields, every expression
// and template parses and names only known variables, functions, attributes and operations; activities appear
// only in flows where they mean something.
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ConfigProblem } from '../../config/config-error.ts';
import { toJsonSchema } from '../../config/json-schema.ts';
import type { SettingPath, YamlSource } from '../../config/yaml-source.ts';
import { checkExpression, type StaticScope } from '../expr/check.ts';
import { ExpressionSyntaxError, parseExpression } from '../expr/parse.ts';
import { parseTemplate } from '../expr/template.ts';
import { ACTIVITY_KINDS, type ActivityKind } from './activity-schema.ts';
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
            `the application assigns the anchor "${def.anchor}" (read-only): the add flow must end with a result whose anchor comes from the answer, e.g. result: { anchor: "{{ created.body.id }}" }`,
          ),
        );
      }
    }
  }
  return problems;
}

function scopeOf(ctx: Ctx, flow: string): StaticScope {
  return { variables: new Set(FLOW_VARIABLES[flow] ?? ['params']), attributes: ctx.attributes, params: ctx.params };
}

function child(scope: StaticScope, extra: string[]): StaticScope {
  return { ...scope, variables: new Set([...scope.variables, ...extra]) };
}

function checkList(list: unknown[], path: SettingPath, scope: StaticScope, ctx: Ctx): void {
  if (!Array.isArray(list)) {
    ctx.problems.push(ctx.source.problem(path, 'must be a list of activities'));
    return;
  }
  list.forEach((a, i) => checkActivity(a, [...path, i], scope, ctx));
}

function checkActivity(a: unknown, path: SettingPath, scope: StaticScope, ctx: Ctx): void {
  const p = (sub: SettingPath, msg: string): void => {
    ctx.problems.push(ctx.source.problem([...path, ...sub], msg));
  };
  if (!a || typeof a !== 'object' || Array.isArray(a))
    return p([], `an activity must be an object with one of: ${KINDS.join(', ')}`);
  const keys = Object.keys(a);
  const kinds = KINDS.filter((k) => keys.includes(k));
  if (kinds.length !== 1)
    return p(
      [],
      kinds.length
        ? `one activity per item: found ${kinds.join(' and ')}`
        : `unknown activity (keys: ${keys.join(', ')}); expected one of: ${KINDS.join(', ')}`,
    );
  const kind = kinds[0];
  const validate = validatorOf(kind);
  if (!validate(a)) {
    for (const e of validate.errors ?? []) {
      const sub = e.instancePath
        .split('/')
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      if (e.keyword === 'additionalProperties')
        p(
          [...sub, (e.params as { additionalProperty: string }).additionalProperty],
          `unknown field of a ${kind} activity`,
        );
      else if (e.keyword === 'required')
        p(sub, `a ${kind} activity needs "${(e.params as { missingProperty: string }).missingProperty}"`);
      else p(sub, e.message ?? 'invalid');
    }
    return;
  }
  const act = a as Record<string, unknown>;
  const expr = (field: string) => checkExpr(String(act[field]), [...path, field], scope, ctx);
  const tmpl = (value: unknown, at: SettingPath) => checkTemplates(value, at, scope, ctx);
  if (
    (kind === 'emit' || kind === 'emitDelete' || kind === 'watermark') &&
    !IMPORT_FLOWS.has(ctx.flow) &&
    !(kind === 'watermark' && ctx.flow === 'fullImport')
  ) {
    p([kind], `${kind} belongs in import flows (fullImport, deltaImport, get), not in ${ctx.flow}`);
  }
  if (kind === 'result' && !EXPORT_FLOWS.has(ctx.flow))
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
      return;
    }
    case 'assign':
      for (const [name, value] of Object.entries(act.assign as Record<string, unknown>)) {
        tmpl(value, [...path, 'assign', name]);
        scope.variables.add(name);
      }
      return;
    case 'if':
      expr('if');
      checkList(act.then as unknown[], [...path, 'then'], child(scope, []), ctx);
      if (act.else) checkList(act.else as unknown[], [...path, 'else'], child(scope, []), ctx);
      return;
    case 'switch':
      expr('switch');
      for (const [k, list] of Object.entries(act.cases as Record<string, unknown[]>))
        checkList(list, [...path, 'cases', k], child(scope, []), ctx);
      if (act.default) checkList(act.default as unknown[], [...path, 'default'], child(scope, []), ctx);
      return;
    case 'forEach':
      expr('forEach');
      checkList(act.do as unknown[], [...path, 'do'], child(scope, [act.as as string]), ctx);
      return;
    case 'while':
    case 'doWhile': {
      const inner = child(scope, []);
      checkList(act.do as unknown[], [...path, 'do'], inner, ctx);
      // The condition sees what the body assigns (a paging loop's cursor).
      checkExpr(String(act[kind]), [...path, kind], inner, ctx);
      return;
    }
    case 'try':
      checkList(act.try as unknown[], [...path, 'try'], child(scope, []), ctx);
      checkList(act.catch as unknown[], [...path, 'catch'], child(scope, [(act.as as string) ?? 'error']), ctx);
      return;
    case 'throw':
    case 'log':
    case 'emitDelete':
    case 'watermark':
      tmpl(act[kind], [...path, kind]);
      return;
    case 'emit': {
      const e = act.emit as { anchor: string; attributes: Record<string, unknown> };
      tmpl(e.anchor, [...path, 'emit', 'anchor']);
      for (const [name, v] of Object.entries(e.attributes)) {
        if (ctx.attributes && !ctx.attributes.has(name))
          p(['emit', 'attributes', name], `"${name}" is not an attribute of the schema`);
        tmpl(v, [...path, 'emit', 'attributes', name]);
      }
      return;
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
      return;
    }
  }
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
    if (e instanceof ExpressionSyntaxError)
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
      if (e instanceof ExpressionSyntaxError)
        ctx.problems.push(ctx.source.problem(path, `template "${value}": ${e.message} at character ${e.index + 1}`));
      else throw e;
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkTemplates(v, [...path, i], scope, ctx));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) checkTemplates(v, [...path, k], scope, ctx);
}
