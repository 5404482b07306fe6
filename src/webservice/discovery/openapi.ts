// Discovery from an OpenAPI document: Swagger 2.0 and OpenAPI 3.0 / 3.1 become the operations of a project's
// service (method, path, parameters, request body, the responses a flow reads) and the service's base URL.
import type { Operation } from '../project/project-schema.ts';
import {
  DiscoveryError,
  type DiscoveredOperation,
  type DiscoveredParameter,
  type DiscoveredService,
} from './discovered-service.ts';
import { isObject, RefResolver, type JsonObject } from './json-ref.ts';
import { OperationIds } from './operation-id.ts';
import { schemaTypeName, sketchSchema } from './schema-sketch.ts';

/** Options of {@link discoverOpenApi}. */
export interface OpenApiOptions {
  /** Where the document came from (file path or URL): named in messages and recorded as the source. */
  source?: string;
  /** The http(s) URL the document was fetched from: relative server URLs resolve against it. */
  documentUrl?: string;
  /** The service's base URL, instead of the one the document's servers (or host) give. */
  baseUrl?: string;
  /** Deepest nesting of schemas kept (default 8). */
  maxSchemaDepth?: number;
}

/** The OpenAPI versions Ferry reads. */
export type OpenApiVersion = '2.0' | '3.0' | '3.1';

type Method = Operation['method'];
type ParamIn = DiscoveredParameter['in'];

const PATH_ITEM_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const SUPPORTED_METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

interface Ctx {
  name: string;
  version: OpenApiVersion;
  doc: JsonObject;
  resolver: RefResolver;
  warnings: string[];
  maxDepth?: number;
}

interface Found {
  path: string;
  method: Method;
  op: JsonObject;
  pathItem: JsonObject;
  id?: string;
}

