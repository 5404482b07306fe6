// What the SCIM layer calls to read and change resources of one type. It knows nothing of connectors.
import type { Filter } from './filter/parser.ts';
import type { ResourceSchema } from './schema/resource-schema.ts';
import type { SchemaDef } from './schema/types.ts';

/** A SCIM resource as JSON. */
export type ScimResource = Record<string, unknown>;

/** Per-request context. */
export interface RequestContext {
  requestId: string;
  /** The SCIM base URL of the connector as the client sees it (for meta.location). */
  baseUrl: string;
  /** Steps of the operation with their durations; the HTTP layer sends them as a Server-Timing header. */
  timings?: { name: string; durationMs: number }[];
  /** The request's If-Match header: a replace, modify or delete checks it against the version under its lock. */
  ifMatch?: string;
  /** Logs an unexpected error (a bug) once, with its stack, under this request's id. */
  reportUnexpected?: (e: unknown) => void;
}

/** A list request after parsing. */
export interface ListQuery {
  filter?: Filter;
  /** 1-based. */
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
}

/** A resource type served by one SCIM endpoint. */
export interface ResourceTypeInfo {
  name: string;
  /** e.g. /Users */
  endpoint: string;
  description: string;
  core: SchemaDef;
  extensions: { schema: SchemaDef; required: boolean }[];
  schema: ResourceSchema;
}

/** Reads and changes of one resource type. */
export interface ResourceService {
  readonly type: ResourceTypeInfo;
  /** The resource; throws not_found. */
  get(id: string, ctx: RequestContext): Promise<ScimResource>;
  list(q: ListQuery, ctx: RequestContext): Promise<{ totalResults: number; resources: ScimResource[] }>;
  create(body: ScimResource, ctx: RequestContext): Promise<ScimResource>;
  /** PUT: the body is the whole new resource. */
  replace(id: string, body: ScimResource, ctx: RequestContext): Promise<ScimResource>;
  /** PATCH: `change` turns the current resource into the next one (it may yield); runs under the object's lock. */
  modify(
    id: string,
    change: (current: ScimResource) => ScimResource | Promise<ScimResource>,
    ctx: RequestContext,
  ): Promise<ScimResource>;
  delete(id: string, ctx: RequestContext): Promise<void>;
}
