// The generic web services connector: a project's flows behind the connector contract. No code per application.
import type { Logger } from 'pino';
import type {
  AttrValue,
  Attributes,
  Connector,
  ConnectorCapabilities,
  ConnectorObjectType,
  DeltaChange,
  DeltaImportPage,
  ExportEntry,
  ExportResult,
  FullImportPage,
  ImportRequest,
  ImportedObject,
  ParameterDefinition,
  TestResult,
  TypeCapability,
} from '../connector/types.ts';
import type { Scope } from './flow-expr/evaluate.ts';
import { FlowError } from './flow/flow-error.ts';
import { renderValue, runFlow, type FlowEnv } from './flow/interpreter.ts';
import type { ServiceCaller } from './flow/service-caller.ts';
import { ConnectionProbe } from './connection-probe.ts';
import { ImportStream } from './import-stream.ts';
import type { LoadedProject } from './project/load-project.ts';
import type { ActivityList } from './project/activity-schema.ts';
import type { FlowName, Project, TypeFlows } from './project/project-schema.ts';
import type { SoapOperation, SoapServiceSettings } from '../soap/soap-schema.ts';
import { SoapCaller } from './soap-caller.ts';
import { without } from '../util/without.ts';
import { SecretScrubber } from '../util/redact.ts';

/** Settings of one web services connector (from the host configuration). */
export interface WebServiceConnectorOptions {
  loaded: LoadedProject;
  /** Parameter values (secrets resolved). */
  parameters: Record<string, string | number | boolean>;
  /** Overrides of every service's base URL (connectivity.baseUrl). */
  baseUrl?: string;
  exportType: ConnectorCapabilities['exportType'];
  logger: Logger;
  /** Opens the caller of one service from its HTTP settings (params already filled in). */
  openCaller: (
    service: string,
    http: Project['services'][string]['http'],
    info: { credentialParameters: string[] },
  ) => ServiceCaller;
}

const STALE_STREAM_MS = 10 * 60_000;

type AttributeDef = Project['schema']['objectTypes'][number]['attributes'][number];

/** The flows behind each capability an object type may lack. */
const CAPABILITY_FLOWS: Record<TypeCapability, FlowName[]> = {
  import: ['fullImport'],
  deltaImport: ['deltaImport'],
  export: ['add', 'replace', 'update', 'delete'],
  setPassword: ['setPassword'],
  get: ['get'],
};

/** A connector that runs a web service project. */
export class WebServiceConnector implements Connector {
  readonly capabilities: ConnectorCapabilities;
  private readonly project: Project;
  private readonly callers = new Map<string, ServiceCaller>();
  private readonly streams = new Map<string, ImportStream<ImportedObject | DeltaChange>>();
  private readonly abort = new AbortController();
  private params: Record<string, unknown> = {};
  private readonly typeDefs = new Map<string, Project['schema']['objectTypes'][number]>();
  private readonly keptDefs = new WeakMap<ReadonlySet<string>, readonly AttributeDef[]>();

  constructor(private readonly options: WebServiceConnectorOptions) {
    this.project = options.loaded.project;
    for (const t of this.project.schema.objectTypes) this.typeDefs.set(t.name, t);
    const flows = Object.values(this.project.flows.objectTypes);
    const has = (cap: TypeCapability) => flows.some((t) => CAPABILITY_FLOWS[cap].some((f) => t[f] !== undefined));
    this.capabilities = {
      import: has('import'),
      deltaImport: has('deltaImport'),
      export: has('export'),
      exportType: options.exportType,
      objectRename: false,
      exportPasswordInFirstPass: true,
      setPassword: has('setPassword'),
      get: has('get'),
    };
  }

