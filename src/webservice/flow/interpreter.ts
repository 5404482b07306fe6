// Runs a flow: a list of activities over one mutable scope. Calls go through ServiceCallers; imported objects,
// deletions, watermarks and export results leave through sinks (so imports stream with flat memory).
import type { Logger } from 'pino';
import { FlowExpressionError, truthy, type EvalHooks, type Scope } from '../flow-expr/evaluate.ts';
import { compile } from '../flow-expr/compile.ts';
import { UnsafeValueError } from '../flow-expr/template.ts';
import { RegexError } from '../flow-expr/safe-regex.ts';
import { caughtError, rethrowable, thrownKind } from './raise.ts';
import { compensate, type UndoStep } from './compensation.ts';
import { expression as expr, projection, renderValue } from './render.ts';
import type { Activity, ActivityList } from '../project/activity-schema.ts';
import { parseCallTarget } from '../project/call-target.ts';
import type { Project } from '../project/project-schema.ts';
import { FlowError } from './flow-error.ts';
import type { FlowRequest, FlowResponse, ServiceCaller } from './service-caller.ts';

/** Where a flow's results go. */
export interface FlowSinks {
  emit?(obj: { anchor: string; attributes: Record<string, unknown> }): Promise<void> | void;
  /** The attribute names the emit sink keeps: an emit's attribute map renders only these (absent: all). */
  keep?: ReadonlySet<string>;
  emitDelete?(anchor: string): Promise<void> | void;
  watermark?(value: string): void;
  result?(r: { anchor?: string; attributes?: Record<string, unknown> }): void;
}

/** What a running flow needs. */
export interface FlowEnv {
  project: Project;
  callers: Map<string, ServiceCaller>;
  logger: Logger;
  hooks?: EvalHooks;
  signal?: AbortSignal;
}

/** A FlowEnv while a flow runs: the undo steps registered so far, and how deep sub-flows are nested. */
interface RunEnv extends FlowEnv {
  undo: UndoStep[];
  depth: number;
}

const DEFAULT_MAX_ROUNDS = 100_000;
/** Deepest nesting of sub-flows (a guard; the loader already refuses recursion). */
const MAX_SUBFLOW_DEPTH = 32;
/** Records of a page a paged call works through before it lets pending I/O run. */
const YIELD_EVERY = 32;

export { renderValue };
/** Runs a list of activities. Throws FlowError on failure. */
export async function runFlow(list: ActivityList, scope: Scope, env: FlowEnv, sinks: FlowSinks = {}): Promise<void> {
  const run: RunEnv = { ...env, undo: [], depth: 0 };
  try {
    for (const a of list) await runActivity(a, scope, run, sinks);
  } catch (e) {
    const fe = asFlowError(e);
    // A later step failed: the steps that declared how to undo themselves are undone, newest first.
    if (run.undo.length)
      throw await compensate(fe, run.undo, (l, s) => runList(l, s, { ...run, undo: [] }, {}), env.logger);
    throw fe;
  }
}

function asFlowError(e: unknown): FlowError {
  if (e instanceof FlowError) return e;
  if (e instanceof FlowExpressionError || e instanceof UnsafeValueError || e instanceof RegexError)
    return new FlowError(e.message, 'invalidValue');
  if (e instanceof Error && e.name === 'AbortError') return new FlowError('the operation was abandoned', 'unavailable');
  return new FlowError(e instanceof Error ? e.message : String(e), 'rejected');
}

async function runList(list: ActivityList | undefined, scope: Scope, env: RunEnv, sinks: FlowSinks): Promise<void> {
  for (const a of list ?? []) await runActivity(a, scope, env, sinks);
}

