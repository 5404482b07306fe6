// The provisioning engine: cycles (initial and incremental, as Entra runs them) and provision on demand, from a
// source of users to a SCIM endpoint, with change detection, the accidental-deletion threshold, escrow and the
// provisioning log, all kept in the job's state file.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type ErrorCode, FerryError } from '../errors/catalogue.ts';
import { isFalsy, isTruthy, lookupAttribute } from './attribute-lookup.ts';
import { detectChanges, recordHash } from './change-detection.ts';
import { createSource } from './create-source.ts';
import type { ProvisioningJob } from './load-mapping-file.ts';
import { STEP_TITLES, type ProvisioningAction, type ProvisioningReport } from './report.ts';
import { BatchingClient, discoverBatching } from './batching-client.ts';
import { ScimClient } from './scim-client.ts';
import type { SourceRecord, UserSource } from './source.ts';
import { SqliteStateStore } from './sqlite-state-store.ts';
import type { LogFilter, StateStore, UserRow } from './state-store.ts';
import type { TargetClient } from './target-client.ts';
import { processDeletedUser, processSourceUser, type ProcessContext, type ProcessOutcome } from './user-processor.ts';

/** How the engine is built; everything but the job has a default. */
export interface EngineOptions {
  /** The state folder (default: the job's). */
  stateDir?: string;
  /** An open state store (openStateStore; tests); the engine closes it only with `closeState`. */
  state?: StateStore;
  closeState?: boolean;
  source?: UserSource;
  client?: ScimClient;
  /** The clock (tests move it to make escrow retries due). */
  now?: () => Date;
  /** Days the provisioning log keeps entries (default 30). */
  logRetentionDays?: number;
}

/** Options of one cycle. */
export interface CycleOptions {
  /** Evaluate every user again, failed ones included (Entra's "restart provisioning"): an initial cycle. */
  full?: boolean;
  /** Go ahead even when the cycle would disable or delete more users than the threshold (Entra's "Allow deletes"). */
  allowDeletes?: boolean;
  /** Called as users are processed. */
  onProgress?: (done: number, total: number) => void;
}

/** How a cycle ended. */
export type CycleStatus = 'completed' | 'completedWithFailures' | 'quarantined' | 'stopped';

/** What a cycle did. */
export interface CycleSummary {
  cycleId: number;
  kind: 'initial' | 'incremental';
  status: CycleStatus;
  /** One sentence for people. */
  message: string;
  startedAt: string;
  durationMs: number;
  source: {
    description: string;
    users: number;
    processed: number;
    unchanged: number;
    waitingInEscrow: number;
    deletedInSource: number;
  };
  counts: {
    created: number;
    updated: number;
    disabled: number;
    deleted: number;
    skipped: number;
    failed: number;
    staged: number;
  };
  /** Disables and deletes the cycle wanted, against the accidental-deletion threshold. */
  deprovisions: { count: number; threshold: number | null };
  /** The first failures (at most 20). */
  failures: { sourceId: string; action: ProvisioningAction; code: ErrorCode; message: string }[];
  usersPerSecond: number;
}

/** Provisioning log entries of a cycle written in one write. */
const LOG_BATCH = 64;
/** How long a run holds its job without renewing (renewed every quarter of it). */
const RUN_HOLD_MS = 60_000;

/** After this many users in a row could not reach the target, the cycle stops (the rest waits for the next one). */
const UNREACHABLE_STOP = 3;

/** A provisioning job ready to run. */
export class ProvisioningEngine {
  readonly job: ProvisioningJob;
  readonly state: StateStore;
  readonly source: UserSource;
  readonly client: ScimClient;
  readonly #now: () => Date;
  readonly #ownsState: boolean;
  readonly #retentionDays: number;

  constructor(job: ProvisioningJob, opts: EngineOptions = {}) {
    this.job = job;
    this.#ownsState = !opts.state || opts.closeState === true;
    this.state = opts.state ?? SqliteStateStore.open(opts.stateDir ?? job.stateDir);
    this.source = opts.source ?? createSource(job.config.source);
    const t = job.config.target;
    this.client =
      opts.client ??
      new ScimClient({
        baseUrl: t.url,
        token: t.token,
        endpoint: t.endpoint ?? `/${t.objectType}s`,
        timeoutMs: t.timeoutSeconds * 1000,
        caFile: t.tls.ca,
        insecure: t.tls.insecure,
        maxSockets: t.concurrency * 2,
      });
    this.#now = opts.now ?? (() => new Date());
    this.#retentionDays = opts.logRetentionDays ?? 30;
  }

