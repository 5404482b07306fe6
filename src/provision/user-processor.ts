// Provisioning one user, step by step as Entra does: import, determine scope, match with the target (cached
// id, then each matching attribute in precedence order), perform the action (create, update, disable, delete
// or skip). The outcome is a report with each step's details and the modified properties, secrets redacted;
// the user's link state and escrow are updated in the state store.
import type { ExprValue } from '../expr/types.ts';
import { isEmptyValue, isFalsy, isTruthy, lookupAttribute } from './attribute-lookup.ts';
import type { CompiledMapping } from './compiled-mapping.ts';
import { AmbiguousMatchError, classifyError } from './error-classification.ts';
import { nextEscrow } from './escrow.ts';
import type { ProvisioningJob } from './load-mapping-file.ts';
import { applicableMappings, evaluateMappings, type EvaluatedMapping } from './mapping-evaluation.ts';
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
import {
  ScimRequestError,
  type PatchOperation,
  type RequestTrace,
  type ScimClient,
  type ScimResource,
} from './scim-client.ts';
import type { SourceRecord } from './source.ts';
import type { StateStore, UserLinkState, UserRow } from './state-store.ts';
import { equalityFilter } from './target-path.ts';

/** What the processor needs. */
export interface ProcessContext {
  job: ProvisioningJob;
  client: ScimClient;
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

/** Processes a user present in the source. */
export async function processSourceUser(
  record: SourceRecord,
  hash: string,
  row: UserRow | undefined,
  ctx: ProcessContext,
): Promise<ProcessOutcome> {
  const run = new Run(record.id, row, ctx);
  return run.finish(async () => {
    const { job } = ctx;
    const attrs = record.attributes;
    const importStep = run.begin('import');
    run.end(importStep, 'success', `Retrieved ${record.id} from the source (${ctx.sourceDescription}).`, {
      source: ctx.sourceDescription,
      attributes: { ...attrs } as DetailValue,
    });
    run.importStep = importStep;

    const scopeStep = run.begin('scope');
    const scope = job.scoping.explain(attrs);
    const softAttr = job.config.source.softDeletedAttribute;
    const enabledAttr = job.config.source.accountEnabledAttribute;
    const softDeleted =
      isTruthy(lookupAttribute(attrs, softAttr)) ||
      (enabledAttr !== undefined && isFalsy(lookupAttribute(attrs, enabledAttr)));
    const intent: Intent = !scope.inScope ? 'outOfScope' : softDeleted ? 'disable' : 'provision';
    const passing = scope.filters.filter((f) => f.result).map((f) => f.title);
    const scopeText =
      intent === 'outOfScope'
        ? 'The user is not in scope: no scoping filter is satisfied.'
        : intent === 'disable'
          ? `The user is soft-deleted or disabled in the source (${softAttr}${enabledAttr ? ` / ${enabledAttr}` : ''}): it is disabled in the target.`
          : scope.filters.length === 0
            ? 'The user is in scope (no scoping filters: every user is in scope).'
            : `The user is in scope (scoping filter${passing.length > 1 ? 's' : ''} ${passing.map((t) => `"${t}"`).join(', ')} satisfied).`;
    run.end(scopeStep, intent === 'provision' ? 'success' : 'skipped', scopeText, {
      inScope: scope.inScope,
      softDeleted,
      scopingFilters: scope.filters as unknown as DetailValue,
    });

    const linked = row !== undefined && row.targetId !== null && row.state !== 'outOfScope';
    if (intent === 'outOfScope') {
      if (!linked)
        return run.skip(
          'match',
          'The user is out of scope and was never provisioned: nothing to match.',
          'NotEffectivelyEntitled: the user is out of scope',
          hash,
          'outOfScope',
          null,
        );
      if (row!.state === 'disabled')
        return run.skip(
          'match',
          'The user was already disabled in the target when it left scope.',
          'The user is out of scope and already disabled',
          hash,
          'disabled',
          row!.targetId,
        );
      if (job.config.skipOutOfScopeDeletions)
        return run.skip(
          'match',
          'skipOutOfScopeDeletions is set: users leaving scope are left as they are.',
          'SkipOutOfScopeDeletions',
          hash,
          row!.state,
          row!.targetId,
        );
    }

    run.intend(intent === 'provision' ? (linked ? 'Update' : 'Create') : 'Disable');
    const matchStep = run.begin('match');
    const { target, attempts } = await run.match(record, intent !== 'outOfScope');
    run.end(
      matchStep,
      'success',
      target
        ? `Matched target object ${target.id} (${attempts[attempts.length - 1].by}).`
        : intent === 'provision'
          ? 'No matching object found in the target: the user will be created.'
          : 'No matching object found in the target.',
      {
        attempts: attempts as unknown as DetailValue,
        matchedObject: target ? (withoutMeta(target) as DetailValue) : null,
        targetId: target?.id ?? null,
      },
    );
    if (target?.id) run.report.targetId = target.id;

    const actionStep = run.begin('action');
    if (intent === 'provision') {
      if (!target) {
        if (!job.config.actions.create)
          return run.skipAction(actionStep, 'Create is not an allowed target object action.', hash, 'outOfScope', null);
        const evaluated = await run.evaluate(attrs, true);
        const { body, modified } = createBody(job.config.target.objectType, evaluated);
        run.attempt('Create', modified);
        const created = await ctx.client.create(body, run.trace);
        if (typeof created?.id !== 'string' || !created.id)
          throw new Error('the target created the user but returned no id');
        return run.succeed(
          actionStep,
          'Create',
          `Successfully created the user in the target system (id ${created.id}).`,
          created.id,
          hash,
          'provisioned',
        );
      }
      if (!job.config.actions.update)
        return run.skipAction(
          actionStep,
          'Update is not an allowed target object action.',
          hash,
          'provisioned',
          target.id!,
        );
      const evaluated = await run.evaluate(attrs, false);
      const { operations, modified } = updateOperations(evaluated, target);
      if (isDisabled(target) && !operations.some((o) => o.path.toLowerCase() === 'active')) {
        operations.push({ op: 'Replace', path: 'active', value: true });
        modified.push({ name: 'active', oldValue: false, newValue: true });
      }
      return run.patch(
        actionStep,
        'Update',
        target,
        operations,
        modified,
        hash,
        'provisioned',
        'Successfully updated the user in the target system.',
      );
    }
    // Disable: soft-deleted in the source, or out of scope after having been provisioned.
    if (!target)
      return run.skipAction(
        actionStep,
        'The user has no object in the target: nothing to disable.',
        hash,
        'outOfScope',
        null,
      );
    if (!job.config.actions.update)
      return run.skipAction(
        actionStep,
        'Update is not an allowed target object action (disabling is an update).',
        hash,
        row?.state ?? 'provisioned',
        target.id!,
      );
    let operations: PatchOperation[] = [];
    let modified: ModifiedProperty[] = [];
    if (intent === 'disable') ({ operations, modified } = updateOperations(await run.evaluate(attrs, false), target));
    if (!isDisabled(target)) {
      operations = operations.filter((o) => o.path.toLowerCase() !== 'active');
      modified = modified.filter((m) => m.name.toLowerCase() !== 'active');
      operations.push({ op: 'Replace', path: 'active', value: false });
      modified.push({ name: 'active', oldValue: (target.active ?? true) as DetailValue, newValue: false });
    }
    return run.patch(
      actionStep,
      'Disable',
      target,
      operations,
      modified,
      hash,
      'disabled',
      'Successfully disabled the user in the target system.',
    );
  });
}

/** Processes a user gone from the source: delete its target object. */
export async function processDeletedUser(row: UserRow, ctx: ProcessContext): Promise<ProcessOutcome> {
  const run = new Run(row.sourceId, row, ctx);
  run.report.targetId = row.targetId;
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
      ctx.state.deleteUser(row.sourceId);
      ctx.state.clearEscrow(row.sourceId);
      run.end(
        actionStep,
        'skipped',
        'Delete is not an allowed target object action: the target object is left as it is.',
        {},
      );
      return run.done('Skip', 'skipped', 'Delete is not an allowed target object action');
    }
    run.attempt('Delete', []);
    const result = await ctx.client.delete(row.targetId!, run.trace);
    ctx.state.deleteUser(row.sourceId);
    ctx.state.clearEscrow(row.sourceId);
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

/** One user's processing: the report being built, the steps, the secrets to scrub. */
class Run {
  readonly report: ProvisioningReport;
  readonly trace: RequestTrace[] = [];
  readonly secrets = new Set<string>();
  /** Source attributes that fed a secret value: hidden in the import step. */
  readonly secretInputs = new Set<string>();
  importStep: ProvisioningStep | undefined;
  #current: ProvisioningStep | undefined;
  #attempted: ProvisioningAction = 'Skip';
  #traceMark = 0;
  readonly #started = performance.now();

