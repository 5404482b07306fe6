// One bulk request being run (RFC 7644 §3.7). Operations run one at a time in request order, except that an
// operation referring to a bulkId runs after the POST defining it: dependencies are run first, depth first.
//
// Circular references (RFC 7644 §3.7.1 asks the server to try to resolve them) are cut where they close: a POST
// that refers to an operation still waiting for it creates its resource without those references (see
// withoutReferences). As soon as the operations it referred to have run, a PUT of its whole data, now resolvable,
// adds them, guarded by the version it was created with. Its entry gets the final version, or the failure of that
// step (with the location, since the resource exists, but lacks those references).
import { FerryError, scimError } from '../../errors/catalogue.ts';
import { etagOf } from '../etag.ts';
import type { RequestContext, ResourceService } from '../resource-service.ts';
import type { ServiceLookup } from '../service-lookup.ts';
import type { BulkOperation, ValidOperation } from './bulk-operation.ts';
import { referenceOf, substituteReferences } from './bulk-references.ts';
import { failureResult, isFailure, successResult, type BulkResult } from './bulk-result.ts';
import { executeOperation, resourceUrl } from './execute-operation.ts';
import { withoutReferences } from './without-references.ts';

/** A POST created without its circular references, to be completed once their operations have run. */
interface FollowUp {
  op: ValidOperation;
  /** The bulkIds cut from its data. */
  waitingOn: Set<string>;
  svc: ResourceService;
  id: string;
  version?: string;
  location?: string;
}

/** The run of one bulk request's operations. */
export class BulkRun {
  /** bulkId → index of the POST defining it. */
  private readonly definers = new Map<string, number>();
  /** bulkId → id of the resource its POST created. */
  private readonly ids = new Map<string, string>();
  private readonly state = new Map<number, 'running' | 'done'>();
  private readonly results = new Map<number, BulkResult>();
  private readonly followUps: FollowUp[] = [];
  private failures = 0;

  constructor(
    private readonly ops: BulkOperation[],
    private readonly lookup: ServiceLookup,
    private readonly ctx: RequestContext,
    private readonly failOnErrors = Infinity,
  ) {
    for (const op of ops) {
      if (op.method !== 'POST' || op.bulkId === undefined) continue;
      const first = this.definers.get(op.bulkId);
      if (first === undefined) this.definers.set(op.bulkId, op.index);
      else
        ops[op.index] = {
          index: op.index,
          method: op.method,
          bulkId: op.bulkId,
          invalid: scimError.invalidSyntax(
            `bulkId "${op.bulkId}" is already used by Operations[${first}]; bulkIds must be unique.`,
          ),
        };
    }
  }

  /** Runs the operations; returns the entries of those that ran, in request order. */
  async all(): Promise<BulkResult[]> {
    for (const op of this.ops) await this.visit(op);
    // Left when the request stopped (failOnErrors) before the operations they referred to ran.
    for (const f of this.followUps.splice(0)) {
      this.record(
        f.op,
        failureResult(
          f.op,
          incomplete(f, new FerryError('bulk_reference', 'the request stopped (failOnErrors) before its POST ran.')),
          f.location,
        ),
      );
    }
    return [...this.results.keys()].sort((a, b) => a - b).map((i) => this.results.get(i)!);
  }

  private get stopped(): boolean {
    return this.failures >= this.failOnErrors;
  }

  private async visit(op: BulkOperation): Promise<void> {
    if (this.stopped || this.state.has(op.index)) return;
    this.state.set(op.index, 'running');
    // Only POSTs are visited as dependencies, so a reference to an operation still running closes a cycle of POSTs.
    const cut = new Set<string>();
    for (const ref of op.invalid ? [] : op.refs) {
      const d = this.definers.get(ref);
      if (d === undefined) continue;
      if (this.state.get(d) === 'running') cut.add(ref);
      else await this.visit(this.ops[d]);
      if (this.stopped) return;
    }
    this.record(op, await this.attempt(op, cut));
    this.state.set(op.index, 'done');
    await this.completeFollowUps();
  }