async function runActivity(a: Activity, scope: Scope, env: RunEnv, sinks: FlowSinks): Promise<void> {
  if (env.signal?.aborted) throw new FlowError('the operation was abandoned', 'unavailable');
  const h = env.hooks;
  const ev = (text: string) => compile(expr(text))(scope, h);
  if ('call' in a) {
    await runCall(a, scope, env, sinks);
    if (a.undo) env.undo.push({ list: a.undo, scope: { ...scope }, what: a.call });
    return;
  }
  if ('run' in a) return runSubflow(a, scope, env);
  if ('assign' in a) {
    for (const [name, v] of Object.entries(a.assign)) scope[name] = renderValue(v, scope, 'json', h);
    return;
  }
  if ('if' in a) return runList(truthy(ev(a.if)) ? a.then : a.else, scope, env, sinks);
  if ('switch' in a) {
    const v = ev(a.switch);
    const key = v === undefined || v === null ? '' : String(v);
    return runList(Object.hasOwn(a.cases, key) ? a.cases[key] : a.default, scope, env, sinks);
  }
  if ('forEach' in a) {
    const raw = ev(a.forEach);
    const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    if ((a.concurrency ?? 1) > 1)
      return runConcurrently(items, a.concurrency!, (item) => runList(a.do, { ...scope, [a.as]: item }, env, sinks));
    for (const item of items) {
      scope[a.as] = item;
      await runList(a.do, scope, env, sinks);
    }
    return;
  }
  if ('while' in a || 'doWhile' in a) {
    const cond = 'while' in a ? a.while : a.doWhile;
    const max = a.max ?? DEFAULT_MAX_ROUNDS;
    let rounds = 0;
    if ('doWhile' in a) {
      do {
        if (++rounds > max)
          throw new FlowError(`a doWhile loop ran more than ${max} rounds (endless loop?)`, 'rejected');
        await runList(a.do, scope, env, sinks);
      } while (truthy(ev(cond)));
    } else {
      while (truthy(ev(cond))) {
        if (++rounds > max) throw new FlowError(`a while loop ran more than ${max} rounds (endless loop?)`, 'rejected');
        await runList(a.do, scope, env, sinks);
      }
    }
    return;
  }
  if ('try' in a) {
    try {
      await runList(a.try, scope, env, sinks);
    } catch (e) {
      scope[a.as ?? 'error'] = caughtError(asFlowError(e));
      await runList(a.catch, scope, env, sinks);
    }
    return;
  }
  if ('throw' in a) {
    // `throw: error` (or "{{ error }}") re-raises a caught error as it was: kind, status, Retry-After.
    const again = rethrowable(a.throw, scope, (t) => renderValue(t, scope, 'json', h));
    if (again) throw again;
    const retryAfter = a.retryAfter === undefined ? undefined : Number(renderValue(a.retryAfter, scope, 'json', h));
    throw new FlowError(
      String(renderValue(a.throw, scope, 'text', h) ?? 'flow error'),
      thrownKind(a.kind === undefined ? undefined : renderValue(a.kind, scope, 'text', h)),
      undefined,
      retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    );
  }
  if ('log' in a) {
    env.logger[a.level ?? 'info']({ flowLog: true }, String(renderValue(a.log, scope, 'text', h)));
    return;
  }
  if ('emit' in a) {
    const anchor = renderValue(a.emit.anchor, scope, 'text', h);
    if (anchor === undefined || anchor === null || anchor === '')
      throw new FlowError('emit: the anchor is empty', 'invalidValue');
    // Awaited only when the sink pushes back (a promise), not once per imported object.
    const waiting = sinks.emit?.({
      anchor: String(anchor),
      attributes: renderValue(projection(a.emit.attributes, sinks.keep), scope, 'json', h) as Record<string, unknown>,
    });
    if (waiting) await waiting;
    return;
  }
  if ('emitDelete' in a) {
    await sinks.emitDelete?.(String(renderValue(a.emitDelete, scope, 'text', h)));
    return;
  }
  if ('watermark' in a) {
    const w = renderValue(a.watermark, scope, 'text', h);
    if (w !== undefined && w !== null && w !== '') sinks.watermark?.(String(w));
    return;
  }
  if ('result' in a) {
    const anchor = a.result.anchor === undefined ? undefined : renderValue(a.result.anchor, scope, 'text', h);
    sinks.result?.({
      ...(anchor !== undefined && anchor !== null && anchor !== '' ? { anchor: String(anchor) } : {}),
      ...(a.result.attributes
        ? { attributes: renderValue(a.result.attributes, scope, 'json', h) as Record<string, unknown> }
        : {}),
    });
  }
}