  constructor(
    sourceId: string,
    readonly row: UserRow | undefined,
    readonly ctx: ProcessContext,
  ) {
    this.report = {
      cycleId: ctx.cycleId,
      time: ctx.now().toISOString(),
      sourceId,
      targetId: row?.targetId ?? null,
      action: 'Skip',
      status: 'skipped',
      durationMs: 0,
      steps: [],
      modifiedProperties: [],
    };
  }

  begin(step: StepName): ProvisioningStep {
    const s: ProvisioningStep = {
      step,
      title: STEP_TITLES[step],
      status: 'success',
      description: '',
      durationMs: performance.now(),
      details: {},
    };
    this.report.steps.push(s);
    this.#current = s;
    return s;
  }

  end(
    s: ProvisioningStep,
    status: ProvisioningStatus,
    description: string,
    details: { [key: string]: DetailValue },
  ): void {
    s.status = status;
    s.description = description;
    s.details = { ...details };
    const requests = this.takeTrace();
    if (requests.length && !('requests' in s.details)) s.details.requests = requests;
    s.durationMs = round(performance.now() - s.durationMs);
    this.#current = undefined;
  }

  /** The requests since the last call, as details. */
  takeTrace(): string[] {
    const out = this.trace
      .slice(this.#traceMark)
      .map((t) => `${t.method} ${t.path} → ${t.status ?? 'no answer'} (${t.durationMs} ms)`);
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
  ): Promise<{ target: ScimResource | undefined; attempts: MatchAttempt[] }> {
    const attempts: MatchAttempt[] = [];
    const { client, job } = this.ctx;
    if (this.row?.targetId) {
      const found = await client.get(this.row.targetId, this.trace);
      attempts.push({ by: 'cached target id', targetId: this.row.targetId, found: found ? 1 : 0 });
      if (found) return { target: found, attempts };
    }
    if (!byAttributes) return { target: undefined, attempts };
    for (const m of job.matching) {
      const [ev] = await this.evaluateList([m], record.attributes, false);
      const value = ev.result.kind === 'value' ? ev.result.value : null;
      if (isEmptyValue(value) || Array.isArray(value)) {
        attempts.push({
          by: `matching attribute ${m.target.text}`,
          attribute: m.target.text,
          precedence: m.matchingPrecedence!,
          value: null,
          found: 0,
        });
        continue;
      }
      const filter = equalityFilter(m.target, value as string | number | boolean);
      const found = await client.search(filter, this.trace);
      const secret = ev.result.kind === 'value' && ev.result.secret;
      attempts.push({
        by: `matching attribute ${m.target.text}`,
        attribute: m.target.text,
        precedence: m.matchingPrecedence!,
        value: secret ? REDACTED : (value as string),
        filter: secret ? REDACTED : filter,
        found: found.length,
      });
      if (found.length > 1)
        throw new AmbiguousMatchError(`${found.length} target objects have ${m.target.text} = "${String(value)}"`);
      if (found.length === 1) return { target: found[0], attempts };
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
      isTakenAt: (m) => async (value) => (await client.search(equalityFilter(m.target, value), this.trace)).length > 0,
    });
    for (const { mapping, result } of list) {
      if (result.kind !== 'value' || !result.secret) continue;
      collectSecrets(result.value, this.secrets);
      for (const a of mapping.sourceAttributes) this.secretInputs.add(a.toLowerCase());
    }
    return list;
  }

