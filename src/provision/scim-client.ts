// The SCIM 2.0 client of the provisioning engine: search, read, create, PATCH and delete one resource type.
// undici's request with its own Agent (the package is used directly because Node does not expose the Agent that
// takes a CA or accepts a self-signed certificate per client). Not fetch: its WHATWG Request, Headers and
// stream objects made a third of the sync process's CPU per user (bench:cycle, docs/performance.md).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { PatchOperation, RequestTrace, ScimResource, TargetClient } from './target-client.ts';

export type { PatchOperation, RequestTrace, ScimResource } from './target-client.ts';
import { equalityFilter, type TargetPath } from './target-path.ts';

/** Where the client sends requests. */
export interface ScimClientOptions {
  /** SCIM base URL (…/scim). */
  baseUrl: string;
  token: string;
  /** Resource endpoint relative to the base URL, e.g. /Users. */
  endpoint: string;
  timeoutMs?: number;
  /** PEM file of a CA to trust. */
  caFile?: string;
  /** Accept any certificate. */
  insecure?: boolean;
  /** Largest number of open connections. */
  maxSockets?: number;
}

/** A page of search results. */
export interface SearchPage {
  resources: ScimResource[];
  totalResults: number;
}

/** One operation of a BulkRequest on the client's endpoint: a create (no id), a PATCH or a DELETE. */
export interface BulkOperation {
  method: 'POST' | 'PATCH' | 'DELETE';
  bulkId?: string;
  /** The resource's id (none for a POST). */
  id?: string;
  data?: Record<string, unknown>;
}

/** One entry of a BulkResponse as a target sends it (RFC 7644 §3.7.3). */
export interface BulkEntry {
  method?: unknown;
  bulkId?: unknown;
  location?: unknown;
  status?: unknown;
  response?: unknown;
}

/** The body of a PATCH request. */
export function patchBody(operations: readonly PatchOperation[]): Record<string, unknown> {
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations };
}

/** A failed SCIM request: the status (null when the target could not be reached) and the SCIM error detail. */
export class ScimRequestError extends Error {
  override readonly name: string = 'ScimRequestError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly scimType: string | undefined,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
  }

  /** True when the target was not reached at all (refused, DNS, TLS, timeout). */
  get transport(): boolean {
    return this.status === null;
  }
}

/** A SCIM client for one endpoint. */
export class ScimClient implements TargetClient {
  readonly #base: string;
  /** The base URL's path, as request paths are shown (in reports and errors). */
  readonly #basePath: string;
  readonly #endpoint: string;
  readonly #agent: Agent;
  readonly #auth: string;
  readonly #timeoutMs: number;

