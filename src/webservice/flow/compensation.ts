// Compensation: a step may declare how to undo itself (`undo:` on a call or a sub-flow run). When a later step
// fails the flow, the undo lists of the steps that succeeded run newest first, then the original error goes on,
// so a create that was half done (the user made, the second call refused) leaves nothing behind.
import type { Logger } from 'pino';
import type { Scope } from '../flow-expr/evaluate.ts';
import type { ActivityList } from '../project/activity-schema.ts';
import { FlowError } from './flow-error.ts';

/** A step that succeeded and how to undo it, with the variables as they were right after it. */
export interface UndoStep {
  list: ActivityList;
  scope: Scope;
  /** What the step was (for the error message and the log). */
  what: string;
}

/**
 * Runs the undo steps newest first and returns the error to raise: the original, with what was undone added to
 * its message. An undo that fails is logged and named; the others still run.
 */
export async function compensate(
  failure: FlowError,
  steps: UndoStep[],
  run: (list: ActivityList, scope: Scope) => Promise<void>,
  logger: Logger,
): Promise<FlowError> {
  const failed: string[] = [];
  for (const step of [...steps].reverse()) {
    try {
      await run(step.list, step.scope);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      failed.push(`${step.what}: ${message}`);
      logger.warn({ flowUndo: step.what, error: message }, 'a flow step could not be undone');
    }
  }
  const n = steps.length;
  const note = failed.length
    ? `; undoing ${failed.length} of ${n} earlier step${n === 1 ? '' : 's'} failed (${failed.join('; ')})`
    : `; ${n} earlier step${n === 1 ? ' was' : 's were'} undone`;
  const out = new FlowError(
    `${failure.message}${note}`,
    failure.kind,
    failure.status,
    failure.retryAfter,
    failure.code,
  );
  out.compensated = failed.length === 0;
  return out;
}