  parameters(): ParameterDefinition[] {
    return this.project.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      required: p.required,
      ...(p.description ? { description: p.description } : {}),
      ...(p.default !== undefined ? { default: p.default } : {}),
    }));
  }

  async schema(): Promise<ConnectorObjectType[]> {
    return this.project.schema.objectTypes.map((t) => {
      // The connector has a capability when any type has its flows; a type without them lacks it.
      const flows = this.flows(t.name);
      const lacks: ConnectorObjectType['capabilities'] = {};
      for (const [cap, names] of Object.entries(CAPABILITY_FLOWS) as [TypeCapability, FlowName[]][]) {
        if (this.capabilities[cap] && !names.some((f) => flows[f] !== undefined)) lacks[cap] = false;
      }
      return {
        name: t.name,
        anchor: t.anchor,
        attributes: t.attributes,
        ...(Object.keys(lacks).length ? { capabilities: lacks } : {}),
      };
    });
  }

  async open(): Promise<void> {
    const params: Record<string, unknown> = {};
    for (const p of this.project.parameters) {
      const v = this.options.parameters[p.name] ?? p.default;
      if (v === undefined && p.required)
        throw new Error(
          `project ${this.project.name}: the parameter "${p.name}" is required (set it under the connector's parameters).`,
        );
      params[p.name] = v;
    }
    this.params = params;
    for (const [name, svc] of Object.entries(this.project.services)) {
      const http = renderValue(svc.http, { params }, 'text') as typeof svc.http;
      // A session's login body holds the session's own placeholders ({{password}}), filled from auth.params at each
      // login: rendered here, they would be emptied.
      if (svc.http.auth?.type === 'session' && http.auth?.type === 'session')
        http.auth.login.body = svc.http.auth.login.body;
      if (this.options.baseUrl) http.baseUrl = this.options.baseUrl;
      const caller = this.options.openCaller(name, http, { credentialParameters: credentialParameters(svc.http) });
      const soapOps = soapOperations(svc);
      this.callers.set(
        name,
        soapOps.size || svc.soap
          ? new SoapCaller(
              caller,
              soapOps,
              svc.soap ? (renderValue(svc.soap, { params }, 'text') as SoapServiceSettings) : {},
            )
          : caller,
      );
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    for (const s of this.streams.values()) s.cancel();
    this.streams.clear();
    await Promise.all([...this.callers.values()].map((c) => c.close().catch(() => undefined)));
  }

  /**
   * Proves a round trip to the application: the project's testConnection flow, else the get flow of a type on an
   * anchor that does not exist (a "not found" answer proves it too), else the first call of a full import. The
   * result names the call the application answered; a test that made no answered call does not pass.
   */
  async test(): Promise<TestResult> {
    const t0 = performance.now();
    let probe: ConnectionProbe | undefined;
    const scrubber = this.secretParameterScrubber();
    // The report's texts are whole, never cut: the line end keeps the scrubber from masking a word at the end that
    // merely starts like a secret ("latest" for a key "test-…"), as it would in a truncated text.
    const scrub = (text: string) => scrubber.scrub(`${text}\n`).slice(0, -1);
    const done = (ok: boolean, message: string): TestResult => ({
      ok,
      message: scrub(message),
      durationMs: Math.round(performance.now() - t0),
      calls: probe?.calls ?? [],
    });
    const plan = this.testPlan();
    if (!plan)
      return done(false, 'The project has no testConnection, get or fullImport flow: add a testConnection flow.');
    // A full import is stopped once its first call succeeded: one answer is all the test needs.
    const stop = new AbortController();
    probe = new ConnectionProbe(this.callers, () => plan.stopAfterFirstAnswer && stop.abort(), scrub);
    const env: FlowEnv = { ...this.env(stop.signal), callers: probe.callers };
    try {
      await runFlow(
        plan.list,
        this.scope(plan.scope),
        env,
        plan.stopAfterFirstAnswer ? { emit: () => stop.abort() } : {},
      );
    } catch (e) {
      const expected =
        probe.first !== undefined &&
        (stop.signal.aborted || (plan.notFoundProves && e instanceof FlowError && e.kind === 'notFound'));
      if (!expected) return done(false, e instanceof Error ? e.message : String(e));
    }
    const call = probe.first;
    if (!call)
      return done(false, `The ${plan.name} made no call the application answered: nothing proves the connection.`);
    return done(true, `Connection works: ${probe.describe(call)} (${plan.name}).`);
  }

  /** Masks the values of the project's secret parameters (a flow may put one in a path or a query). */
  private secretParameterScrubber(): SecretScrubber {
    const scrubber = new SecretScrubber();
    for (const p of this.project.parameters) {
      const v = this.params[p.name];
      if (p.type === 'secret' && typeof v === 'string') scrubber.add(v);
    }
    return scrubber;
  }

  /** The flow test() runs, and how to read its outcome. */
  private testPlan():
    | { name: string; list: ActivityList; scope: Scope; notFoundProves: boolean; stopAfterFirstAnswer: boolean }
    | undefined {
    const list = this.project.flows.testConnection;
    if (list)
      return { name: 'testConnection flow', list, scope: {}, notFoundProves: false, stopAfterFirstAnswer: false };
    const types = Object.entries(this.project.flows.objectTypes);
    const withGet = types.find(([, f]) => f.get);
    if (withGet?.[1].get)
      return {
        name: `get flow of ${withGet[0]}`,
        list: withGet[1].get,
        scope: { anchor: '__ferry_connection_test__' },
        notFoundProves: true,
        stopAfterFirstAnswer: false,
      };
    const withImport = types.find(([, f]) => f.fullImport);
    if (withImport?.[1].fullImport)
      return {
        name: `fullImport flow of ${withImport[0]}`,
        list: withImport[1].fullImport,
        scope: { pageSize: 1 },
        notFoundProves: false,
        stopAfterFirstAnswer: true,
      };
    return undefined;
  }

  async fullImport(req: ImportRequest): Promise<FullImportPage> {
    const list = this.flows(req.objectType).fullImport;
    if (!list) throw new Error(`the project has no fullImport flow for ${req.objectType}`);
    const stream = this.stream(req, (push, s) => {
      const keep = this.keep(req);
      return runFlow(list, this.scope({ pageSize: req.pageSize }), this.env(req.signal), {
        keep,
        emit: (o) =>
          push({
            objectType: req.objectType,
            anchor: o.anchor,
            attributes: this.attributes(req.objectType, o.attributes, keep),
          }),
        watermark: (w) => (s.watermark = w),
      });
    });
    const page = await this.take(stream);
    return {
      objects: page.items as ImportedObject[],
      ...(page.last ? { watermark: stream.watermark } : { nextPageToken: `${stream.id}:${page.number}` }),
    };
  }

  async deltaImport(req: ImportRequest): Promise<DeltaImportPage> {
    const list = this.flows(req.objectType).deltaImport;
    if (!list) throw new Error(`the project has no deltaImport flow for ${req.objectType}`);
    const stream = this.stream(req, (push, s) => {
      s.watermark = req.watermark;
      const keep = this.keep(req);
      return runFlow(
        list,
        this.scope({ pageSize: req.pageSize, watermark: req.watermark ?? null }),
        this.env(req.signal),
        {
          keep,
          emit: (o) =>
            push({
              change: 'upsert',
              object: {
                objectType: req.objectType,
                anchor: o.anchor,
                attributes: this.attributes(req.objectType, o.attributes, keep),
              },
            }),
          emitDelete: (anchor) => push({ change: 'delete', objectType: req.objectType, anchor }),
          watermark: (w) => (s.watermark = w),
        },
      );
    });
    const page = await this.take(stream);
    return {
      changes: page.items as DeltaChange[],
      ...(page.last ? { watermark: stream.watermark } : { nextPageToken: `${stream.id}:${page.number}` }),
    };
  }

  async get(objectType: string, anchor: string): Promise<ImportedObject | undefined> {
    const list = this.flows(objectType).get;
    if (!list) return undefined;
    let found: ImportedObject | undefined;
    try {
      await runFlow(list, this.scope({ anchor }), this.env(), {
        emit: (o) => {
          found ??= { objectType, anchor: o.anchor, attributes: this.attributes(objectType, o.attributes) };
        },
      });
    } catch (e) {
      if (e instanceof FlowError && e.kind === 'notFound') return undefined;
      throw e;
    }
    return found;
  }

  /** Runs the type's lookup flow with the object's attributes; every object it emits is a candidate. */
  async lookup(objectType: string, attributes: Attributes): Promise<ImportedObject[]> {
    const list = this.flows(objectType).lookup;
    if (!list) return [];
    const found: ImportedObject[] = [];
    const object = { type: objectType, anchor: null, attributes, previous: {}, changes: [] };
    await runFlow(list, this.scope({ object }), this.env(), {
      emit: (o) => {
        found.push({ objectType, anchor: o.anchor, attributes: this.attributes(objectType, o.attributes) });
      },
    });
    return found;
  }

  async export(entries: ExportEntry[]): Promise<ExportResult[]> {
    const results: ExportResult[] = [];
    let stopped: string | undefined;
    for (const entry of entries) {
      if (stopped) {
        results.push({ ok: false, kind: 'stopRun', message: `not run: an earlier entry stopped the run (${stopped})` });
        continue;
      }
      const r = await this.exportOne(entry);
      if (!r.ok && r.kind === 'stopRun') stopped = r.message;
      results.push(r);
    }
    return results;
  }

  async setPassword(objectType: string, anchor: string, password: string): Promise<ExportResult> {
    const list = this.flows(objectType).setPassword;
    if (!list) return { ok: false, kind: 'rejected', message: `the project has no setPassword flow for ${objectType}` };
    try {
      await runFlow(list, this.scope({ object: { anchor, type: objectType }, password }), this.env());
      return { ok: true, anchor };
    } catch (e) {
      return failure(e);
    }
  }

  private async exportOne(entry: ExportEntry): Promise<ExportResult> {
    const flows = this.flows(entry.objectType);
    const flowName: FlowName =
      entry.kind === 'replace'
        ? flows.replace
          ? 'replace'
          : 'update'
        : entry.kind === 'update'
          ? flows.update
            ? 'update'
            : 'replace'
          : entry.kind;
    const list = flows[flowName];
    if (!list)
      return { ok: false, kind: 'rejected', message: `the project has no ${entry.kind} flow for ${entry.objectType}` };
    const object = objectScope(entry);
    const changedNames = new Set(
      entry.kind === 'update'
        ? entry.changes.map((c) => c.name)
        : entry.kind === 'replace'
          ? changedBetween(entry.previous, entry.attributes)
          : [],
    );
    let result: { anchor?: string; attributes?: Record<string, unknown> } | undefined;
    try {
      await runFlow(
        list,
        this.scope({
          object,
          password: entry.kind === 'add' ? (entry.password ?? entry.attributes.export_password ?? null) : null,
        }),
        this.env(undefined, (n) => changedNames.has(n)),
        {
          result: (r) => (result = r),
        },
      );
    } catch (e) {
      // An add whose result gave the anchor before a later call failed: the object exists unless undone.
      const created = entry.kind === 'add' && !(e instanceof FlowError && e.compensated) ? result?.anchor : undefined;
      return { ...failure(e), ...(created ? { createdAnchor: created } : {}) };
    }
    const anchor = result?.anchor ?? ('anchor' in entry ? entry.anchor : undefined);
    if (!anchor)
      return {
        ok: false,
        kind: 'rejected',
        message: `the ${flowName} flow set no anchor for the new object (add a result activity)`,
      };
    return {
      ok: true,
      anchor,
      ...(result?.attributes ? { attributes: this.attributes(entry.objectType, result.attributes) } : {}),
    };
  }

  /** The schema attributes of a type, only those in `keep` when given (cached per set: an import asks per object). */
  private definitions(objectType: string, keep?: ReadonlySet<string>): readonly AttributeDef[] {
    const all = this.typeDefs.get(objectType)?.attributes ?? [];
    if (!keep) return all;
    let defs = this.keptDefs.get(keep);
    if (!defs) this.keptDefs.set(keep, (defs = all.filter((a) => keep.has(a.name))));
    return defs;
  }

  /** The attribute names an import renders: those asked for, plus the anchor attribute. */
  private keep(req: ImportRequest): ReadonlySet<string> | undefined {
    if (!req.attributes) return undefined;
    const anchor = this.typeDefs.get(req.objectType)?.anchor;
    return new Set(anchor ? [...req.attributes, anchor] : req.attributes);
  }

  private flows(objectType: string): TypeFlows {
    return this.project.flows.objectTypes[objectType] ?? {};
  }

  private scope(extra: Scope): Scope {
    return { params: this.params, ...extra };
  }

  private env(signal?: AbortSignal, changed?: (name: string) => boolean): FlowEnv {
    const signals = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
    return {
      project: this.project,
      callers: this.callers,
      logger: this.options.logger,
      signal: signals,
      hooks: changed ? { changed } : undefined,
    };
  }

  /** Keeps only schema attributes with values, as connector values (lists for multi-valued). */
  private attributes(objectType: string, raw: Record<string, unknown>, keep?: ReadonlySet<string>): Attributes {
    const out: Attributes = {};
    for (const a of this.definitions(objectType, keep)) {
      const v = raw[a.name];
      if (v === undefined || v === null || v === '') continue;
      // A reference holds an anchor, and anchors are text: an application that numbers its ids (Redmine) gives
      // members as numbers, which must equal the anchors the host keeps.
      const one = a.type === 'reference' ? anchorText : simple;
      // The common case, one plain value: no lists built (this runs for every attribute of every imported object).
      if (!Array.isArray(v) && typeof v !== 'object') {
        out[a.name] = a.multiValued ? [one(v)] : one(v);
        continue;
      }
      const list = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && x !== null && x !== '').map(one);
      if (list.length === 0) continue;
      out[a.name] = a.multiValued ? list : list[0];
    }
    return out;
  }

  private stream<T extends ImportedObject | DeltaChange>(
    req: ImportRequest,
    run: (push: (item: T) => Promise<void> | void, s: ImportStream<T>) => Promise<void>,
  ): ImportStream<T> {
    this.dropStale();
    if (req.pageToken) {
      // Tokens are "<stream>:<page number>": distinct per page, as the import engine's loop guard expects.
      const s = this.streams.get(req.pageToken.split(':')[0]);
      if (!s) throw new Error(`import page token "${req.pageToken}" is unknown or expired; start the import again`);
      return s as unknown as ImportStream<T>;
    }
    const s = new ImportStream<T>(req.pageSize, run);
    this.streams.set(s.id, s as unknown as ImportStream<ImportedObject | DeltaChange>);
    return s;
  }

  private async take<T>(s: ImportStream<T>): Promise<{ items: T[]; last: boolean; number: number }> {
    try {
      const page = await s.next();
      if (page.last) this.streams.delete(s.id);
      return page;
    } catch (e) {
      this.streams.delete(s.id);
      throw e;
    }
  }

  private dropStale(): void {
    const now = Date.now();
    for (const [id, s] of this.streams) {
      if (now - s.lastUsed > STALE_STREAM_MS) {
        s.cancel();
        this.streams.delete(id);
      }
    }
  }
}

