// Discovery by hand: a person names the method, path, parameters and gives sample bodies; the result is one
// operation in the same shape as one read from an OpenAPI document.
import {
  DiscoveryError,
  type DiscoveredOperation,
  type DiscoveredParameter,
  type DiscoveredService,
} from './discovered-service.ts';
import { inferSchema } from './infer-schema.ts';
import { checkOperationId, operationIdFromPath } from './operation-id.ts';

/** What a person tells about one operation. */
export interface ManualOperationInput {
  /** HTTP method (any case). */
  method: string;
  /** Path relative to the endpoint, with {name} path parameters; a query string adds query parameters. */
  path: string;
  /** The service's base URL (http or https). */
  endpoint?: string;
  /** Parameters as `name:in[:required]` (in: path, query, header, body). */
  parameters?: readonly string[];
  /** A sample request body (JSON text). */
  sampleRequest?: string;
  /** A sample response body (JSON text). */
  sampleResponse?: string;
  /** The status of the sample response (default 200). */
  responseStatus?: string;
  /** The operation id (default: made from method and path, e.g. getUsersById). */
  operationId?: string;
  /** A one-line summary. */
  summary?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const LOCATIONS = ['path', 'query', 'header', 'body'] as const;

/** One operation described by hand, as a discovered service with that single operation. */
export function discoverManual(input: ManualOperationInput): DiscoveredService {
  const method = input.method.trim().toUpperCase();
  if (!(METHODS as readonly string[]).includes(method))
    throw new DiscoveryError(`method "${input.method}": expected one of ${METHODS.join(', ')}`);
  const raw = input.path.trim();
  if (!raw.startsWith('/'))
    throw new DiscoveryError(
      `path "${input.path}" must start with / (the endpoint holds the scheme, host and base path)`,
    );
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const baseUrl = input.endpoint === undefined ? undefined : endpointUrl(input.endpoint);

  const params: DiscoveredParameter[] = [];
  const add = (p: DiscoveredParameter): void => {
    const i = params.findIndex((x) => x.name === p.name && x.in === p.in);
    if (i >= 0) params[i] = p;
    else params.push(p);
  };
  const inPath = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  for (const name of inPath) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name))
      throw new DiscoveryError(`path "${path}": "{${name}}" is not a parameter name`);
    add({ name, in: 'path', required: true, type: 'string' });
  }
  if (q >= 0) {
    for (const name of new URLSearchParams(raw.slice(q + 1)).keys()) add({ name, in: 'query', required: false });
  }
  for (const spec of input.parameters ?? []) {
    const p = parseParameterSpec(spec);
    if (p.in === 'path' && !inPath.includes(p.name))
      throw new DiscoveryError(`parameter "${spec}": the path ${path} has no {${p.name}}`);
    // A path parameter cannot be left out: the URL would not exist without it.
    add(p.in === 'path' ? { ...p, required: true, type: p.type ?? 'string' } : p);
  }

  const op: DiscoveredOperation = {
    method: method as DiscoveredOperation['method'],
    path,
    ...(input.summary ? { summary: input.summary } : {}),
    parameters: params,
  };
  if (input.sampleRequest !== undefined) {
    const example = parseJson(input.sampleRequest, 'the sample request');
    const schema = inferSchema(example);
    op.requestBody = { contentType: 'application/json', schema, example };
    if (!params.some((p) => p.in === 'body'))
      params.push({ name: 'body', in: 'body', required: true, type: String(schema.type) });
  }
  if (input.sampleResponse !== undefined) {
    const status = input.responseStatus ?? '200';
    if (!/^[1-5]\d\d$/.test(status))
      throw new DiscoveryError(`response status "${status}": expected a status code such as 200`);
    const example = parseJson(input.sampleResponse, 'the sample response');
    op.responses = { [status]: { schema: inferSchema(example), example } };
  }
  const id =
    input.operationId !== undefined ? checkOperationId(input.operationId.trim()) : operationIdFromPath(method, path);
  return { ...(baseUrl ? { baseUrl } : {}), operations: { [id]: op }, warnings: [] };
}

/** `name:in[:required]` → a parameter (in: path, query, header or body; the third part `required` or `optional`). */
export function parseParameterSpec(spec: string): DiscoveredParameter {
  const parts = spec.split(':').map((s) => s.trim());
  const [name, where, req, ...rest] = parts;
  const usage = `parameter "${spec}": expected name:in[:required] with in one of ${LOCATIONS.join(', ')}`;
  if (!name || !where || rest.length) throw new DiscoveryError(usage);
  if (!(LOCATIONS as readonly string[]).includes(where)) throw new DiscoveryError(usage);
  let required = false;
  if (req !== undefined) {
    if (req === 'required' || req === 'true') required = true;
    else if (req !== 'optional' && req !== 'false')
      throw new DiscoveryError(`${usage} (the third part is "required" or "optional")`);
  }
  return { name, in: where as DiscoveredParameter['in'], required };
}

/** The endpoint as a base URL: http(s), no fragment, no trailing slash (paths are appended to it). */
export function endpointUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DiscoveryError(`endpoint "${text}" is not a URL (expected e.g. https://app.example.com/api)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DiscoveryError(`endpoint "${text}": only http and https are supported`);
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DiscoveryError(`${what} is not JSON: ${(e as Error).message}`);
  }
}
