// Provisioning one user, step by step as Entra does: import, determine scope, match with the target (cached
// id, then each matching attribute in precedence order), perform the action (create, update, disable, delete
// or skip). The outcome is a report with each step's details and the modified properties, secrets redacted;
// the user's link state and escrow are updated in the state store.
import type { ExprValue } from '../expr/types.ts';
import { isEmptyValue, isFalsy, isTruthy, lookupAttribute } from './attribute-lookup.ts';
import type { LinkedUserRow } from './change-detection.ts';
import type { CompiledMapping } from './compiled-mapping.ts';
import { AmbiguousMatchError, classifyError } from './error-classification.ts';
import { nextEscrow } from './escrow.ts';
import type { ProvisioningJob } from './load-mapping-file.ts';
import { applicableMappings, evaluateMappings, type EvaluatedMapping } from './mapping-evaluation.ts';
import type { SourceConfig } from './mapping-file.ts';
import { scrubSecrets } from './redaction.ts';
import {
  REDACTED,
  STEP_TITLES,
  type DetailValue,
  type ModifiedProperty,
  type ProvisioningAction,
  type ProvisioningReport,
  type ProvisioningStatus,
  type ProvisioningStep,
  type StepName,
} from './report.ts';
import { createBody, isDisabled, updateOperations } from './scim-body.ts';
import { ScimRequestError, type PatchOperation, type RequestTrace, type ScimResource } from './scim-client.ts';
import type { ScopeOutcome } from './scoping.ts';
import type { SourceRecord } from './source.ts';
import type { StateStore, UserLinkState, UserRow } from './state-store.ts';
import type { TargetClient } from './target-client.ts';
import { equalityFilter } from './target-path.ts';

/** What the processor needs. */
export interface ProcessContext {
  job: ProvisioningJob;
  client: TargetClient;
  state: StateStore;
  now: () => Date;
  cycleId: number | null;
  /** The source's description, for the import step. */
  sourceDescription: string;
}

/** The outcome of processing one user. */
export interface ProcessOutcome {
  report: ProvisioningReport;
  /** True when the target could not be reached at all (the cycle may stop). */
  transportFailure: boolean;
}

/** What the source says about the user, once scoped. */
type Intent = 'provision' | 'disable' | 'outOfScope';

/** A target object found by matching: one with an id. */
type TargetObject = ScimResource & { id: string };

/** Processes a user present in the source. */
export async function processSourceUser(
  record: SourceRecord,
  hash: string,
  row: UserRow | undefined,
  ctx: ProcessContext,
): Promise<ProcessOutcome> {
  const run = new Run({ sourceId: record.id, row, hash, ctx });
  return run.finish(async () => {
    importStep(run, record);
    const intent = scopeStep(run, record.attributes);
    const linked = linkedRow(row);
    if (intent === 'outOfScope') {
      const skipped = await skipOutOfScope(run, linked);
      if (skipped) return skipped;
    }
    run.intend(intent === 'provision' ? (linked ? 'Update' : 'Create') : 'Disable');
    const target = await matchStep(run, record, intent);
    const action = run.begin('action');
    if (intent === 'provision')
      return target ? updateUser(run, action, record, target) : createUser(run, action, record);
    return disableUser(run, action, record, intent, target);
  });
}

