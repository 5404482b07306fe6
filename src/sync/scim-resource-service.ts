// The bridge between SCIM and a connector: serves one SCIM resource type from the connector space and turns
// writes into exports. Reads never reach the application.
import { FerryError, scimError } from '../errors/catalogue.ts';
import type { Attributes } from '../connector/types.ts';
import type { ResourceMapper } from '../mapping/resource-mapper.ts';
import { checkIfMatch } from '../scim/etag.ts';
import { matchesFilter } from '../scim/filter/evaluate.ts';
import { lookupEqualities } from '../scim/filter/parser.ts';
import type { AttrRef } from '../scim/schema/types.ts';
import type {
  ListQuery,
  RequestContext,
  ResourceService,
  ResourceTypeInfo,
  ScimResource,
} from '../scim/resource-service.ts';
import type { SpaceObject, SpaceStore } from '../space/store.ts';
import { InProcessLocks, type ObjectLocks } from '../space/object-locks.ts';
import { activeOf, applyActive, type Deprovisioning } from './deprovisioning.ts';
import type { ExportEngine } from './export-engine.ts';
import { storable, type ObjectTypeRuntime } from './object-type.ts';
import type { ProvisioningSink } from './provisioning-log.ts';
import { OpTrace } from './trace.ts';

/** Everything one resource type of a connector needs. */
export interface ScimResourceServiceOptions {
  connector: string;
  type: ResourceTypeInfo;
  runtime: ObjectTypeRuntime;
  mapper: ResourceMapper;
  deprovisioning: Deprovisioning;
  store: SpaceStore;
  engine: ExportEngine;
  log: ProvisioningSink;
  logReads: boolean;
  /** SCIM paths (lower case, URN-qualified or not) that map 1:1 to a connector attribute: usable as an index. */
  indexedPaths: Map<string, string>;
  /** Largest number of matches a filter may collect before the request is refused (tooMany). */
  maxResults?: number;
  /** Serialises writes per object (and creates per unique value); across hosts with a shared store. */
  locks?: ObjectLocks;
}

const SCAN_CHUNK = 2000;
/** indexedAttribute's answer for the id, which the anchor's own index finds. */
const ID: unique symbol = Symbol('id');

/** A ResourceService backed by a connector space and an export engine. */
export class ScimResourceService implements ResourceService {
  readonly type: ResourceTypeInfo;
  private readonly locks: ObjectLocks;

  constructor(private readonly options: ScimResourceServiceOptions) {
    this.type = options.type;
    this.locks = options.locks ?? new InProcessLocks();
  }