  constructor(opts: ScimClientOptions) {
    this.#base = new URL(opts.baseUrl).href.replace(/\/+$/, '');
    this.#basePath = new URL(this.#base).pathname;
    this.#endpoint = `/${opts.endpoint.replace(/^\/+|\/+$/g, '')}`;
    this.#auth = `Bearer ${opts.token}`;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#agent = new Agent({
      connections: opts.maxSockets ?? 16,
      connect: { ca: opts.caFile ? readFileSync(opts.caFile) : undefined, rejectUnauthorized: !opts.insecure },
    });
  }

  /** The resources matching a SCIM filter (first page; matching expects zero or one). */
  async search(filter: string, trace?: RequestTrace[]): Promise<ScimResource[]> {
    return (await this.searchPage(filter, undefined, trace)).resources;
  }

  /** The resources whose attribute at `path` equals `value`. */
  findEqual(path: TargetPath, value: string | number | boolean, trace?: RequestTrace[]): Promise<ScimResource[]> {
    return this.search(equalityFilter(path, value), trace);
  }

  /** The first page of the resources matching a SCIM filter (`count` of them at most, when given), and how many match. */
  async searchPage(filter: string, count?: number, trace?: RequestTrace[]): Promise<SearchPage> {
    const query = `?filter=${encodeURIComponent(filter)}${count === undefined ? '' : `&count=${count}`}`;
    const body = await this.#request('GET', `${this.#endpoint}${query}`, undefined, [200], trace);
    const page = body as { Resources?: unknown; totalResults?: unknown } | undefined;
    const resources = Array.isArray(page?.Resources) ? (page.Resources as ScimResource[]) : [];
    const total = typeof page?.totalResults === 'number' ? page.totalResults : resources.length;
    return { resources, totalResults: total };
  }

  /** The target's ServiceProviderConfig (RFC 7643 §5): what it supports, bulk and filter included. */
  async serviceProviderConfig(): Promise<Record<string, unknown>> {
    const body = await this.#request('GET', '/ServiceProviderConfig', undefined, [200], undefined);
    return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  }

  /** Sends a BulkRequest (RFC 7644 §3.7) of operations on this endpoint's resources; returns the BulkResponse's entries. */
  async bulk(operations: readonly BulkOperation[], trace?: RequestTrace[]): Promise<BulkEntry[]> {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: operations.map((o) => ({
        method: o.method,
        ...(o.bulkId === undefined ? {} : { bulkId: o.bulkId }),
        path: this.#pathOf(o.id),
        ...(o.data === undefined ? {} : { data: o.data }),
      })),
    };
    // The target runs the operations one after another: each gets the time one request has.
    const timeoutMs = this.#timeoutMs * Math.max(1, operations.length);
    const res = (await this.#request('POST', '/Bulk', body, [200], trace, timeoutMs)) as
      | { Operations?: unknown }
      | undefined;
    return Array.isArray(res?.Operations) ? (res.Operations as BulkEntry[]) : [];
  }

  /** The path of a resource or of the endpoint, as requests and errors show it. */
  shownPath(id?: string): string {
    return `${this.#basePath}${this.#pathOf(id)}`;
  }

  /** The endpoint, or one of its resources, relative to the base URL. */
  #pathOf(id?: string): string {
    return id === undefined ? this.#endpoint : `${this.#endpoint}/${encodeURIComponent(id)}`;
  }

  /** One resource by id (requests are appended to `trace` when given); undefined when the target answers 404. */
  async get(id: string, trace?: RequestTrace[]): Promise<ScimResource | undefined> {
    try {
      return (await this.#request('GET', this.#pathOf(id), undefined, [200], trace)) as ScimResource;
    } catch (e) {
      if (e instanceof ScimRequestError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Creates a resource; returns it as the target stored it. */
  async create(resource: Record<string, unknown>, trace?: RequestTrace[]): Promise<ScimResource> {
    return (await this.#request('POST', this.#endpoint, resource, [200, 201], trace)) as ScimResource;
  }

  /** Applies PATCH operations; returns the resource when the target sends it back (200), else undefined (204). */
  async patch(
    id: string,
    operations: readonly PatchOperation[],
    trace?: RequestTrace[],
  ): Promise<ScimResource | undefined> {
    const body = patchBody(operations);
    return (await this.#request('PATCH', this.#pathOf(id), body, [200, 204], trace)) as ScimResource | undefined;
  }

  /** Deletes a resource; "notFound" when it was already gone. */
  async delete(id: string, trace?: RequestTrace[]): Promise<'deleted' | 'notFound'> {
    try {
      await this.#request('DELETE', this.#pathOf(id), undefined, [200, 204], trace);
      return 'deleted';
    } catch (e) {
      if (e instanceof ScimRequestError && e.status === 404) return 'notFound';
      throw e;
    }
  }

  /** Closes the connections (requests in flight finish first). */
  close(): Promise<void> {
    return this.#agent.close();
  }

  async #request(
    method: string,
    path: string,
    body: unknown,
    ok: number[],
    trace: RequestTrace[] | undefined,
    timeoutMs = this.#timeoutMs,
  ): Promise<unknown> {
    const url = `${this.#base}${path}`;
    const parsed = new URL(url);
    const shownPath = `${parsed.pathname}${parsed.search}`;
    const headers: Record<string, string> = {
      Authorization: this.#auth,
      Accept: 'application/scim+json, application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/scim+json';
    const started = performance.now();
    const done = (status: number | null) =>
      trace?.push({ method, path: shownPath, status, durationMs: Math.round((performance.now() - started) * 10) / 10 });
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: method as 'GET',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      done(null);
      throw new ScimRequestError(
        `${method} ${shownPath}: ${transportMessage(e, timeoutMs)}`,
        null,
        undefined,
        method,
        shownPath,
      );
    }
    done(status);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!ok.includes(status)) throw httpError(method, shownPath, status, json, text);
    return json;
  }
}

/** Why the target could not be reached: the system error (ECONNREFUSED, TLS, …), under any wrapping error. */
function transportMessage(e: unknown, timeoutMs: number): string {
  if ((e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError')
    return `no answer within ${timeoutMs} ms`;
  let cause: unknown = e;
  while ((cause as { cause?: unknown })?.cause) cause = (cause as { cause: unknown }).cause;
  const c = cause as NodeJS.ErrnoException | undefined;
  const code = c?.code ? `${c.code} ` : '';
  return `${code}${c?.message ?? String(e)}`.trim();
}

/** The error of a request the target answered with `status` (the SCIM error body's detail and scimType). */
export function httpError(method: string, path: string, status: number, json: unknown, text: string): ScimRequestError {
  const err = json as { detail?: unknown; scimType?: unknown } | undefined;
  const detail = typeof err?.detail === 'string' ? err.detail : text.slice(0, 200).replace(/\s+/g, ' ').trim();
  const scimType = typeof err?.scimType === 'string' ? err.scimType : undefined;
  return new ScimRequestError(
    `${method} ${path}: HTTP ${status}${detail ? `: ${detail}` : ''}`,
    status,
    scimType,
    method,
    path,
  );
}
