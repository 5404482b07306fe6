// The SCIM 2.0 client of the provisioning engine: search, read, create, PATCH and delete one resource type.
// undici's request with its own Agent (the package is used directly because Node does not expose the Agent that
// takes a CA or accepts a self-signed certificate per client). Not fetch: its WHATWG Request, Headers and
// stream objects made a third of the sync process's CPU per user (bench:cycle, docs/performance.md).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

/** A SCIM resource as returned by the target. */
export type ScimResource = { id?: string; [key: string]: unknown };

/** One PATCH operation (Entra's capitalised op names). */
export interface PatchOperation {
  op: 'Add' | 'Replace' | 'Remove';
  path: string;
  value?: unknown;
}

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

/** A request as seen in a report: method, path, status and duration (never a body). */
export interface RequestTrace {
  method: string;
  path: string;
  status: number | null;
  durationMs: number;
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
export class ScimClient {
  readonly #base: string;
  readonly #endpoint: string;
  readonly #agent: Agent;
  readonly #auth: string;
  readonly #timeoutMs: number;

  constructor(opts: ScimClientOptions) {
    this.#base = new URL(opts.baseUrl).href.replace(/\/+$/, '');
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
    const body = await this.#request(
      'GET',
      `${this.#endpoint}?filter=${encodeURIComponent(filter)}`,
      undefined,
      [200],
      trace,
    );
    const list = (body as { Resources?: unknown } | undefined)?.Resources;
    return Array.isArray(list) ? (list as ScimResource[]) : [];
  }

  /** One resource by id (requests are appended to `trace` when given); undefined when the target answers 404. */
  async get(id: string, trace?: RequestTrace[]): Promise<ScimResource | undefined> {
    try {
      return (await this.#request(
        'GET',
        `${this.#endpoint}/${encodeURIComponent(id)}`,
        undefined,
        [200],
        trace,
      )) as ScimResource;
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
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations };
    return (await this.#request('PATCH', `${this.#endpoint}/${encodeURIComponent(id)}`, body, [200, 204], trace)) as
      | ScimResource
      | undefined;
  }

  /** Deletes a resource; "notFound" when it was already gone. */
  async delete(id: string, trace?: RequestTrace[]): Promise<'deleted' | 'notFound'> {
    try {
      await this.#request('DELETE', `${this.#endpoint}/${encodeURIComponent(id)}`, undefined, [200, 204], trace);
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
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      done(null);
      throw new ScimRequestError(
        `${method} ${shownPath}: ${transportMessage(e, this.#timeoutMs)}`,
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

function httpError(method: string, path: string, status: number, json: unknown, text: string): ScimRequestError {
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
