// Several users' requests to the target in one HTTP request. A cycle processes users side by side; what they ask
// in the same turn of the event loop is sent together: equality searches on one attribute (and reads by id) as one
// `a eq "x" or a eq "y" …` query, creates, PATCHes and DELETEs as one SCIM Bulk request (RFC 7644 §3.7), as far
// as the target's ServiceProviderConfig says it supports them. Each user still gets its own answer or error, as
// from its own request; an answer that cannot be told apart safely is asked again one user at a time, and a target
// that refuses an `or` filter or the Bulk endpoint is asked one by one from then on. Fewer messages per user is what
// brings the sync process's and the host's CPU per user down (bench:cycle, docs/performance.md).
import {
  ScimRequestError,
  httpError,
  patchBody,
  type BulkEntry,
  type BulkOperation,
  type PatchOperation,
  type RequestTrace,
  type ScimClient,
  type ScimResource,
} from './scim-client.ts';
import type { TargetClient } from './target-client.ts';
import { equalityFilter, readTargetValue, type TargetPath } from './target-path.ts';

/** What may be sent together; shared by a cycle's lanes, and narrowed when the target refuses a batch. */
export interface BatchingPolicy {
  /** The most users' operations in one request. */
  maxBatch: number;
  /** Searches on one attribute are sent as one `or` filter. */
  orFilters: boolean;
  /**
   * An `or` answer has been checked against single queries. Done once per cycle: a target that evaluated only
   * part of the filter would make users it has look absent, and the cycle would create them a second time.
   */
  orChecked?: boolean;
  /** Writes are sent as Bulk requests of at most this many operations and bytes; undefined: one by one. */
  bulk: { maxOperations: number; maxPayloadBytes: number } | undefined;
}

/** The policy for a target, from its ServiceProviderConfig (RFC 7643 §5); nothing is batched when it cannot be read. */
export async function discoverBatching(client: ScimClient, maxBatch: number): Promise<BatchingPolicy> {
  const none: BatchingPolicy = { maxBatch: 1, orFilters: false, bulk: undefined };
  if (maxBatch <= 1) return none;
  let config: Record<string, unknown>;
  try {
    config = await client.serviceProviderConfig();
  } catch {
    return none; // not a SCIM service provider config: send what Entra sends
  }
  const filter = config.filter as { supported?: unknown; maxResults?: unknown } | undefined;
  const bulk = config.bulk as { supported?: unknown; maxOperations?: unknown; maxPayloadSize?: unknown } | undefined;
  const maxResults = positive(filter?.maxResults) ?? Infinity;
  const maxOperations = Math.min(maxBatch, positive(bulk?.maxOperations) ?? 0);
  return {
    maxBatch: Math.min(maxBatch, maxResults),
    orFilters: filter?.supported === true && maxResults > 1,
    orChecked: false,
    bulk:
      bulk?.supported === true && maxOperations > 1
        ? { maxOperations, maxPayloadBytes: positive(bulk.maxPayloadSize) ?? 1_048_576 }
        : undefined,
  };
}

/** One search waiting to be sent. */
interface SearchWait {
  value: string | number | boolean;
  trace: RequestTrace[] | undefined;
  resolve: (found: ScimResource[]) => void;
  reject: (e: unknown) => void;
}

/** The searches on one attribute, and how one of them is asked alone. */
interface SearchGroup {
  path: TargetPath;
  single: (value: string | number | boolean, trace?: RequestTrace[]) => Promise<ScimResource[]>;
  waits: SearchWait[];
}

/** One write waiting to be sent. */
interface WriteWait {
  op: BulkOperation;
  trace: RequestTrace[] | undefined;
  /** The call this write makes alone. */
  single: () => Promise<unknown>;
  /** Its answer from a Bulk entry (a 2xx or a DELETE's 404), else undefined. */
  answer: (entry: BulkEntry, status: number) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** How many values an `or` answer left without a match are asked again alone, once a cycle. */
const CHECKED_VALUES = 3;

const ID_PATH: TargetPath = { text: 'id', schema: undefined, attribute: 'id', select: undefined, sub: undefined };

/** A TargetClient that sends what its users ask in one turn of the event loop together. */
export class BatchingClient implements TargetClient {
  readonly #client: ScimClient;
  readonly #policy: BatchingPolicy;
  readonly #searches = new Map<string, SearchGroup>();
  #writes: WriteWait[] = [];
  #scheduled = false;
  #bulkIds = 0;
  /** This lane's requests, one after another (see #alone). */
  readonly #one = new OneAtATime();

  constructor(client: ScimClient, policy: BatchingPolicy) {
    this.#client = client;
    this.#policy = policy;
  }