  /** Runs fn holding the lock of one object of this type (the If-Match check and the space read happen inside). */
  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.withLocks([`${this.options.connector}\u001f${this.options.runtime.name}\u001f${id}`], fn);
  }

  /**
   * The locks a create holds: one per unique value it carries, so two creates of one userName (through two
   * hosts) run one after the other, and the second finds the first in the space (409).
   */
  private createKeys(attributes: Attributes): string[] {
    const rt = this.options.runtime;
    const keys: string[] = [];
    for (const def of rt.selected.values()) {
      if (!(def.unique || def.name === rt.anchor) || def.writeOnly) continue;
      const v = attributes[def.name];
      for (const x of Array.isArray(v) ? v : [v]) {
        if (typeof x === 'string' || typeof x === 'number')
          keys.push(`${this.options.connector}\u001f${rt.name}\u001e${def.name}\u001f${String(x).toLowerCase()}`);
      }
    }
    return keys;
  }

  async get(id: string, ctx: RequestContext): Promise<ScimResource> {
    return this.logged('get', id, ctx, this.options.logReads, async () =>
      this.toResource(await this.load(id, ctx), ctx),
    );
  }

  async list(q: ListQuery, ctx: RequestContext) {
    return this.logged('query', undefined, ctx, this.options.logReads, async () => {
      const { connector, store, runtime } = this.options;
      if (!q.filter && !q.sortBy) {
        const totalResults = await store.count(connector, runtime.name);
        const resources: ScimResource[] = [];
        if (q.count > 0) {
          let skip = q.startIndex - 1;
          let after: string | undefined;
          while (resources.length < q.count) {
            const chunk = await store.scan(connector, runtime.name, {
              afterAnchor: after,
              limit: Math.min(SCAN_CHUNK, skip + q.count - resources.length),
            });
            if (chunk.length === 0) break;
            after = chunk[chunk.length - 1].anchor;
            for (const o of chunk) {
              if (skip > 0) skip--;
              else if (resources.length < q.count) resources.push(this.toResource(o, ctx));
            }
          }
        }
        return { totalResults, resources };
      }
      const matched = await this.candidates(q, ctx);
      if (q.sortBy) sortResources(matched, q.sortBy, q.sortOrder ?? 'ascending', this.type);
      return { totalResults: matched.length, resources: matched.slice(q.startIndex - 1, q.startIndex - 1 + q.count) };
    });
  }

  async create(body: ScimResource, ctx: RequestContext): Promise<ScimResource> {
    return this.logged('create', undefined, ctx, true, async (trace, setObject) => {
      const { attributes, active, password } = this.options.mapper.read(body);
      applyActive(this.options.deprovisioning, attributes, active);
      const { object } = await this.locks.withLocks(this.createKeys(attributes), () =>
        this.options.engine.add(this.options.runtime, attributes, password, trace),
      );
      setObject(object.anchor);
      return this.toResource(object, ctx);
    });
  }

  async replace(id: string, body: ScimResource, ctx: RequestContext): Promise<ScimResource> {
    return this.logged('replace', id, ctx, true, (trace) =>
      this.locked(id, async () => {
        const current = await trace.step('space lookup', () => this.load(id, ctx));
        return this.applyChange(current, body, ctx, trace, true);
      }),
    );
  }

  async modify(
    id: string,
    change: (current: ScimResource) => ScimResource | Promise<ScimResource>,
    ctx: RequestContext,
  ): Promise<ScimResource> {
    return this.logged('update', id, ctx, true, (trace) =>
      this.locked(id, async () => {
        const current = await trace.step('space lookup', () => this.load(id, ctx));
        const next = await change(this.toResource(current, ctx));
        return this.applyChange(current, next, ctx, trace, false);
      }),
    );
  }

  async delete(id: string, ctx: RequestContext): Promise<void> {
    await this.logged('delete', id, ctx, true, (trace, _set, skip) =>
      this.locked(id, async () => {
        const current = await trace.step('space lookup', () => this.load(id, ctx));
        if (this.options.deprovisioning.delete.flow === 'none') {
          skip('The delete flow is "none": the object stays in the application.');
          return;
        }
        await this.options.engine.delete(this.options.runtime, current, trace);
      }),
    );
  }

  /** Applies a full next resource (PUT body or PATCH result) with deprovisioning. */
  private async applyChange(
    current: SpaceObject,
    next: ScimResource,
    ctx: RequestContext,
    trace: OpTrace,
    isPut: boolean,
  ): Promise<ScimResource> {
    const rt = this.options.runtime;
    const read = this.options.mapper.read(next, current.attributes);
    const attrs: Attributes = isPut ? { ...read.attributes } : read.attributes;
    // Attributes a client cannot write keep their values (PUT replaces only what the client may write).
    for (const def of rt.selected.values()) {
      if (
        (def.readOnly || def.name === rt.anchor) &&
        attrs[def.name] === undefined &&
        current.attributes[def.name] !== undefined
      ) {
        attrs[def.name] = current.attributes[def.name];
      }
    }
    const d = this.options.deprovisioning;
    const disabling = read.active === false && activeOf(d, current.attributes) !== false;
    if (disabling && d.disable.flow === 'delete') {
      await this.options.engine.delete(rt, current, trace);
      const gone = this.toResource(current, ctx);
      gone.active = false;
      return gone;
    }
    if (d.disable.flow === 'set') {
      if (read.active === undefined && d.disable.attribute)
        attrs[d.disable.attribute] = current.attributes[d.disable.attribute];
      applyActive(d, attrs, read.active);
    }
    const { object } = await this.options.engine.change(rt, current, storableOrWriteOnly(rt, attrs), trace);
    if (read.password !== undefined) await this.options.engine.setPassword(rt, object.anchor, read.password, trace);
    return this.toResource(object, ctx);
  }

  /** The object to change; with the request's If-Match checked here, under the object's lock. */
  private async load(id: string, ctx: RequestContext): Promise<SpaceObject> {
    const o = await this.options.store.get(this.options.connector, this.options.runtime.name, id);
    if (!o) throw scimError.notFound(`${this.type.name} "${id}" not found.`);
    checkIfMatch(ctx.ifMatch, versionTag(o), `${this.type.name} "${id}"`);
    return o;
  }

  /** The resources matching the filter: through the attribute index when an equality allows, else a scan. */
  private async candidates(q: ListQuery, ctx: RequestContext): Promise<ScimResource[]> {
    const { store, connector, runtime } = this.options;
    const schema = this.type.schema;
    const max = this.options.maxResults ?? 50_000;
    const out: ScimResource[] = [];
    const keep = (o: SpaceObject) => {
      const r = this.toResource(o, ctx);
      if (!q.filter || matchesFilter(r, q.filter, schema)) out.push(r);
      if (out.length > max)
        throw new FerryError('too_many', `The filter matches more than ${max} resources; narrow it.`);
    };
    const lookups = q.filter && lookupEqualities(q.filter, (p) => this.indexedAttribute(p));
    if (lookups) {
      // Each equality through the anchor's or an attribute's index; an object two of them find is kept once.
      const seen = new Set<string>();
      for (const { via: attr, value: v } of lookups) {
        const value = String(v);
        const found =
          attr === ID
            ? [await store.get(connector, runtime.name, value)]
            : await store.findByAttribute(connector, runtime.name, attr, value);
        for (const o of found) {
          if (!o || seen.has(o.anchor)) continue;
          seen.add(o.anchor);
          keep(o);
        }
      }
      return out;
    }
    let after: string | undefined;
    for (;;) {
      const chunk = await store.scan(connector, runtime.name, { afterAnchor: after, limit: SCAN_CHUNK });
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1].anchor;
      chunk.forEach(keep);
    }
    return out;
  }

  /** The space attribute whose index finds a SCIM path's values (ID for the id: the anchor), if any. */
  private indexedAttribute(path: AttrRef): string | typeof ID | undefined {
    const key = (path.urn ? `${path.urn}:` : '') + path.name + (path.sub ? `.${path.sub}` : '');
    const lower = key.toLowerCase();
    return lower === 'id' ? ID : this.options.indexedPaths.get(lower);
  }

  /** The SCIM representation of a space object. */
  toResource(o: SpaceObject, ctx: RequestContext): ScimResource {
    const t = this.type;
    const res: ScimResource = { schemas: [t.core.id], id: o.anchor };
    this.options.mapper.write(res, o.attributes);
    const active = activeOf(this.options.deprovisioning, o.attributes);
    if (active !== undefined) res.active = active;
    else if (t.schema.resolve({ name: 'active' }) && res.active === undefined) res.active = true;
    for (const e of t.extensions) if (res[e.schema.id] !== undefined) (res.schemas as string[]).push(e.schema.id);
    res.meta = {
      resourceType: t.name,
      created: o.created,
      lastModified: o.modified,
      version: versionTag(o),
      location: `${ctx.baseUrl}${t.endpoint}/${encodeURIComponent(o.anchor)}`,
    };
    return res;
  }

  /** Runs an operation and records it in the provisioning log (failures always, reads when asked). */
  private async logged<T>(
    action: string,
    object: string | undefined,
    ctx: RequestContext,
    record: boolean,
    fn: (trace: OpTrace, setObject: (id: string) => void, skip: (why: string) => void) => Promise<T>,
  ): Promise<T> {
    const trace = new OpTrace();
    let obj = object;
    let skipped: string | undefined;
    try {
      const r = await fn(
        trace,
        (id) => (obj = id),
        (why) => (skipped = why),
      ).finally(() => ctx.timings?.push(...trace.steps));
      if (record) {
        this.options.log.record({
          time: new Date().toISOString(),
          connector: this.options.connector,
          objectType: this.options.runtime.name,
          object: obj,
          action,
          status: skipped ? 'skipped' : 'success',
          durationMs: trace.elapsed(),
          steps: trace.steps,
          requestId: ctx.requestId,
          ...(skipped ? { error: { code: 'skipped', message: skipped } } : {}),
        });
      }
      return r;
    } catch (e) {
      // A bug: logged once with its stack under the request id; the record names the id and the error's type.
      ctx.reportUnexpected?.(e);
      const err =
        e instanceof FerryError
          ? e
          : new FerryError(
              'internal',
              `Unexpected error (${e instanceof Error ? e.name : typeof e}); its stack is in the host log under request id ${ctx.requestId}.`,
              { cause: e },
            );
      this.options.log.record({
        time: new Date().toISOString(),
        connector: this.options.connector,
        objectType: this.options.runtime.name,
        object: obj,
        action,
        status: 'failure',
        durationMs: trace.elapsed(),
        steps: trace.steps,
        requestId: ctx.requestId,
        error: { code: err.code, message: err.message, recommendation: err.recommendation },
      });
      throw e;
    }
  }
}