/** Processes a user gone from the source: delete its target object. */
export async function processDeletedUser(row: LinkedUserRow, ctx: ProcessContext): Promise<ProcessOutcome> {
  const run = new Run({ sourceId: row.sourceId, row, hash: row.hash, ctx });
  return run.finish(async () => {
    const importStep = run.begin('import');
    run.end(
      importStep,
      'success',
      `${row.sourceId} is no longer in the source (${ctx.sourceDescription}): it was deleted.`,
      { source: ctx.sourceDescription, deletedInSource: true },
    );
    const scopeStep = run.begin('scope');
    run.end(scopeStep, 'skipped', 'Not evaluated: the user was deleted from the source.', {});
    const matchStep = run.begin('match');
    run.end(matchStep, 'success', `Linked to target object ${row.targetId} (cached id).`, { targetId: row.targetId });
    const actionStep = run.begin('action');
    if (!ctx.job.config.actions.delete) {
      await ctx.state.forgetUser(row.sourceId);
      run.end(
        actionStep,
        'skipped',
        'Delete is not an allowed target object action: the target object is left as it is.',
        {},
      );
      return run.done('Skip', 'skipped', 'Delete is not an allowed target object action');
    }
    run.attempt('Delete', []);
    const result = await ctx.client.delete(row.targetId, run.trace);
    await ctx.state.forgetUser(row.sourceId);
    run.end(
      actionStep,
      'success',
      result === 'deleted'
        ? 'Successfully deleted the user in the target system.'
        : 'The user was already gone from the target system.',
      { requests: run.takeTrace() },
    );
    return run.done('Delete', 'success');
  });
}

/** The row of a user provisioned in the target (linked to a target object and not left out of scope). */
function linkedRow(row: UserRow | undefined): LinkedUserRow | undefined {
  if (row === undefined || row.targetId === null || row.state === 'outOfScope') return undefined;
  return { ...row, targetId: row.targetId };
}

/** Step 1: the user as the source holds it. */
function importStep(run: Run, record: SourceRecord): void {
  const step = run.begin('import');
  const source = run.ctx.sourceDescription;
  run.end(step, 'success', `Retrieved ${record.id} from the source (${source}).`, {
    source,
    attributes: { ...record.attributes } as DetailValue,
  });
}

/** Step 2: whether the user is in scope, and soft-deleted or disabled in the source. */
function scopeStep(run: Run, attrs: Readonly<Record<string, ExprValue>>): Intent {
  const step = run.begin('scope');
  const { job } = run.ctx;
  const scope = job.scoping.explain(attrs);
  const source = job.config.source;
  const enabledAttr = source.accountEnabledAttribute;
  const softDeleted =
    isTruthy(lookupAttribute(attrs, source.softDeletedAttribute)) ||
    (enabledAttr !== undefined && isFalsy(lookupAttribute(attrs, enabledAttr)));
  const intent = intentOf(scope, softDeleted);
  run.end(step, intent === 'provision' ? 'success' : 'skipped', scopeDescription(intent, scope, source), {
    inScope: scope.inScope,
    softDeleted,
    scopingFilters: scope.filters as unknown as DetailValue,
  });
  return intent;
}

function intentOf(scope: ScopeOutcome, softDeleted: boolean): Intent {
  if (!scope.inScope) return 'outOfScope';
  return softDeleted ? 'disable' : 'provision';
}

function scopeDescription(intent: Intent, scope: ScopeOutcome, source: SourceConfig): string {
  if (intent === 'outOfScope') return 'The user is not in scope: no scoping filter is satisfied.';
  if (intent === 'disable') {
    const enabled = source.accountEnabledAttribute ? ` / ${source.accountEnabledAttribute}` : '';
    return `The user is soft-deleted or disabled in the source (${source.softDeletedAttribute}${enabled}): it is disabled in the target.`;
  }
  if (scope.filters.length === 0) return 'The user is in scope (no scoping filters: every user is in scope).';
  const passing = scope.filters.filter((f) => f.result).map((f) => `"${f.title}"`);
  return `The user is in scope (scoping filter${passing.length > 1 ? 's' : ''} ${passing.join(', ')} satisfied).`;
}

/**
 * An out-of-scope user that needs nothing: never provisioned, already disabled, or left alone because
 * skipOutOfScopeDeletions is set. Undefined when the user must be disabled.
 */