  async get(id: string, trace?: RequestTrace[]): Promise<ScimResource | undefined> {
    const alone = (v: string, t?: RequestTrace[]) => this.#alone((c) => c.get(v, t));
    if (!this.#policy.orFilters) return alone(id, trace);
    const found = await this.#search(
      ID_PATH,
      async (v, t) => {
        const r = await alone(String(v), t);
        return r ? [r] : [];
      },
      id,
      trace,
    );
    return found.find((r) => r.id === id);
  }

  findEqual(path: TargetPath, value: string | number | boolean, trace?: RequestTrace[]): Promise<ScimResource[]> {
    const alone: SearchGroup['single'] = (v, t) => this.#alone((c) => c.findEqual(path, v, t));
    // A value path ([type eq "work"]) is answered by a scan on most servers: an `or` of them would be no cheaper.
    if (!this.#policy.orFilters || path.select) return alone(value, trace);
    return this.#search(path, alone, value, trace);
  }

  async create(resource: Record<string, unknown>, trace?: RequestTrace[]): Promise<ScimResource> {
    const alone = () => this.#alone((c) => c.create(resource, trace));
    if (!this.#policy.bulk) return alone();
    const bulkId = `u${++this.#bulkIds}`;
    return (await this.#write({
      op: { method: 'POST', bulkId, data: resource },
      trace,
      single: alone,
      answer: (entry) => {
        const sent = entry.response as ScimResource | undefined;
        if (typeof sent?.id === 'string') return sent;
        const id = idOfLocation(entry.location);
        return id === undefined ? {} : { id };
      },
    })) as ScimResource;
  }

  async patch(
    id: string,
    operations: readonly PatchOperation[],
    trace?: RequestTrace[],
  ): Promise<ScimResource | undefined> {
    const alone = () => this.#alone((c) => c.patch(id, operations, trace));
    if (!this.#policy.bulk) return alone();
    return (await this.#write({
      op: { method: 'PATCH', id, data: patchBody(operations) },
      trace,
      single: alone,
      answer: (entry) => (isResource(entry.response) ? entry.response : undefined),
    })) as ScimResource | undefined;
  }