/** Keeps storable attributes plus write-only ones the application may still need in an export. */
function storableOrWriteOnly(rt: ObjectTypeRuntime, attrs: Attributes): Attributes {
  const out = storable(rt, attrs);
  for (const def of rt.selected.values())
    if (def.writeOnly && attrs[def.name] !== undefined) out[def.name] = attrs[def.name];
  return out;
}

function sortResources(
  list: ScimResource[],
  sortBy: string,
  order: 'ascending' | 'descending',
  t: ResourceTypeInfo,
): void {
  const { urn, rest } = t.schema.splitUrn(sortBy);
  const [name, sub] = rest.split('.');
  const resolved = t.schema.resolve({ urn, name, sub });
  if (!resolved) return; // RFC 7644 §3.4.2.3: an unknown sortBy leaves the order as it is
  const keyOf = (r: ScimResource): string | number | undefined => {
    const holder = (resolved.extension ? r[resolved.schema.id] : r) as Record<string, unknown> | undefined;
    let v: unknown = holder?.[resolved.attr.name];
    if (Array.isArray(v)) v = (v.find((x) => (x as { primary?: boolean })?.primary) ?? v[0]) as unknown;
    if (v && typeof v === 'object') v = (v as Record<string, unknown>)[resolved.subAttr?.name ?? 'value'];
    if (typeof v === 'string') return resolved.attr.caseExact ? v : v.toLowerCase();
    return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : undefined;
  };
  const dir = order === 'descending' ? -1 : 1;
  list.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka === kb) return 0;
    if (ka === undefined) return 1; // RFC: unassigned values sort last
    if (kb === undefined) return -1;
    return (ka < kb ? -1 : 1) * dir;
  });
}

/** The SCIM version (and ETag) of a space object: weak, from its version counter. */
function versionTag(o: SpaceObject): string {
  return `W/"${o.version}"`;
}