async function skipOutOfScope(run: Run, linked: LinkedUserRow | undefined): Promise<ProvisioningReport | undefined> {
  if (!linked)
    return run.skip({
      step: 'match',
      description: 'The user is out of scope and was never provisioned: nothing to match.',
      reason: 'NotEffectivelyEntitled: the user is out of scope',
      state: 'outOfScope',
      targetId: null,
    });
  if (linked.state === 'disabled')
    return run.skip({
      step: 'match',
      description: 'The user was already disabled in the target when it left scope.',
      reason: 'The user is out of scope and already disabled',
      state: 'disabled',
      targetId: linked.targetId,
    });
  if (run.ctx.job.config.skipOutOfScopeDeletions)
    return run.skip({
      step: 'match',
      description: 'skipOutOfScopeDeletions is set: users leaving scope are left as they are.',
      reason: 'SkipOutOfScopeDeletions',
      state: linked.state,
      targetId: linked.targetId,
    });
  return undefined;
}

/** Step 3: the target object of the user (out-of-scope users are matched by their cached id only). */
async function matchStep(run: Run, record: SourceRecord, intent: Intent): Promise<TargetObject | undefined> {
  const step = run.begin('match');
  const { target, attempts } = await run.match(record, intent !== 'outOfScope');
  run.end(step, 'success', matchDescription(target, attempts, intent), {
    attempts: attempts as unknown as DetailValue,
    matchedObject: target ? (withoutMeta(target) as DetailValue) : null,
    targetId: target?.id ?? null,
  });
  if (target) run.report.targetId = target.id;
  return target;
}

function matchDescription(target: TargetObject | undefined, attempts: readonly MatchAttempt[], intent: Intent): string {
  if (target) return `Matched target object ${target.id} (${attempts[attempts.length - 1].by}).`;
  if (intent === 'provision') return 'No matching object found in the target: the user will be created.';
  return 'No matching object found in the target.';
}

/** Step 4, no target object: create it. */
async function createUser(run: Run, step: OpenStep, record: SourceRecord): Promise<ProvisioningReport> {
  const { job, client } = run.ctx;
  if (!job.config.actions.create)
    return run.skipAction(step, 'Create is not an allowed target object action.', {
      state: 'outOfScope',
      targetId: null,
    });
  const evaluated = await run.evaluate(record.attributes, true);
  const { body, modified } = createBody(job.config.target.objectType, evaluated);
  run.attempt('Create', modified);
  const created = await client.create(body, run.trace);
  if (typeof created?.id !== 'string' || !created.id) throw new Error('the target created the user but returned no id');
  return run.succeed(step, {
    action: 'Create',
    description: `Successfully created the user in the target system (id ${created.id}).`,
    state: 'provisioned',
    targetId: created.id,
  });
}

/** Step 4, a target object: bring it in step with the "always" mappings (and enable it again). */
async function updateUser(
  run: Run,
  step: OpenStep,
  record: SourceRecord,
  target: TargetObject,
): Promise<ProvisioningReport> {
  if (!run.ctx.job.config.actions.update)
    return run.skipAction(step, 'Update is not an allowed target object action.', {
      state: 'provisioned',
      targetId: target.id,
    });
  const { operations, modified } = updateOperations(await run.evaluate(record.attributes, false), target);
  if (isDisabled(target) && !operations.some((o) => o.path.toLowerCase() === 'active')) {
    operations.push({ op: 'Replace', path: 'active', value: true });
    modified.push({ name: 'active', oldValue: false, newValue: true });
  }
  return run.patch(step, {
    action: 'Update',
    targetId: target.id,
    operations,
    modified,
    state: 'provisioned',
    description: 'Successfully updated the user in the target system.',
  });
}