type CallActivity = Extract<Activity, { call: string }>;
type RunActivity = Extract<Activity, { run: string }>;

/** Runs a named sub-flow in a scope of its own: the connector's params and the parameters it declares. */
async function runSubflow(a: RunActivity, scope: Scope, env: RunEnv): Promise<void> {
  const def = env.project.flows.subflows?.[a.run];
  if (!def) throw new FlowError(`there is no sub-flow "${a.run}"`, 'rejected');
  if (env.depth >= MAX_SUBFLOW_DEPTH)
    throw new FlowError(`sub-flows nested more than ${MAX_SUBFLOW_DEPTH} deep`, 'rejected');
  const inner: Scope = { params: scope.params };
  for (const p of def.parameters ?? [])
    inner[p] = a.with?.[p] === undefined ? undefined : renderValue(a.with[p], scope, 'json', env.hooks);
  // Sub-flows hand nothing to sinks (the loader refuses emit and result in them); their undo steps join the flow's.
  await runList(def.do, inner, { ...env, depth: env.depth + 1 }, {});
  const result = def.result === undefined ? undefined : renderValue(def.result, inner, 'json', env.hooks);
  if (a.as) scope[a.as] = result;
  if (a.undo) env.undo.push({ list: a.undo, scope: { ...scope }, what: `run ${a.run}` });
}

/** Call targets resolved per activity of a loaded project: every export resolves the same few. */
const targets = new WeakMap<CallActivity, { project: Project; target: ReturnType<typeof parseCallTarget> }>();

function callTargetOf(a: CallActivity, project: Project): ReturnType<typeof parseCallTarget> {
  const known = targets.get(a);
  if (known?.project === project) return known.target;
  const target = parseCallTarget(project, a.call, a.service);
  targets.set(a, { project, target });
  return target;
}

/** Builds the request of a call activity, each value escaped for where it lands. */
export function buildRequest(
  a: CallActivity,
  scope: Scope,
  project: Project,
  hooks?: EvalHooks,
): { service: string; req: FlowRequest } {
  const target = callTargetOf(a, project);
  if ('error' in target) throw new FlowError(target.error, 'rejected');
  // An operation with a message structure (SOAP) takes its arguments as values: the service's caller builds the
  // message from them.
  const structured =
    target.operationId !== undefined &&
    project.services[target.service].discovery.operations[target.operationId]?.soap !== undefined;
  let path = String(renderValue(target.pathTemplate, scope, 'path', hooks));
  path = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const t = a.path?.[name];
    if (t === undefined)
      throw new FlowError(`the operation's path parameter "${name}" has no value`, 'missingAttribute');
    const v = String(renderValue(String(t), scope, 'path', hooks));
    if (!v) throw new FlowError(`the path parameter "${name}" is empty`, 'missingAttribute');
    return v;
  });
  const req: FlowRequest = { method: target.method, path };
  if (a.query) {
    const q: NonNullable<FlowRequest['query']> = {};
    for (const [k, v] of Object.entries(a.query)) {
      const r = renderValue(v, scope, 'query', hooks);
      if (r === undefined || r === null || r === '') continue;
      q[k] = Array.isArray(r)
        ? r.map((x) => (typeof x === 'number' ? x : String(x)))
        : typeof r === 'number' || typeof r === 'boolean'
          ? r
          : String(r);
    }
    req.query = q;
  }
  if (a.headers) {
    const hd: Record<string, string> = {};
    for (const [k, v] of Object.entries(a.headers)) {
      const r = renderValue(v, scope, 'header', hooks);
      if (r !== undefined && r !== '') hd[k] = String(r);
    }
    req.headers = hd;
  }
  if (structured) {
    req.operation = target.operationId;
    req.body = {
      args: (a.args === undefined ? {} : renderValue(a.args, scope, 'json', hooks)) as Record<string, unknown>,
    };
    return { service: target.service, req };
  }
  if (a.body !== undefined) req.body = { json: renderValue(a.body, scope, 'json', hooks) };
  else if (a.form) {
    const f: Record<string, string> = {};
    for (const [k, v] of Object.entries(a.form)) {
      const r = renderValue(v, scope, 'form', hooks);
      if (r !== undefined && r !== null) f[k] = typeof r === 'object' ? JSON.stringify(r) : String(r);
    }
    req.body = { form: f };
  }
  return { service: target.service, req };
}