  async delete(id: string, trace?: RequestTrace[]): Promise<'deleted' | 'notFound'> {
    const alone = () => this.#alone((c) => c.delete(id, trace));
    if (!this.#policy.bulk) return alone();
    return (await this.#write({
      op: { method: 'DELETE', id },
      trace,
      single: alone,
      answer: (_entry, status) => (status === 404 ? 'notFound' : 'deleted'),
    })) as 'deleted' | 'notFound';
  }

  /** One request of this lane, after the lane's previous one (a lane stands for one request in flight). */
  #alone<T>(send: (client: ScimClient) => Promise<T>): Promise<T> {
    return this.#one.run(() => send(this.#client));
  }

  #search(
    path: TargetPath,
    single: SearchGroup['single'],
    value: string | number | boolean,
    trace: RequestTrace[] | undefined,
  ): Promise<ScimResource[]> {
    return new Promise((resolve, reject) => {
      let group = this.#searches.get(path.text);
      if (!group) this.#searches.set(path.text, (group = { path, single, waits: [] }));
      group.waits.push({ value, trace, resolve, reject });
      this.#schedule();
    });
  }

  #write(w: Omit<WriteWait, 'resolve' | 'reject'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#writes.push({ ...w, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const groups = [...this.#searches.values()];
      this.#searches.clear();
      const writes = this.#writes;
      this.#writes = [];
      // Each user's promise settles in the send; a bug there still reaches the users, never the process.
      const failAll = (waits: { reject: (e: unknown) => void }[]) => (e: unknown) => {
        for (const w of waits) w.reject(e);
      };
      for (const g of groups)
        for (const chunk of searchChunks(g.waits, this.#policy.maxBatch))
          this.#sendSearch(g, chunk).catch(failAll(chunk));
      for (const chunk of writeChunks(writes, this.#policy)) this.#sendWrites(chunk).catch(failAll(chunk));
    });
  }

  /** One `or` query for a chunk of searches; each user gets the resources whose value is its own. */
  async #sendSearch(g: SearchGroup, chunk: SearchWait[]): Promise<void> {
    const values = [...new Map(chunk.map((w) => [keyOf(w.value), w.value])).values()];
    if (values.length === 1 || !this.#policy.orFilters) return this.#singles(g, chunk);
    const shared: RequestTrace[] = [];
    let found: ScimResource[];
    try {
      const filter = values.map((v) => equalityFilter(g.path, v)).join(' or ');
      const page = await this.#alone((c) => c.searchPage(filter, values.length, shared));
      // More matches than one page holds: some user's would be missing.
      if (page.totalResults > page.resources.length) return this.#singles(g, chunk);
      found = page.resources;
    } catch (e) {
      if (e instanceof ScimRequestError && e.status !== null && e.status < 500 && e.status !== 429) {
        this.#policy.orFilters = false; // the target does not take this filter: one by one from now on
        return this.#singles(g, chunk);
      }
      for (const w of chunk) {
        addTrace(w.trace, shared, g.path, w.value, chunk.length, this.#client);
        w.reject(e);
      }
      return;
    }
    const byKey = new Map<string, ScimResource[]>(values.map((v) => [keyOf(v), []]));
    for (const r of found) {
      const keys = valuesAt(r, g.path).map(keyOf);
      const lists = keys.map((k) => byKey.get(k)).filter((l) => l !== undefined);
      // A resource whose value is none of those asked: the target matched by rules not seen here, ask one by one.
      if (lists.length === 0) return this.#singles(g, chunk);
      for (const l of new Set(lists)) l.push(r);
    }
    const absent = values.filter((v) => byKey.get(keyOf(v))?.length === 0);
    if (!this.#policy.orChecked && absent.length > 0) {
      this.#policy.orChecked = true;
      // The last values of the filter: a target that reads only part of it drops those first.
      if (!(await this.#confirmAbsent(g, absent.slice(-CHECKED_VALUES)))) {
        this.#policy.orFilters = false; // the target's `or` missed a match: one by one from now on
        return this.#singles(g, chunk);
      }
    }
    for (const w of chunk) {
      addTrace(w.trace, shared, g.path, w.value, chunk.length, this.#client);
      w.resolve(byKey.get(keyOf(w.value)) ?? []);
    }
  }

  /** True when single queries find none of the values an `or` answer left without a match. */
  async #confirmAbsent(g: SearchGroup, values: (string | number | boolean)[]): Promise<boolean> {
    for (const v of values) {
      try {
        if ((await g.single(v)).length > 0) return false;
      } catch {
        return false; // unsure: the users get their own single queries
      }
    }
    return true;
  }

  #singles(g: SearchGroup, chunk: SearchWait[]): Promise<void> {
    return settleEach(chunk, (w) => g.single(w.value, w.trace));
  }

  /** One Bulk request for a chunk of writes; each user gets its entry's outcome. */
  async #sendWrites(chunk: WriteWait[]): Promise<void> {
    if (chunk.length === 1 || !this.#policy.bulk) return this.#writeSingles(chunk);
    const shared: RequestTrace[] = [];
    let entries: BulkEntry[];
    try {
      entries = await this.#alone((c) =>
        c.bulk(
          chunk.map((w) => w.op),
          shared,
        ),
      );
    } catch (e) {
      if (e instanceof ScimRequestError && (e.status === 404 || e.status === 405 || e.status === 501)) {
        this.#policy.bulk = undefined; // no Bulk endpoint after all: one by one from now on
        return this.#writeSingles(chunk);
      }
      if (e instanceof ScimRequestError && e.status === 413) return this.#writeSingles(chunk);
      for (const w of chunk) {
        addWriteTrace(w, shared, null, chunk.length, this.#client);
        w.reject(e);
      }
      return;
    }
    const matched = matchEntries(
      chunk.map((w) => w.op),
      entries,
    );
    chunk.forEach((w, i) => {
      const entry = matched[i];
      const method = w.op.method;
      const path = this.#client.shownPath(w.op.id);
      if (!entry) {
        addWriteTrace(w, shared, null, chunk.length, this.#client);
        w.reject(
          new ScimRequestError(
            `${method} ${path}: the target's Bulk response has no entry for this operation; its outcome is unknown`,
            502,
            undefined,
            method,
            path,
          ),
        );
        return;
      }
      const status = statusOf(entry.status);
      addWriteTrace(w, shared, Number.isFinite(status) ? status : null, chunk.length, this.#client);
      if ((status >= 200 && status < 300) || (method === 'DELETE' && status === 404))
        w.resolve(w.answer(entry, status));
      else w.reject(httpError(method, path, Number.isFinite(status) ? status : 502, entry.response, ''));
    });
  }

  #writeSingles(chunk: WriteWait[]): Promise<void> {
    return settleEach(chunk, (w) => w.single());
  }
}

/** Settles each wait with its own request's outcome. */
async function settleEach<W extends { resolve: (v: never) => void; reject: (e: unknown) => void }>(
  waits: W[],
  send: (w: W) => Promise<Parameters<W['resolve']>[0]>,
): Promise<void> {
  await Promise.all(
    waits.map(async (w) => {
      try {
        w.resolve(await send(w));
      } catch (e) {
        w.reject(e);
      }
    }),
  );
}

/** Runs requests one after another. */
class OneAtATime {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#tail.then(fn, fn);
    this.#tail = p.catch(() => undefined);
    return p;
  }
}

/** Chunks of at most `max` searches; two values that differ only in case never share one (the target's case rule decides). */
function searchChunks(waits: SearchWait[], max: number): SearchWait[][] {
  const chunks: { waits: SearchWait[]; values: Map<string, string | number | boolean> }[] = [];
  for (const w of waits) {
    const key = keyOf(w.value);
    let c = chunks.find((c) => {
      const v = c.values.get(key);
      return v === undefined ? c.values.size < max : v === w.value;
    });
    if (!c) chunks.push((c = { waits: [], values: new Map() }));
    c.waits.push(w);
    c.values.set(key, w.value);
  }
  return chunks.map((c) => c.waits);
}

/** Chunks of writes within the Bulk limits (operations and an estimate of the bytes). */
function writeChunks(writes: WriteWait[], policy: BatchingPolicy): WriteWait[][] {
  const max = policy.bulk?.maxOperations ?? 1;
  const maxBytes = (policy.bulk?.maxPayloadBytes ?? Infinity) * 0.9; // room for the envelope
  const chunks: WriteWait[][] = [];
  let current: WriteWait[] = [];
  let bytes = 0;
  for (const w of writes) {
    const size = JSON.stringify(w.op.data ?? null).length + 120;
    if (current.length > 0 && (current.length >= max || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(w);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** The entry of each operation: in order when the response lists them all, else by bulkId (POST) or location. */
function matchEntries(ops: BulkOperation[], entries: BulkEntry[]): (BulkEntry | undefined)[] {
  const sameMethod = (e: BulkEntry, o: BulkOperation) => String(e.method ?? o.method).toUpperCase() === o.method;
  if (
    entries.length === ops.length &&
    entries.every(
      (e, i) =>
        sameMethod(e, ops[i]) && (ops[i].bulkId === undefined || e.bulkId === undefined || e.bulkId === ops[i].bulkId),
    )
  )
    return entries;
  return ops.map((o) =>
    entries.find((e) =>
      o.bulkId !== undefined
        ? e.bulkId === o.bulkId
        : sameMethod(e, o) && typeof e.location === 'string' && idOfLocation(e.location) === o.id,
    ),
  );
}

/** A request of the batch as this user's report shows it: its own part, and how many users it carried. */
function addTrace(
  trace: RequestTrace[] | undefined,
  shared: RequestTrace[],
  path: TargetPath,
  value: string | number | boolean,
  batch: number,
  client: ScimClient,
): void {
  const sent = shared[0];
  if (!trace || !sent) return;
  const own = `${client.shownPath()}?filter=${encodeURIComponent(equalityFilter(path, value))}`;
  trace.push({ method: 'GET', path: own, status: sent.status, durationMs: sent.durationMs, batch });
}

function addWriteTrace(
  w: WriteWait,
  shared: RequestTrace[],
  status: number | null,
  batch: number,
  client: ScimClient,
): void {
  const sent = shared[0];
  if (!w.trace) return;
  w.trace.push({
    method: w.op.method,
    path: client.shownPath(w.op.id),
    status,
    durationMs: sent?.durationMs ?? 0,
    batch,
  });
}

/** An entry's status: "201" as RFC 7644 writes it, 201, or SCIM 1.1's {"code": "201"}; NaN when none. */
function statusOf(v: unknown): number {
  const code = v !== null && typeof v === 'object' ? (v as { code?: unknown }).code : v;
  return typeof code === 'string' || typeof code === 'number' ? Number(code) : Number.NaN;
}

/** The values a resource holds at a path (a multi-valued attribute's each). */
function valuesAt(r: ScimResource, path: TargetPath): unknown[] {
  const v = readTargetValue(r, path);
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** How values are compared: case-insensitively, as SCIM compares strings unless caseExact (chunks keep that safe). */
function keyOf(v: unknown): string {
  return typeof v === 'string' ? `s${v.toLowerCase()}` : `${typeof v}${String(v)}`;
}

/** The id at the end of a resource's location URL. */
function idOfLocation(location: unknown): string | undefined {
  if (typeof location !== 'string') return undefined;
  const last = location.replace(/\/+$/, '').split('/').pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function isResource(v: unknown): v is ScimResource {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'id' in v;
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
}