/** The operations and base URL described by a parsed OpenAPI 2.0, 3.0 or 3.1 document. */
export function discoverOpenApi(doc: unknown, opts: OpenApiOptions = {}): DiscoveredService {
  const name = opts.source ?? 'the document';
  if (!isObject(doc))
    throw new DiscoveryError(
      `${name}: not an OpenAPI document (expected an object at the top, found ${describe(doc)})`,
    );
  const version = openApiVersion(doc, name);
  if (doc.paths === undefined) {
    throw new DiscoveryError(
      `${name}: no "paths": the document describes no operations${version === '3.1' ? ' (documents with only webhooks or components are not supported)' : ''}`,
    );
  }
  if (!isObject(doc.paths))
    throw new DiscoveryError(`${name}: "paths" must be an object of path → operations, found ${describe(doc.paths)}`);
  const ctx: Ctx = { name, version, doc, resolver: new RefResolver(doc), warnings: [], maxDepth: opts.maxSchemaDepth };

  const found = collectOperations(ctx, doc.paths);
  // Declared ids are handed out first, so an id generated for another operation never takes one of them.
  const ids = new OperationIds();
  for (const f of found) {
    if (typeof f.op.operationId === 'string' && f.op.operationId.trim()) f.id = takeId(ids, ctx, f.op.operationId, f);
  }
  for (const f of found) if (f.id === undefined) f.id = takeId(ids, ctx, undefined, f);

  const operations: Record<string, DiscoveredOperation> = {};
  for (const f of found) operations[f.id as string] = operation(ctx, f);
  const title =
    isObject(doc.info) && typeof doc.info.title === 'string' && doc.info.title.trim()
      ? doc.info.title.trim()
      : undefined;
  const baseUrl =
    opts.baseUrl ?? (version === '2.0' ? swaggerBaseUrl(ctx, opts.documentUrl) : serversBaseUrl(ctx, opts.documentUrl));
  return {
    ...(title ? { title } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(opts.source ? { source: opts.source } : {}),
    operations,
    warnings: ctx.warnings,
  };
}

/** The version of a document, or a DiscoveryError saying why it is not one Ferry reads. */
export function openApiVersion(doc: JsonObject, name = 'the document'): OpenApiVersion {
  if (doc.swagger !== undefined) {
    // YAML reads an unquoted 2.0 as the number 2.
    const v = String(doc.swagger);
    if (v === '2.0' || v === '2') return '2.0';
    throw new DiscoveryError(
      `${name}: unsupported Swagger version "${v}" (Ferry reads Swagger 2.0 and OpenAPI 3.0 and 3.1)`,
    );
  }
  if (doc.openapi !== undefined) {
    const v = String(doc.openapi);
    if (/^3\.0(\.\d+)?(-[\w.]+)?$/.test(v)) return '3.0';
    if (/^3\.1(\.\d+)?(-[\w.]+)?$/.test(v)) return '3.1';
    throw new DiscoveryError(
      `${name}: unsupported OpenAPI version "${v}" (Ferry reads Swagger 2.0 and OpenAPI 3.0 and 3.1)`,
    );
  }
  throw new DiscoveryError(`${name}: not an OpenAPI document (no "openapi" or "swagger" field at the top)`);
}

function collectOperations(ctx: Ctx, paths: JsonObject): Found[] {
  const found: Found[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    if (!path.startsWith('/')) {
      ctx.warnings.push(`paths: "${path}" skipped (a path must start with /)`);
      continue;
    }
    const pathItem = ctx.resolver.deref(rawItem, `${ctx.name}: paths["${path}"]`);
    if (!isObject(pathItem))
      throw new DiscoveryError(
        `${ctx.name}: paths["${path}"] must be an object of operations, found ${describe(pathItem)}`,
      );
    for (const m of PATH_ITEM_METHODS) {
      const op = pathItem[m];
      if (op === undefined) continue;
      const method = m.toUpperCase();
      if (!isObject(op))
        throw new DiscoveryError(`${ctx.name}: ${method} ${path} must be an object, found ${describe(op)}`);
      if (!SUPPORTED_METHODS.has(method)) {
        ctx.warnings.push(`${method} ${path} skipped (a project calls only ${[...SUPPORTED_METHODS].join(', ')})`);
        continue;
      }
      found.push({ path, method: method as Method, op, pathItem });
    }
  }
  return found;
}

function takeId(ids: OperationIds, ctx: Ctx, own: string | undefined, f: Found): string {
  const { id, note } = ids.take(own, f.method, f.path);
  if (note) ctx.warnings.push(note);
  return id;
}

function operation(ctx: Ctx, f: Found): DiscoveredOperation {
  const where = `${ctx.name}: ${f.method} ${f.path}`;
  const params = mergedParameters(ctx, f, where);
  const summary = summaryOf(f.op);
  // Key order as a person reads an operation: what, where, then the details.
  const out: DiscoveredOperation = { method: f.method, path: f.path, ...(summary ? { summary } : {}), parameters: [] };

  const body = ctx.version === '2.0' ? swaggerBody(ctx, f, params, where) : requestBody(ctx, f.op, where);
  for (const p of params) {
    if (p.in === 'path' || p.in === 'query' || p.in === 'header') out.parameters.push(plainParameter(ctx, p, where));
    else if (p.in === 'cookie')
      ctx.warnings.push(`${f.method} ${f.path}: cookie parameter "${String(p.name)}" skipped (not supported)`);
    else if (p.in !== 'body' && p.in !== 'formData')
      ctx.warnings.push(`${f.method} ${f.path}: parameter "${String(p.name)}" in "${String(p.in)}" skipped`);
  }
  // A sloppy document may use {x} in a path without declaring x; a flow still has to fill it.
  for (const m of f.path.matchAll(/\{([^}]+)\}/g)) {
    if (!out.parameters.some((p) => p.in === 'path' && p.name === m[1]))
      out.parameters.push({ name: m[1], in: 'path', required: true, type: 'string' });
  }
  if (body) {
    out.parameters.push(...body.parameters);
    out.requestBody = body.requestBody;
  }
  const responses = ctx.version === '2.0' ? swaggerResponses(ctx, f, where) : responses3(ctx, f.op, where);
  if (Object.keys(responses).length) out.responses = responses;
  return out;
}