function anchorText(v: unknown): AttrValue {
  const s = simple(v);
  return typeof s === 'number' ? String(s) : s;
}

function simple(v: unknown): AttrValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v && typeof v === 'object' && 'value' in v) return simple((v as { value: unknown }).value);
  return JSON.stringify(v);
}

function objectScope(entry: ExportEntry): Record<string, unknown> {
  switch (entry.kind) {
    case 'add':
      return {
        type: entry.objectType,
        anchor: entry.anchor ?? null,
        dn: entry.dn,
        attributes: entry.attributes,
        previous: {},
        changes: [],
      };
    case 'replace':
      return {
        type: entry.objectType,
        anchor: entry.anchor,
        dn: entry.dn,
        attributes: entry.attributes,
        previous: entry.previous,
        changes: [],
      };
    case 'update': {
      const next: Attributes = { ...entry.previous };
      for (const c of entry.changes) {
        const cur = next[c.name];
        const list = cur === undefined ? [] : Array.isArray(cur) ? [...cur] : [cur];
        if (c.op === 'replace') next[c.name] = c.values.length > 1 ? c.values : c.values[0];
        else if (c.op === 'add') next[c.name] = [...list, ...without(c.values, list)];
        else next[c.name] = without(list, c.values);
        if (c.values.length === 0 && c.op === 'replace') delete next[c.name];
      }
      return {
        type: entry.objectType,
        anchor: entry.anchor,
        dn: entry.dn,
        attributes: next,
        previous: entry.previous,
        changes: entry.changes,
      };
    }
    case 'delete':
      return { type: entry.objectType, anchor: entry.anchor, dn: entry.dn, attributes: {}, previous: {}, changes: [] };
  }
}

function changedBetween(a: Attributes, b: Attributes): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => JSON.stringify(a[n]) !== JSON.stringify(b[n]));
}

/** The project parameters a service's auth settings take their values from (`{{ params.NAME }}`). */
function credentialParameters(http: Project['services'][string]['http']): string[] {
  const text = JSON.stringify(http.auth ?? {});
  return [...new Set([...text.matchAll(/params\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

/** A service's operations that carry SOAP details, by operation id (what its SoapCaller builds messages for). */
function soapOperations(svc: Project['services'][string]): Map<string, SoapOperation> {
  const ops = new Map<string, SoapOperation>();
  for (const [id, op] of Object.entries(svc.discovery.operations)) if (op.soap) ops.set(id, op.soap as SoapOperation);
  return ops;
}

function failure(e: unknown): Extract<ExportResult, { ok: false }> {
  if (e instanceof FlowError)
    return { ok: false, kind: e.kind, message: e.message, ...(e.retryAfter ? { retryAfter: e.retryAfter } : {}) };
  return { ok: false, kind: 'rejected', message: e instanceof Error ? e.message : String(e) };
}