async function runCall(a: CallActivity, scope: Scope, env: RunEnv, sinks: FlowSinks): Promise<void> {
  const { service, req } = buildRequest(a, scope, env.project, env.hooks);
  const caller = env.callers.get(service);
  if (!caller) throw new FlowError(`service "${service}" is not open`, 'unavailable');
  if (req.operation !== undefined) {
    // A structured (SOAP) call is answered in one message: it has no pages, and a fault is never "not found".
    const r = await caller.request(req, {
      idempotent: a.idempotent,
      signal: env.signal,
      ...(a.errors ? { errors: a.errors } : {}),
    });
    if (a.as) scope[a.as] = r;
    return;
  }
  if (a.paginate !== undefined || a.each !== undefined || a.collect !== undefined) {
    // The call's status map holds for every page, as for a single call.
    const opts = { signal: env.signal, ...(a.errors ? { errors: a.errors } : {}) };
    const pages =
      a.paginate !== undefined
        ? caller.paginate(req, a.paginate, a.records ?? '', opts)
        : singlePage(caller, req, a.records ?? '', { ...opts, idempotent: a.idempotent });
    // A list of the call's own: nothing else holds it until the call ends, so it grows in place.
    const gathered: unknown[] = [];
    for await (const page of pages) {
      if (a.as) scope[a.as] = page.response;
      if (a.collect) {
        for (const record of page.records) {
          scope[a.collect.as] = record;
          const v = renderValue(a.collect.value, scope, 'json', env.hooks);
          if (v !== undefined) gathered.push(v);
        }
      }
      if (!a.each) continue;
      let n = 0;
      for (const record of page.records) {
        scope[a.each.as] = record;
        await runList(a.each.do, scope, env, sinks);
        // Records run as microtasks, which never let I/O in: yielding now and then lets the page read ahead be
        // taken in and the one after it asked for while this page is worked through.
        if (++n % YIELD_EVERY === 0) await new Promise<void>((r) => setImmediate(r));
      }
    }
    if (a.collect) scope[a.collect.into] = gathered;
    return;
  }
  let res: FlowResponse | null;
  try {
    res = await caller.request(req, {
      idempotent: a.idempotent,
      signal: env.signal,
      ...(a.errors ? { errors: a.errors } : {}),
    });
  } catch (e) {
    if (e instanceof FlowError && e.kind === 'notFound' && a.notFound === 'null') res = null;
    else throw e;
  }
  if (a.as) scope[a.as] = res;
}

async function* singlePage(
  caller: ServiceCaller,
  req: FlowRequest,
  recordsPath: string,
  opts: Parameters<ServiceCaller['request']>[1],
) {
  const response = await caller.request(req, opts);
  const records = recordsPath ? pathValue(response.body, recordsPath) : response.body;
  // An answer without its records (an error envelope, an empty body) is not an empty list: an import taking it
  // for one would remove every object.
  if (records === undefined)
    throw new FlowError(
      `${req.method} ${req.path}: the answer has no "${recordsPath || '$'}" (the records)`,
      'rejected',
    );
  yield {
    response,
    records: Array.isArray(records) ? records : records === null ? [] : [records],
  };
}

function pathValue(root: unknown, path: string): unknown {
  let cur = root;
  for (const k of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Runs `fn` over the items with at most `limit` at once; the first failure fails the whole (after the rest settle). */
async function runConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