  /** Sends a PATCH (or skips when nothing differs) and records the outcome. */
  async patch(
    step: ProvisioningStep,
    action: 'Update' | 'Disable',
    target: ScimResource,
    operations: PatchOperation[],
    modified: ModifiedProperty[],
    hash: string,
    state: UserLinkState,
    success: string,
  ): Promise<ProvisioningReport> {
    const id = target.id!;
    if (operations.length === 0) {
      this.persist(hash, state, id);
      this.end(step, 'skipped', 'The target already holds every value: no change was sent.', {});
      return this.done('Skip', 'skipped', 'No change: the target object is up to date');
    }
    this.attempt(action, modified);
    await this.ctx.client.patch(id, operations, this.trace);
    return this.succeed(
      step,
      action,
      success,
      id,
      hash,
      state,
      operations.map((o) => `${o.op} ${o.path}`),
    );
  }

  succeed(
    step: ProvisioningStep,
    action: ProvisioningAction,
    description: string,
    targetId: string,
    hash: string,
    state: UserLinkState,
    operations?: string[],
  ): ProvisioningReport {
    this.persist(hash, state, targetId);
    this.report.targetId = targetId;
    this.end(step, 'success', description, { action, targetId, ...(operations ? { operations } : {}) });
    return this.done(action, 'success');
  }