/** Path-level parameters, overridden by operation-level ones with the same name and location. */
function mergedParameters(ctx: Ctx, f: Found, where: string): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  for (const [level, list] of [
    ['path item', f.pathItem.parameters],
    ['operation', f.op.parameters],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new DiscoveryError(`${where}: the ${level}'s "parameters" must be a list`);
    list.forEach((raw, i) => {
      const at = `${where} ${level === 'path item' ? 'path-level ' : ''}parameters[${i}]`;
      const p = ctx.resolver.deref(raw, at);
      if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string')
        throw new DiscoveryError(`${at}: a parameter needs "name" and "in"`);
      byKey.set(`${p.in}\u0000${p.name}`, p);
    });
  }
  return [...byKey.values()];
}

function plainParameter(ctx: Ctx, p: JsonObject, where: string): DiscoveredParameter {
  const out: DiscoveredParameter = {
    name: p.name as string,
    in: p.in as ParamIn,
    required: p.in === 'path' || p.required === true,
  };
  let type: string | undefined;
  if (ctx.version === '2.0') type = schemaTypeName(p);
  else {
    let schema = p.schema;
    if (schema === undefined && isObject(p.content)) {
      const first = Object.values(p.content)[0];
      schema = isObject(first) ? first.schema : undefined;
    }
    type = schemaTypeName(ctx.resolver.deref(schema, `${where} parameter "${out.name}"`));
  }
  if (type) out.type = type;
  if (typeof p.description === 'string' && p.description.trim()) out.description = p.description.trim();
  return out;
}

interface Body {
  parameters: DiscoveredParameter[];
  requestBody: NonNullable<DiscoveredOperation['requestBody']>;
}

/** OpenAPI 3: `requestBody` with its content by media type. */
function requestBody(ctx: Ctx, op: JsonObject, where: string): Body | undefined {
  if (op.requestBody === undefined) return undefined;
  const at = `${where} requestBody`;
  const rb = ctx.resolver.deref(op.requestBody, at);
  if (!isObject(rb)) throw new DiscoveryError(`${at}: must be an object`);
  if (!isObject(rb.content) || Object.keys(rb.content).length === 0) {
    ctx.warnings.push(`${where.slice(ctx.name.length + 2)}: request body without content skipped`);
    return undefined;
  }
  const contentType = chooseMediaType(Object.keys(rb.content));
  const media = rb.content[contentType];
  const requestBody: Body['requestBody'] = { contentType };
  if (isObject(media)) Object.assign(requestBody, schemaAndExample(ctx, media, `${at} content["${contentType}"]`));
  const name = typeof op['x-codegen-request-body-name'] === 'string' ? op['x-codegen-request-body-name'] : 'body';
  const param: DiscoveredParameter = { name, in: 'body', required: rb.required === true };
  const type = schemaTypeName(requestBody.schema);
  if (type) param.type = type;
  if (typeof rb.description === 'string' && rb.description.trim()) param.description = rb.description.trim();
  return { parameters: [param], requestBody };
}

/** Swagger 2: one `in: body` parameter with a schema, or `in: formData` fields, sent as `consumes` says. */
function swaggerBody(ctx: Ctx, f: Found, params: JsonObject[], where: string): Body | undefined {
  const consumes = mediaList(f.op.consumes) ?? mediaList(ctx.doc.consumes) ?? [];
  const body = params.find((p) => p.in === 'body');
  const form = params.filter((p) => p.in === 'formData');
  if (body) {
    const contentType = consumes.length ? chooseMediaType(consumes) : 'application/json';
    const requestBody: Body['requestBody'] = { contentType };
    const schema = sketchSchema(body.schema, `${where} body parameter "${String(body.name)}"`, {
      resolver: ctx.resolver,
      maxDepth: ctx.maxDepth,
    });
    if (schema !== undefined) requestBody.schema = schema;
    if (body['x-example'] !== undefined) requestBody.example = body['x-example'];
    const param: DiscoveredParameter = { name: body.name as string, in: 'body', required: body.required === true };
    const type = schemaTypeName(schema);
    if (type) param.type = type;
    if (typeof body.description === 'string' && body.description.trim()) param.description = body.description.trim();
    return { parameters: [param], requestBody };
  }
  if (form.length === 0) return undefined;
  // A file field can only travel as multipart; otherwise prefer the urlencoded form a flow's `form` sends.
  const hasFile = form.some((p) => p.type === 'file');
  const contentType =
    hasFile || (consumes.includes('multipart/form-data') && !consumes.includes('application/x-www-form-urlencoded'))
      ? 'multipart/form-data'
      : 'application/x-www-form-urlencoded';
  const properties: JsonObject = {};
  const required: string[] = [];
  const parameters: DiscoveredParameter[] = [];
  for (const p of form) {
    const name = p.name as string;
    const prop: JsonObject = {};
    for (const k of ['type', 'format', 'description', 'enum', 'default'] as const)
      if (p[k] !== undefined) prop[k] = p[k];
    properties[name] = prop;
    if (p.required === true) required.push(name);
    const param: DiscoveredParameter = { name, in: 'body', required: p.required === true };
    const type = schemaTypeName(p);
    if (type) param.type = type;
    if (typeof p.description === 'string' && p.description.trim()) param.description = p.description.trim();
    parameters.push(param);
  }
  const schema: JsonObject = { type: 'object', properties };
  if (required.length) schema.required = required;
  return { parameters, requestBody: { contentType, schema } };
}