/** Step 4, soft-deleted in the source or out of scope after having been provisioned: disable the target object. */
async function disableUser(
  run: Run,
  step: OpenStep,
  record: SourceRecord,
  intent: Intent,
  target: TargetObject | undefined,
): Promise<ProvisioningReport> {
  if (!target)
    return run.skipAction(step, 'The user has no object in the target: nothing to disable.', {
      state: 'outOfScope',
      targetId: null,
    });
  if (!run.ctx.job.config.actions.update)
    return run.skipAction(step, 'Update is not an allowed target object action (disabling is an update).', {
      state: run.row?.state ?? 'provisioned',
      targetId: target.id,
    });
  // A soft-deleted user still gets its "always" mappings; one out of scope only loses `active`.
  let operations: PatchOperation[] = [];
  let modified: ModifiedProperty[] = [];
  if (intent === 'disable')
    ({ operations, modified } = updateOperations(await run.evaluate(record.attributes, false), target));
  if (!isDisabled(target)) {
    operations = operations.filter((o) => o.path.toLowerCase() !== 'active');
    modified = modified.filter((m) => m.name.toLowerCase() !== 'active');
    operations.push({ op: 'Replace', path: 'active', value: false });
    modified.push({ name: 'active', oldValue: (target.active ?? true) as DetailValue, newValue: false });
  }
  return run.patch(step, {
    action: 'Disable',
    targetId: target.id,
    operations,
    modified,
    state: 'disabled',
    description: 'Successfully disabled the user in the target system.',
  });
}

/** A step begun and not yet ended, with its start time (the step's durationMs is set when it ends). */
interface OpenStep {
  readonly step: ProvisioningStep;
  readonly startedAt: number;
}

/** What the state store keeps of the user after processing: its link state and target object. */
interface LinkUpdate {
  state: UserLinkState;
  targetId: string | null;
}

/** An action that succeeded. */
interface Success {
  action: ProvisioningAction;
  description: string;
  state: UserLinkState;
  targetId: string;
  /** The PATCH operations sent, as `op path`. */
  operations?: string[];
}

/** A PATCH to send (or to skip when nothing differs). */
interface PatchPlan {
  action: 'Update' | 'Disable';
  targetId: string;
  operations: PatchOperation[];
  modified: ModifiedProperty[];
  state: UserLinkState;
  /** The action step's description when it succeeds. */
  description: string;
}

/** An early end: `step` and the action are skipped. */
interface EarlySkip extends LinkUpdate {
  step: StepName;
  description: string;
  /** The entry's reason. */
  reason: string;
}

/** How a Run starts. */
interface RunOptions {
  sourceId: string;
  row: UserRow | undefined;
  /** The hash of the source attributes, stored once the user is processed. */
  hash: string | null;
  ctx: ProcessContext;
}

/** One user's processing: the report being built, the steps, the secrets to scrub. */
class Run {
  readonly report: ProvisioningReport;
  readonly trace: RequestTrace[] = [];
  readonly secrets = new Set<string>();
  /** Source attributes that fed a secret value: hidden in the import step. */
  readonly secretInputs = new Set<string>();
  readonly row: UserRow | undefined;
  readonly ctx: ProcessContext;
  readonly #hash: string | null;
  #current: OpenStep | undefined;
  #attempted: ProvisioningAction = 'Skip';
  #traceMark = 0;
  readonly #started = performance.now();

  constructor(opts: RunOptions) {
    this.row = opts.row;
    this.ctx = opts.ctx;
    this.#hash = opts.hash;
    this.report = {
      cycleId: opts.ctx.cycleId,
      time: opts.ctx.now().toISOString(),
      sourceId: opts.sourceId,
      targetId: opts.row?.targetId ?? null,
      action: 'Skip',
      status: 'skipped',
      durationMs: 0,
      steps: [],
      modifiedProperties: [],
    };
  }

  begin(name: StepName): OpenStep {
    const step: ProvisioningStep = {
      step: name,
      title: STEP_TITLES[name],
      status: 'success',
      description: '',
      durationMs: 0,
      details: {},
    };
    this.report.steps.push(step);
    this.#current = { step, startedAt: performance.now() };
    return this.#current;
  }

  end(open: OpenStep, status: ProvisioningStatus, description: string, details: { [key: string]: DetailValue }): void {
    const s = open.step;
    s.status = status;
    s.description = description;
    s.details = { ...details };
    const requests = this.takeTrace();
    if (requests.length && !('requests' in s.details)) s.details.requests = requests;
    s.durationMs = round(performance.now() - open.startedAt);
    this.#current = undefined;
  }