  /** Ends processing early: `step` and the action are skipped. */
  skip(
    step: StepName,
    description: string,
    reason: string,
    hash: string,
    state: UserLinkState,
    targetId: string | null,
  ): ProvisioningReport {
    this.persist(hash, state, targetId);
    const s = this.begin(step);
    this.end(s, 'skipped', description, {});
    const a = this.begin('action');
    this.end(a, 'skipped', 'No action.', {});
    return this.done('Skip', 'skipped', reason);
  }

  skipAction(
    step: ProvisioningStep,
    description: string,
    hash: string,
    state: UserLinkState,
    targetId: string | null,
  ): ProvisioningReport {
    this.persist(hash, state, targetId);
    this.end(step, 'skipped', description, {});
    return this.done('Skip', 'skipped', description);
  }

  persist(hash: string, state: UserLinkState, targetId: string | null): void {
    this.ctx.state.putUser({ sourceId: this.report.sourceId, hash, targetId, state }, this.ctx.now());
    this.ctx.state.clearEscrow(this.report.sourceId);
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
      const s = this.#current ?? this.begin('action');
      this.end(s, 'failure', error.message, {});
      this.report.action = this.#attempted;
      this.report.status = 'failure';
      this.report.error = error;
      const { state, job, now } = this.ctx;
      state.putEscrow(
        nextEscrow(
          this.report.sourceId,
          `${this.#attempted} (${s.step})`,
          scrubSecrets(error.message, this.secrets),
          state.getEscrow(this.report.sourceId),
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

  redactImport(): void {
    const attrs = this.importStep?.details.attributes;
    if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs) || this.secretInputs.size === 0) return;
    for (const k of Object.keys(attrs))
      if (this.secretInputs.has(k.toLowerCase()) && attrs[k] !== null) attrs[k] = REDACTED;
  }
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