type Responses = NonNullable<DiscoveredOperation['responses']>;
type Response = Responses[string];

/** The responses a flow reads: success (2xx) and not found (404). */
function keptStatus(code: string): boolean {
  return /^2(\d\d|XX)$/i.test(code) || code === '404';
}

function responses3(ctx: Ctx, op: JsonObject, where: string): Responses {
  const out: Responses = {};
  if (!isObject(op.responses)) return out;
  for (const [code, raw] of Object.entries(op.responses)) {
    if (!keptStatus(code)) continue;
    const at = `${where} responses["${code}"]`;
    const r = ctx.resolver.deref(raw, at);
    if (!isObject(r)) throw new DiscoveryError(`${at}: must be an object`);
    const res: Response = {};
    if (typeof r.description === 'string' && r.description.trim()) res.description = r.description.trim();
    if (isObject(r.content) && Object.keys(r.content).length) {
      const mt = chooseMediaType(Object.keys(r.content));
      const media = r.content[mt];
      if (isObject(media)) Object.assign(res, schemaAndExample(ctx, media, `${at} content["${mt}"]`));
    }
    out[code] = res;
  }
  return out;
}

function swaggerResponses(ctx: Ctx, f: Found, where: string): Responses {
  const out: Responses = {};
  if (!isObject(f.op.responses)) return out;
  const produces = mediaList(f.op.produces) ?? mediaList(ctx.doc.produces) ?? [];
  for (const [code, raw] of Object.entries(f.op.responses)) {
    if (!keptStatus(code)) continue;
    const at = `${where} responses["${code}"]`;
    const r = ctx.resolver.deref(raw, at);
    if (!isObject(r)) throw new DiscoveryError(`${at}: must be an object`);
    const res: Response = {};
    if (typeof r.description === 'string' && r.description.trim()) res.description = r.description.trim();
    const schema = sketchSchema(r.schema, `${at} schema`, { resolver: ctx.resolver, maxDepth: ctx.maxDepth });
    if (schema !== undefined) res.schema = schema;
    if (isObject(r.examples) && Object.keys(r.examples).length) {
      const keys = Object.keys(r.examples);
      const mt = chooseMediaType(produces.filter((p) => keys.includes(p)).concat(keys));
      res.example = r.examples[mt];
    }
    out[code] = res;
  }
  return out;
}

/** A media type object's schema (self-contained) and example (`example`, else the first of `examples`). */
function schemaAndExample(ctx: Ctx, media: JsonObject, where: string): { schema?: unknown; example?: unknown } {
  const out: { schema?: unknown; example?: unknown } = {};
  const schema = sketchSchema(media.schema, `${where} schema`, { resolver: ctx.resolver, maxDepth: ctx.maxDepth });
  if (schema !== undefined) out.schema = schema;
  if (media.example !== undefined) out.example = media.example;
  else if (isObject(media.examples)) {
    for (const [name, raw] of Object.entries(media.examples)) {
      const ex = ctx.resolver.deref(raw, `${where} examples["${name}"]`);
      if (isObject(ex) && ex.value !== undefined) {
        out.example = ex.value;
        break;
      }
    }
  }
  return out;
}