  /**
   * Runs one cycle: initial when asked, on the first run or after the mappings changed; else incremental. The cycle
   * holds the job's run (the state store's claim, renewed while it runs): a second run of the job, from this
   * machine or another one sharing the state, is refused with job_running instead of provisioning the same users
   * at the same time.
   */
  async runCycle(opts: CycleOptions = {}): Promise<CycleSummary> {
    const holder = `${hostname()} (pid ${process.pid}, run ${randomUUID().slice(0, 8)})`;
    const other = await this.state.claimRun(holder, this.#now(), RUN_HOLD_MS);
    if (other)
      throw new FerryError(
        'job_running',
        `Another run of this job is in progress: ${other.holder} holds it until ${other.expires} and renews that while it runs. Wait for it to end (a run that stopped without releasing the job loses it by then).`,
      );
    const renew = setInterval(() => {
      this.state.claimRun(holder, this.#now(), RUN_HOLD_MS).catch(() => undefined); // the next renewal tries again
    }, RUN_HOLD_MS / 4);
    renew.unref();
    try {
      return await this.#runCycle(opts);
    } finally {
      clearInterval(renew);
      await this.state.releaseRun(holder).catch(() => undefined); // its hold ends by itself within RUN_HOLD_MS
    }
  }

  async #runCycle(opts: CycleOptions): Promise<CycleSummary> {
    const startedAt = this.#now();
    const t0 = performance.now();
    await this.state.pruneLog(this.#retentionDays, startedAt);
    const records = await this.source.readAll();
    const initial = opts.full === true || (await this.state.getMeta('fingerprint')) !== this.job.fingerprint;
    const kind = initial ? 'initial' : 'incremental';
    const cycleId = await this.state.startCycle(kind, startedAt);
    const known = await this.state.allUsers();
    const changes = detectChanges(records, known, await this.state.allEscrow(), {
      full: initial,
      now: startedAt,
      ignoreBackoff: opts.full === true,
    });
    const summary: CycleSummary = {
      cycleId,
      kind,
      status: 'completed',
      message: '',
      startedAt: startedAt.toISOString(),
      durationMs: 0,
      source: {
        description: this.source.description,
        users: records.length,
        processed: 0,
        unchanged: changes.unchanged,
        waitingInEscrow: changes.waiting,
        deletedInSource: changes.gone.length,
      },
      counts: { created: 0, updated: 0, disabled: 0, deleted: 0, skipped: 0, failed: 0, staged: 0 },
      deprovisions: {
        count: 0,
        threshold: this.job.config.accidentalDeletions.enabled ? this.job.config.accidentalDeletions.threshold : null,
      },
      failures: [],
      usersPerSecond: 0,
    };
    const finish = async (status: CycleStatus, message: string): Promise<CycleSummary> => {
      summary.status = status;
      summary.message = message;
      summary.durationMs = Math.round(performance.now() - t0);
      summary.usersPerSecond =
        summary.durationMs > 0
          ? Math.round((summary.source.processed * 1000) / summary.durationMs)
          : summary.source.processed;
      await this.state.endCycle(cycleId, status, summary, this.#now());
      return summary;
    };

    // Accidental deletions prevention: count before acting; over the threshold nothing is done.
    const staged = this.#plannedDeprovisions(
      changes.work.map((w) => w.record),
      known,
      changes.gone,
    );
    summary.deprovisions.count = staged.length;
    const threshold = summary.deprovisions.threshold;
    if (threshold !== null && staged.length > threshold && !opts.allowDeletes) {
      await this.state.appendLog(staged.map((s) => this.#stagedEntry(cycleId, s.row, s.action)));
      summary.counts.staged = staged.length;
      return finish(
        'quarantined',
        `Stopped: this cycle would disable or delete ${staged.length} users, more than the accidental-deletion threshold (${threshold}). Nothing was changed; check the source, then run again with --allow-deletes to go ahead.`,
      );
    }

    for (const id of changes.forgotten) await this.state.forgetUser(id);
    const tasks: ((ctx: ProcessContext) => Promise<ProcessOutcome>)[] = [
      ...changes.work.map(
        (w) => (ctx: ProcessContext) => processSourceUser(w.record, w.hash, known.get(w.record.id), ctx),
      ),
      ...changes.gone.map((row) => (ctx: ProcessContext) => processDeletedUser(row, ctx)),
    ];
    // Each lane processes up to batchSize users side by side through its own BatchingClient, so that what they ask
    // together goes in one request; the lanes keep `concurrency` requests in flight, as one user per lane did.
    const target = this.job.config.target;
    const policy = await discoverBatching(this.client, tasks.length > 1 ? target.batchSize : 1);
    const lanes = Math.min(target.concurrency, Math.max(1, tasks.length));
    const perLane = policy.orFilters || policy.bulk ? Math.min(policy.maxBatch, Math.ceil(tasks.length / lanes)) : 1;
    const total = tasks.length;
    let done = 0;
    let unreachable = 0;
    let stopped = false;
    opts.onProgress?.(0, total);
    let next = 0;
    // Log entries are written LOG_BATCH at a time in one write: a commit per entry was the largest part of the
    // cycle's own CPU per user (bench:cycle). The users' states are written at once, as before.
    let pending: ProvisioningReport[] = [];
    const flushLog = async () => {
      const batch = pending;
      pending = [];
      if (batch.length) await this.state.appendLog(batch);
    };
    const run = async (task: (typeof tasks)[number], ctx: ProcessContext) => {
      const { report, transportFailure } = await task(ctx);
      pending.push(report);
      if (pending.length >= LOG_BATCH) await flushLog();
      this.#count(summary, report);
      unreachable = transportFailure ? unreachable + 1 : 0;
      if (unreachable >= UNREACHABLE_STOP) stopped = true;
      done++;
      opts.onProgress?.(done, total);
    };
    const lane = async () => {
      const ctx = this.#context(cycleId, perLane > 1 ? new BatchingClient(this.client, policy) : this.client);
      while (!stopped && next < tasks.length) {
        const mine = tasks.slice(next, next + perLane);
        next += mine.length;
        await Promise.all(mine.map((task) => run(task, ctx)));
      }
    };
    try {
      await Promise.all(Array.from({ length: lanes }, lane));
    } finally {
      await flushLog();
    }
    summary.source.processed = done;
    if (stopped) {
      return finish(
        'stopped',
        `Stopped after ${done} of ${total} users: the target could not be reached ${UNREACHABLE_STOP} times in a row (${summary.failures.at(-1)?.message ?? ''}). Failed users are retried on the next cycle.`,
      );
    }
    await this.state.setMeta('fingerprint', this.job.fingerprint);
    const c = summary.counts;
    const what = `${c.created} created, ${c.updated} updated, ${c.disabled} disabled, ${c.deleted} deleted, ${c.skipped} skipped, ${c.failed} failed`;
    return c.failed > 0
      ? finish(
          'completedWithFailures',
          `${kind === 'initial' ? 'Initial' : 'Incremental'} cycle done with failures: ${what}. Failed users are kept in escrow and retried on later cycles.`,
        )
      : finish('completed', `${kind === 'initial' ? 'Initial' : 'Incremental'} cycle done: ${what}.`);
  }

  /** Provisions one user now, whatever changed or waits in escrow (Entra's provision on demand). */
  async provisionOnDemand(sourceId: string): Promise<ProvisioningReport> {
    const records = await this.source.readAll();
    const record =
      records.find((r) => r.id === sourceId) ?? records.find((r) => r.id.toLowerCase() === sourceId.toLowerCase());
    if (!record) {
      const report = this.#notFoundEntry(sourceId);
      await this.state.appendLog([report]);
      return report;
    }
    const { report } = await processSourceUser(
      record,
      recordHash(record),
      await this.state.getUser(record.id),
      this.#context(null),
    );
    await this.state.appendLog([report]);
    return report;
  }

  /** Provisioning log entries, newest first. */
  log(filter: LogFilter = {}): Promise<ProvisioningReport[]> {
    return this.state.log(filter);
  }

  /** Closes connections and the state file (when the engine opened it). */
  async close(): Promise<void> {
    if (this.#ownsState) await this.state.close();
    await this.client.close();
  }

  #context(cycleId: number | null, client: TargetClient = this.client): ProcessContext {
    return {
      job: this.job,
      client,
      state: this.state,
      now: this.#now,
      cycleId,
      sourceDescription: this.source.description,
    };
  }

  /** The users this cycle would disable or delete, as far as the source and the state tell before any request. */
  #plannedDeprovisions(
    records: readonly SourceRecord[],
    known: ReadonlyMap<string, UserRow>,
    gone: readonly UserRow[],
  ): { row: UserRow; action: 'StagedDisable' | 'StagedDelete' }[] {
    const cfg = this.job.config;
    const out: { row: UserRow; action: 'StagedDisable' | 'StagedDelete' }[] = [];
    if (cfg.actions.update) {
      for (const r of records) {
        const row = known.get(r.id);
        if (!row || row.targetId === null || row.state !== 'provisioned') continue;
        const inScope = this.job.scoping.inScope(r.attributes);
        const soft =
          isTruthy(lookupAttribute(r.attributes, cfg.source.softDeletedAttribute)) ||
          (cfg.source.accountEnabledAttribute !== undefined &&
            isFalsy(lookupAttribute(r.attributes, cfg.source.accountEnabledAttribute)));
        if ((inScope && soft) || (!inScope && !cfg.skipOutOfScopeDeletions)) out.push({ row, action: 'StagedDisable' });
      }
    }
    if (cfg.actions.delete) for (const row of gone) out.push({ row, action: 'StagedDelete' });
    return out;
  }

  #stagedEntry(cycleId: number, row: UserRow, action: 'StagedDisable' | 'StagedDelete'): ProvisioningReport {
    const what = action === 'StagedDelete' ? 'delete' : 'disable';
    return {
      cycleId,
      time: this.#now().toISOString(),
      sourceId: row.sourceId,
      targetId: row.targetId,
      action,
      status: 'skipped',
      reason: 'Held back by the accidental-deletion threshold',
      durationMs: 0,
      steps: [
        {
          step: 'action',
          title: STEP_TITLES.action,
          status: 'skipped',
          description: `Would ${what} target object ${row.targetId}; held back because the cycle exceeds the accidental-deletion threshold.`,
          durationMs: 0,
          details: { targetId: row.targetId },
        },
      ],
      modifiedProperties: [],
    };
  }

  #notFoundEntry(sourceId: string): ProvisioningReport {
    return {
      cycleId: null,
      time: this.#now().toISOString(),
      sourceId,
      targetId: null,
      action: 'Skip',
      status: 'failure',
      durationMs: 0,
      steps: [
        {
          step: 'import',
          title: STEP_TITLES.import,
          status: 'failure',
          description: `No user with ${this.job.config.source.id} "${sourceId}" in the source (${this.source.description}).`,
          durationMs: 0,
          details: { source: this.source.description },
        },
      ],
      modifiedProperties: [],
      error: {
        code: 'source_user_not_found',
        message: `no user "${sourceId}" in the source`,
        recommendation: `Give the value of the source id attribute (${this.job.config.source.id}).`,
      },
    };
  }

  #count(summary: CycleSummary, r: ProvisioningReport): void {
    const c = summary.counts;
    if (r.status === 'failure') {
      c.failed++;
      if (summary.failures.length < 20)
        summary.failures.push({
          sourceId: r.sourceId,
          action: r.action,
          code: r.error?.code ?? 'internal',
          message: r.error?.message ?? '',
        });
      return;
    }
    if (r.status === 'skipped') c.skipped++;
    else if (r.action === 'Create') c.created++;
    else if (r.action === 'Update') c.updated++;
    else if (r.action === 'Disable') c.disabled++;
    else if (r.action === 'Delete') c.deleted++;
  }
}
