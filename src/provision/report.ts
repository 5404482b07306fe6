// What provisioning one user did, in Entra's terms: the steps (import, scope, match, action) with their details,
// the action taken and the modified properties. The same record is a provisioning log entry and the report of
// provision on demand.
import type { ErrorCode } from '../errors/catalogue.ts';

/** A JSON value in step details. */
export type DetailValue = string | number | boolean | null | DetailValue[] | { [key: string]: DetailValue };

/** The four steps Entra shows (test connection is only shown when it fails, and fails inside match/action here). */
export type StepName = 'import' | 'scope' | 'match' | 'action';

/** Titles of the steps, as Entra's provision-on-demand page names them. */
export const STEP_TITLES: Readonly<Record<StepName, string>> = {
  import: 'Import user',
  scope: 'Determine if user is in scope',
  match: 'Match user between source and target system',
  action: 'Perform action',
};

/** Outcome of a step or a whole entry. */
export type ProvisioningStatus = 'success' | 'failure' | 'skipped';

/** The action of an entry (Entra's provisioning log actions; Staged* when the deletion threshold held it back). */
export type ProvisioningAction = 'Create' | 'Update' | 'Disable' | 'Delete' | 'Skip' | 'StagedDisable' | 'StagedDelete';

/** One step of an entry. */
export interface ProvisioningStep {
  step: StepName;
  title: string;
  status: ProvisioningStatus;
  /** One sentence: what happened. */
  description: string;
  durationMs: number;
  details: { [key: string]: DetailValue };
}

/** A target attribute the action changed (or tried to); secret values are "[redacted]". */
export interface ModifiedProperty {
  name: string;
  oldValue: DetailValue;
  newValue: DetailValue;
}

/** Why an entry failed, with what to do about it. */
export interface ProvisioningError {
  /** A code of the one catalogue (src/errors/catalogue.ts). */
  code: ErrorCode;
  message: string;
  recommendation: string;
}

/** One provisioning log entry / provision-on-demand report. */
export interface ProvisioningReport {
  /** Log entry id once stored. */
  id?: number;
  cycleId: number | null;
  time: string;
  sourceId: string;
  targetId: string | null;
  action: ProvisioningAction;
  status: ProvisioningStatus;
  /** For skipped entries: why (e.g. "out of scope", "no change"). */
  reason?: string;
  durationMs: number;
  steps: ProvisioningStep[];
  modifiedProperties: ModifiedProperty[];
  error?: ProvisioningError;
}

/** The text that replaces every secret value. */
export const REDACTED = '[redacted]';