/** JSON first (what flows send and read), then any +json type, then the first listed. */
export function chooseMediaType(types: string[]): string {
  const lower = types.map((t) => t.toLowerCase());
  const exact = lower.findIndex((t) => t.split(';')[0].trim() === 'application/json');
  if (exact >= 0) return types[exact];
  const json = lower.findIndex((t) => /[/+]json\b/.test(t));
  return types[Math.max(json, 0)];
}

function mediaList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length ? (v as string[]) : undefined;
}

function summaryOf(op: JsonObject): string | undefined {
  if (typeof op.summary === 'string' && op.summary.trim()) return op.summary.trim();
  if (typeof op.description === 'string') {
    const line = op.description.trim().split('\n')[0].trim();
    if (line) return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  }
  return undefined;
}

/** OpenAPI 3: the first server, its variables set to their defaults, made absolute. */
function serversBaseUrl(ctx: Ctx, documentUrl: string | undefined): string | undefined {
  const servers = Array.isArray(ctx.doc.servers)
    ? ctx.doc.servers.filter((s): s is JsonObject => isObject(s) && typeof s.url === 'string')
    : [];
  // Without servers, OpenAPI 3 means "/" relative to the document.
  const server = servers[0] ?? { url: '/' };
  if (servers.length > 1)
    ctx.warnings.push(`${servers.length} servers: the first (${String(server.url)}) is the base URL`);
  let url = server.url as string;
  const variables = isObject(server.variables) ? server.variables : {};
  url = url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = variables[name];
    if (isObject(v) && v.default !== undefined) return String(v.default);
    ctx.warnings.push(`server URL ${server.url as string}: variable "${name}" has no default`);
    return whole;
  });
  return absoluteBaseUrl(ctx, url, documentUrl);
}

/** Swagger 2: scheme (https preferred) + host + basePath; host and scheme default to the document's. */
function swaggerBaseUrl(ctx: Ctx, documentUrl: string | undefined): string | undefined {
  const docUrl = httpUrl(documentUrl);
  const schemes = mediaList(ctx.doc.schemes)?.map((s) => s.toLowerCase()) ?? [];
  const scheme = schemes.includes('https')
    ? 'https'
    : schemes.includes('http')
      ? 'http'
      : docUrl
        ? docUrl.protocol.slice(0, -1)
        : 'https';
  const host = typeof ctx.doc.host === 'string' && ctx.doc.host.trim() ? ctx.doc.host.trim() : docUrl?.host;
  const basePath = typeof ctx.doc.basePath === 'string' ? ctx.doc.basePath : '';
  if (!host) {
    ctx.warnings.push('the document has no "host" and was read from a file: give the service\'s base URL (--endpoint)');
    return undefined;
  }
  return absoluteBaseUrl(
    ctx,
    `${scheme}://${host}${basePath.startsWith('/') || basePath === '' ? '' : '/'}${basePath}`,
    documentUrl,
  );
}

function absoluteBaseUrl(ctx: Ctx, url: string, documentUrl: string | undefined): string | undefined {
  let abs: URL;
  if (/^https?:\/\//i.test(url)) abs = new URL(url);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    ctx.warnings.push(`server URL ${url}: only http and https are supported`);
    return undefined;
  } else {
    const base = httpUrl(documentUrl);
    if (!base) {
      ctx.warnings.push(
        `the server URL "${url}" is relative and the document was not fetched from a URL: give the service's base URL (--endpoint)`,
      );
      return undefined;
    }
    abs = new URL(url, base);
  }
  abs.hash = '';
  // Paths are appended to the base URL, so a trailing slash would only double up.
  return abs.href.replace(/\/+$/, '');
}

function httpUrl(s: string | undefined): URL | undefined {
  if (!s || !/^https?:\/\//i.test(s)) return undefined;
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? 'a text' : `"${v}"`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