  private async attempt(op: BulkOperation, cut: Set<string>): Promise<BulkResult> {
    let location: string | undefined;
    try {
      if (op.invalid) throw op.invalid;
      for (const ref of op.refs) if (!cut.has(ref)) this.idOf(ref);
      const svc = this.lookup(op.target.endpoint);
      const ref = op.target.id === undefined ? undefined : referenceOf(op.target.id);
      const id = ref === undefined ? op.target.id : this.idOf(ref);
      if (id !== undefined) location = resourceUrl(svc, id, this.ctx);
      // Most operations refer to no bulkId: their data goes as it came, without a copy.
      const data =
        op.refs.size === 0
          ? op.data
          : substituteReferences(cut.size ? withoutReferences(op.data, cut) : op.data, this.ids);
      const done = await executeOperation({ method: op.method, svc, id, data }, this.opContext(op.version));
      const created = done.resource;
      if (op.method === 'POST' && op.bulkId !== undefined && created) {
        this.ids.set(op.bulkId, String(created.id));
        if (cut.size) {
          const where = (created.meta as { location?: string } | undefined)?.location;
          this.followUps.push({
            op,
            waitingOn: cut,
            svc,
            id: String(created.id),
            version: etagOf(created),
            location: where,
          });
        }
      }
      return successResult(op, done.status, location, created);
    } catch (e) {
      return this.failure(op, e, location);
    }
  }

  /** Completes the follow-ups whose referred operations have all run (even after failOnErrors: they are part of a POST that ran). */
  private async completeFollowUps(): Promise<void> {
    for (const f of [...this.followUps]) {
      if (![...f.waitingOn].every((ref) => this.state.get(this.definers.get(ref) ?? -1) === 'done')) continue;
      this.followUps.splice(this.followUps.indexOf(f), 1);
      this.record(f.op, await this.complete(f));
    }
  }

  private async complete(f: FollowUp): Promise<BulkResult> {
    try {
      for (const ref of f.waitingOn) this.idOf(ref);
      const data = substituteReferences(f.op.data, this.ids);
      const done = await executeOperation({ method: 'PUT', svc: f.svc, id: f.id, data }, this.opContext(f.version));
      return successResult(f.op, 201, f.location, done.resource);
    } catch (e) {
      this.ctx.reportUnexpected?.(e);
      return this.failure(f.op, incomplete(f, e), f.location);
    }
  }

  /** The id a bulkId stands for; 409 when no POST defines it or its POST failed. */
  private idOf(ref: string): string {
    const id = this.ids.get(ref);
    if (id !== undefined) return id;
    const d = this.definers.get(ref);
    throw new FerryError(
      'bulk_reference',
      d === undefined
        ? `bulkId "${ref}" is not defined by any POST of this bulk request.`
        : `bulkId "${ref}" has no resource: its POST (Operations[${d}]) failed.`,
    );
  }

  /** The context of one operation: the request's, with the operation's version as If-Match (and no timings, which would make Server-Timing grow with the batch). */
  private opContext(version: string | undefined): RequestContext {
    return {
      requestId: this.ctx.requestId,
      baseUrl: this.ctx.baseUrl,
      ...(version !== undefined ? { ifMatch: version } : {}),
    };
  }

  /** The entry of a failed operation; an unexpected error is logged (once) under the request id its entry names. */
  private failure(op: BulkOperation, e: unknown, location: string | undefined): BulkResult {
    this.ctx.reportUnexpected?.(e);
    return failureResult(op, e, location, this.ctx.requestId);
  }

  private record(op: BulkOperation, r: BulkResult): void {
    const before = this.results.get(op.index);
    this.results.set(op.index, r);
    if (isFailure(r) && !(before && isFailure(before))) this.failures++;
  }
}

/**
 * The error of a follow-up that failed: the resource exists, without its circular references. A server-side
 * failure of that step is reported as 409, never 5xx: a 5xx entry says the POST failed, and a client that
 * believes it would create the resource a second time.
 */
function incomplete(f: FollowUp, e: unknown): FerryError {
  const refs = [...f.waitingOn].map((b) => `"${b}"`).join(', ');
  const lead = `The resource was created (see location) without its circular reference to bulkId ${refs}, which could not be added`;
  if (e instanceof FerryError && e.status < 500) {
    e.message = `${lead}: ${e.message}`;
    return e;
  }
  const why = e instanceof FerryError ? e.message : 'an unexpected error';
  return new FerryError('bulk_reference', `${lead}: ${why}. Add it with a PATCH of the resource.`, { cause: e });
}