  /** The requests since the last call, as details. */
  takeTrace(): string[] {
    const out = this.trace
      .slice(this.#traceMark)
      .map(
        (t) =>
          `${t.method} ${t.path} → ${t.status ?? 'no answer'} (${t.durationMs} ms${t.batch ? `, one request for ${t.batch} users` : ''})`,
      );
    this.#traceMark = this.trace.length;
    return out;
  }

  /** The action expected before matching tells (what a failed match reports). */
  intend(action: ProvisioningAction): void {
    this.#attempted = action;
  }

  /** Marks the action being tried (for the report if it fails) and the properties it would modify. */
  attempt(action: ProvisioningAction, modified: ModifiedProperty[]): void {
    this.#attempted = action;
    this.report.modifiedProperties = modified;
  }

  /** Finds the target object: by cached id, then each matching attribute in precedence order. */
  async match(
    record: SourceRecord,
    byAttributes: boolean,
  ): Promise<{ target: TargetObject | undefined; attempts: MatchAttempt[] }> {
    const attempts: MatchAttempt[] = [];
    const { client, job } = this.ctx;
    if (this.row?.targetId) {
      const found = await client.get(this.row.targetId, this.trace);
      attempts.push({ by: 'cached target id', targetId: this.row.targetId, found: found ? 1 : 0 });
      if (found) return { target: withId(found), attempts };
    }
    if (!byAttributes) return { target: undefined, attempts };
    for (const m of job.matching) {
      const [ev] = await this.evaluateList([m], record.attributes, false);
      const value = ev.result.kind === 'value' ? ev.result.value : null;
      if (isEmptyValue(value) || Array.isArray(value)) {
        attempts.push({
          by: `matching attribute ${m.target.text}`,
          attribute: m.target.text,
          precedence: m.matchingPrecedence,
          value: null,
          found: 0,
        });
        continue;
      }
      const filter = equalityFilter(m.target, value as string | number | boolean);
      const found = await client.findEqual(m.target, value as string | number | boolean, this.trace);
      const secret = ev.result.kind === 'value' && ev.result.secret;
      attempts.push({
        by: `matching attribute ${m.target.text}`,
        attribute: m.target.text,
        precedence: m.matchingPrecedence,
        value: secret ? REDACTED : (value as string),
        filter: secret ? REDACTED : filter,
        found: found.length,
      });
      if (found.length > 1)
        throw new AmbiguousMatchError(`${found.length} target objects have ${m.target.text} = "${String(value)}"`);
      if (found.length === 1) return { target: withId(found[0]), attempts };
    }
    return { target: undefined, attempts };
  }

  /** Evaluates the mappings that apply, remembering secret values. */
  evaluate(attributes: Readonly<Record<string, ExprValue>>, forCreate: boolean): Promise<EvaluatedMapping[]> {
    return this.evaluateList(applicableMappings(this.ctx.job.mappings, forCreate), attributes, forCreate);
  }

  async evaluateList(
    mappings: readonly CompiledMapping[],
    attributes: Readonly<Record<string, ExprValue>>,
    forCreate: boolean,
  ): Promise<EvaluatedMapping[]> {
    const { client } = this.ctx;
    const list = await evaluateMappings(mappings, attributes, {
      forCreate,
      now: this.ctx.now(),
      isTakenAt: (m) => async (value) => (await client.findEqual(m.target, value, this.trace)).length > 0,
    });
    for (const { mapping, result } of list) {
      if (result.kind !== 'value' || !result.secret) continue;
      collectSecrets(result.value, this.secrets);
      for (const a of mapping.sourceAttributes) this.secretInputs.add(a.toLowerCase());
    }
    return list;
  }

  /** Sends a PATCH (or skips when nothing differs) and records the outcome. */
  async patch(step: OpenStep, plan: PatchPlan): Promise<ProvisioningReport> {
    const { action, targetId, operations, modified, state, description } = plan;
    if (operations.length === 0) {
      await this.persist({ state, targetId });
      this.end(step, 'skipped', 'The target already holds every value: no change was sent.', {});
      return this.done('Skip', 'skipped', 'No change: the target object is up to date');
    }
    this.attempt(action, modified);
    await this.ctx.client.patch(targetId, operations, this.trace);
    return this.succeed(step, {
      action,
      description,
      state,
      targetId,
      operations: operations.map((o) => `${o.op} ${o.path}`),
    });
  }

  async succeed(step: OpenStep, success: Success): Promise<ProvisioningReport> {
    const { action, description, state, targetId, operations } = success;
    await this.persist({ state, targetId });
    this.report.targetId = targetId;
    this.end(step, 'success', description, { action, targetId, ...(operations ? { operations } : {}) });
    return this.done(action, 'success');
  }

  /** Ends processing early: `step` and the action are skipped. */
  async skip(early: EarlySkip): Promise<ProvisioningReport> {
    await this.persist(early);
    this.end(this.begin(early.step), 'skipped', early.description, {});
    this.end(this.begin('action'), 'skipped', 'No action.', {});
    return this.done('Skip', 'skipped', early.reason);
  }

  /** Skips the action step (the entry's reason is its description). */
  async skipAction(step: OpenStep, description: string, link: LinkUpdate): Promise<ProvisioningReport> {
    await this.persist(link);
    this.end(step, 'skipped', description, {});
    return this.done('Skip', 'skipped', description);
  }

  async persist(link: LinkUpdate): Promise<void> {
    const { sourceId } = this.report;
    await this.ctx.state.putUser(
      { sourceId, hash: this.#hash, targetId: link.targetId, state: link.state },
      this.ctx.now(),
    );
    await this.ctx.state.clearEscrow(sourceId);
  }

  done(action: ProvisioningAction, status: ProvisioningStatus, reason?: string): ProvisioningReport {
    this.report.action = action;
    this.report.status = status;
    if (reason) this.report.reason = reason;
    return this.report;
  }

  /** Runs the steps; a failure marks the running step, escrows the user, and the report is redacted either way. */
  async finish(body: () => Promise<ProvisioningReport>): Promise<ProcessOutcome> {
    let transportFailure = false;
    try {
      await body();
    } catch (e) {
      transportFailure = e instanceof ScimRequestError && e.transport;
      const error = classifyError(e);
      const open = this.#current ?? this.begin('action');
      this.end(open, 'failure', error.message, {});
      this.report.action = this.#attempted;
      this.report.status = 'failure';
      this.report.error = error;
      const { state, job, now } = this.ctx;
      await state.putEscrow(
        nextEscrow(
          this.report.sourceId,
          `${this.#attempted} (${open.step.step})`,
          scrubSecrets(error.message, this.secrets),
          await state.getEscrow(this.report.sourceId),
          job.config.escrow,
          now(),
        ),
      );
    }
    this.redactImport();
    this.report.durationMs = round(performance.now() - this.#started);
    const clean = scrubSecrets(this.report, this.secrets);
    return { report: clean, transportFailure };
  }

  /** Hides, in the import step, the source attributes that fed a secret value. */
  redactImport(): void {
    const attrs = this.report.steps.find((s) => s.step === 'import')?.details.attributes;
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs) || this.secretInputs.size === 0) return;
    for (const k of Object.keys(attrs))
      if (this.secretInputs.has(k.toLowerCase()) && attrs[k] !== null) attrs[k] = REDACTED;
  }
}

/** A matched resource as a target object; one without an id cannot be updated, so it is a failure. */
function withId(resource: ScimResource): TargetObject {
  const { id } = resource;
  if (typeof id !== 'string' || !id) throw new Error('the target returned a matching object with no id');
  return { ...resource, id };
}

/** One matching attempt, as shown in the match step. */
type MatchAttempt = {
  by: string;
  attribute?: string;
  precedence?: number;
  value?: string | null;
  filter?: string;
  targetId?: string;
  found: number;
};

function collectSecrets(v: ExprValue, into: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) collectSecrets(x, into);
  else if (v !== null && String(v).length > 0) into.add(String(v));
}

function withoutMeta(r: ScimResource): Record<string, unknown> {
  const { meta: _meta, schemas: _schemas, ...rest } = r;
  return rest;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
